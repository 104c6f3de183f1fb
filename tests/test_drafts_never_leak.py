"""Readers only ever see live content: no draft, scheduled article or draft of a live article
leaks onto any public surface (pages, lists, film pages' "compared in", poll pages, related
lists, feed, sitemap, search, the page cache).

Drafts here have a *past* publication time, so a rule that looked at the time and forgot the
status would show them; scheduled articles have the right status and a future time; the draft
of a live article exists only as a revision. Each carries words found nowhere else.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from tests.admin_helpers import change_url, form_data
from tests.factories import make_article, make_draft, make_film, make_person, make_section
from tests.poll_factories import make_poll

pytestmark = pytest.mark.django_db

SECRET_WORDS = ["Xylophonic", "Quibbleworth", "Zanzibarish"]


@pytest.fixture
def world(editor_client):
    director = make_person("Spike Jonze")
    film = make_film("Her", slug="her", directors=[director])
    compared = make_film("Lost in Translation", slug="lost-in-translation")
    poll = make_poll(question="How does it end?", slug="how-does-it-end")
    live = make_article(
        "Her ending explained", film=film, slug="her-ending", tags=["romance"], standfirst="Why she leaves."
    )
    make_section(live, position=1, heading="The ending", body="The live reading.", poll=poll)
    live.related_films.add(compared)

    # A draft with a past publication time, comparing the same film and placing the same poll.
    past_draft = make_draft(
        title=f"{SECRET_WORDS[0]} draft",
        film=film,
        tags=["romance"],
        published_at=timezone.now() - timedelta(days=3),
    )
    make_section(past_draft, position=1, heading="Draft section", body=f"{SECRET_WORDS[0]} body.", poll=poll)
    past_draft.related_films.add(compared)

    # A scheduled article (published status, future time), also comparing and placing the poll.
    scheduled = make_article(
        f"{SECRET_WORDS[1]} scheduled",
        film=film,
        tags=["romance"],
        published_at=timezone.now() + timedelta(days=2),
    )
    make_section(
        scheduled, position=1, heading="Scheduled section", body=f"{SECRET_WORDS[1]} body.", poll=poll
    )
    scheduled.related_films.add(compared)

    # A draft of the live article: new words, a new title, a new tag, only in a revision.
    data = form_data(editor_client.get(change_url(live)))
    data["title"] = f"{SECRET_WORDS[2]} rewrite"
    data["intro"] = f"{SECRET_WORDS[2]} intro."
    data["tags"] = "romance, zanzibarish-tag"
    assert editor_client.post(change_url(live), data).status_code == 302
    live.refresh_from_db()
    assert live.has_unpublished_changes
    return {"live": live, "film": film, "compared": compared, "poll": poll, "drafts": [past_draft, scheduled]}


def public_urls(world):
    live, film, compared, poll = world["live"], world["film"], world["compared"], world["poll"]
    return [
        reverse("filmsite:home"),
        reverse("articles:article_list"),
        reverse("filmsite:film_list"),
        film.get_absolute_url(),
        compared.get_absolute_url(),  # its "compared in" list
        poll.get_absolute_url(),  # the poll page's list of articles
        reverse("articles:tag_detail", args=["romance"]),
        live.get_absolute_url(),  # its related list
        reverse("articles:feed"),
        reverse("sitemap"),
        reverse("sitemap_page", kwargs={"section": "articles", "page": 1}),
        reverse("sitemap_news"),
        # Words of the drafts, not the secret ones: the search page repeats its query.
        *(reverse("articles:search") + f"?q={word}" for word in ("draft", "scheduled", "rewrite", "body")),
    ]


def test_no_draft_of_any_kind_appears_on_any_public_surface(reader, world):
    for round_ in ("miss", "hit"):  # the second round is served from the page cache
        for url in public_urls(world):
            response = reader.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            for word in SECRET_WORDS:
                assert word not in body, (round_, url, word)
            for draft in world["drafts"]:
                assert draft.get_absolute_url() not in body, (round_, url)


def test_the_live_article_is_there_with_its_live_words(reader, world):
    live = world["live"]
    page = reader.get(live.get_absolute_url()).content.decode()
    assert "Her ending explained" in page and "The live reading." in page
    assert live.get_absolute_url() in reader.get(world["compared"].get_absolute_url()).content.decode()
    assert live.get_absolute_url() in reader.get(world["poll"].get_absolute_url()).content.decode()


def test_drafts_and_scheduled_articles_are_404_for_readers(reader, world):
    for draft in world["drafts"]:
        assert reader.get(draft.get_absolute_url()).status_code == 404
    assert reader.get(reverse("articles:tag_detail", args=["zanzibarish-tag"])).status_code == 404


def test_publishing_the_draft_reaches_every_surface_and_unpublishing_removes_it(reader, world):
    live = world["live"]
    for url in public_urls(world):
        reader.get(url)  # fill the page cache
    workflow.publish(live, user=None)
    assert SECRET_WORDS[2] in reader.get(live.get_absolute_url()).content.decode()
    assert SECRET_WORDS[2] in reader.get(reverse("articles:article_list")).content.decode()
    workflow.unpublish(live, user=None)
    for url in public_urls(world):
        response = reader.get(url)
        assert live.get_absolute_url() not in response.content.decode(), url
