"""Drafts and scheduled articles are invisible on every public surface; editors can preview."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_draft, make_film, make_scheduled

pytestmark = pytest.mark.django_db

PUBLIC_LISTS = [
    reverse("filmsite:home"),
    reverse("articles:article_list"),
]


@pytest.fixture
def twins():
    film = make_film("Her", slug="her")
    published = make_article("Published twin", film=film, tags=["shared"], slug="published-twin")
    draft = make_draft(title="Draft twin", film=film, tags=["shared", "draftonly"], slug="draft-twin")
    scheduled = make_scheduled(title="Scheduled twin", film=film, tags=["shared"], slug="scheduled-twin")
    return published, draft, scheduled


def test_draft_and_scheduled_absent_from_every_public_surface(client, twins):
    published, draft, scheduled = twins
    surfaces = [
        *PUBLIC_LISTS,
        published.film.get_absolute_url(),
        reverse("articles:tag_detail", args=["shared"]),
        published.get_absolute_url(),  # its related list
        reverse("filmsite:film_list"),
    ]
    for url in surfaces:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Draft twin" not in html, url
        assert "Scheduled twin" not in html, url
        assert draft.get_absolute_url() not in html, url
        assert scheduled.get_absolute_url() not in html, url
    assert "Published twin" in client.get(reverse("articles:article_list")).content.decode()


def test_draft_and_scheduled_absent_from_feed_sitemap_and_search(client, twins):
    published, draft, scheduled = twins
    index = client.get("/sitemap.xml").content.decode()
    sitemap_pages = re.findall(r"<loc>https?://[^/]+([^<]+)</loc>", index)
    for url in ["/feed/", *sitemap_pages, "/search/?q=twin"]:
        if "films" in url:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert published.get_absolute_url() in body, url
        assert draft.get_absolute_url() not in body, url
        assert scheduled.get_absolute_url() not in body, url


def test_reader_gets_404_for_draft_and_scheduled_articles(client, twins):
    _, draft, scheduled = twins
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_tag_used_only_by_drafts_is_a_404(client, twins):
    assert client.get(reverse("articles:tag_detail", args=["draftonly"])).status_code == 404


def test_film_list_counts_only_published_explainers(client, twins):
    html = client.get(reverse("filmsite:film_list")).content.decode()
    assert "1 explainer<" in html


def test_editor_can_preview_a_draft_and_it_is_never_cached(editor_client, twins):
    _, draft, _ = twins
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this article is not published" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_unpublishing_removes_a_cached_page_at_once(client, twins):
    published, _, _ = twins
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(published.get_absolute_url())["X-Page-Cache"] == "hit"
    published.status = published.Status.DRAFT
    published.save()
    assert client.get(published.get_absolute_url()).status_code == 404
    assert "Published twin" not in client.get(reverse("articles:article_list")).content.decode()


def test_pages_rendered_for_one_request_are_private(client, twins):
    published, _, _ = twins
    response = client.get(published.get_absolute_url() + "?voted=some-poll")
    assert "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_the_cache_is_invalidated_again_when_the_change_commits(
    client, twins, django_capture_on_commit_callbacks
):
    """A reader served between the save and the commit must not pin the old page in the cache."""
    published, _, _ = twins
    url = published.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        published.title = "Renamed"
        published.save()
        # Another reader's request lands here, before the commit (it would still see old rows).
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"
    assert callbacks, "a second invalidation waits for the commit"
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_made_up_query_parameters_are_never_cached(client, twins):
    published, _, _ = twins
    for url in [published.get_absolute_url() + "?page=2", reverse("articles:article_list") + "?page=x"]:
        response = client.get(url)
        assert "X-Page-Cache" not in response, url
    assert client.get(reverse("articles:article_list") + "?page=1")["X-Page-Cache"] == "miss"


def test_a_scheduled_article_goes_live_on_time_on_cached_pages(client, monkeypatch):
    """No save happens when a scheduled time passes; the cached pages must still change then."""
    make_article(title="Already out")
    soon = make_article(title="Coming soon", published_at=timezone.now() + timedelta(minutes=1))
    url = reverse("articles:article_list")
    assert "Coming soon" not in client.get(url).content.decode()
    cached = client.get(url)
    assert cached["X-Page-Cache"] == "hit" and "Coming soon" not in cached.content.decode()

    later = timezone.now() + timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Coming soon" in client.get(url).content.decode()
    assert client.get(soon.get_absolute_url()).status_code == 200


def test_browsers_and_cdns_ask_again_unless_a_max_age_is_set(client, settings, twins):
    """Nothing outside this server hears of an unpublish, so by default nothing outside keeps pages."""
    published, _, _ = twins
    url = published.get_absolute_url()
    miss, hit = client.get(url), client.get(url)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert miss["Cache-Control"] == hit["Cache-Control"] == "public, max-age=0, must-revalidate"

    settings.PAGE_MAX_AGE = 60  # behind a CDN, if a minute's lag after an edit is acceptable
    assert client.get(url)["Cache-Control"] == "public, max-age=60"
