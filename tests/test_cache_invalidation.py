"""Invalidation by what changed: a change refreshes the pages that show it, and only those.

Every page is warmed first (a miss, then a hit), then one thing changes, then each page says
whether it was rendered again (``X-Page-Cache: miss``) or served from the cache (``hit``).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from filmsite import dependencies
from tests.factories import make_article, make_cast, make_film, make_person, make_section
from tests.poll_factories import make_poll

pytestmark = pytest.mark.django_db

HOME = reverse("filmsite:home")
ARTICLES = reverse("articles:article_list")
FILMS = reverse("filmsite:film_list")
FEED = reverse("articles:feed")
SITEMAP = reverse("sitemap_page", kwargs={"section": "articles", "page": 1})  # the page listing the articles


def tag_url(slug):
    return reverse("articles:tag_detail", args=[slug])


def warm(client, urls):
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get(url)["X-Page-Cache"] == "hit", url


def states(client, urls):
    return {url: client.get(url)["X-Page-Cache"] for url in urls}


@pytest.fixture
def catalogue():
    """Three films: a person directs one and acts in another; the third has nothing to do with them."""
    person = make_person("Spike Jonze")
    directed = make_film("Her", directors=[person])
    acted_in = make_film("Being John Malkovich", directors=[make_person("Other Director")])
    make_cast(acted_in, person=person, character_name="Derek")
    unrelated = make_film("Arrival", directors=[make_person("Denis Villeneuve")])
    return {
        "person": person,
        "directed": directed,
        "acted_in": acted_in,
        "unrelated": unrelated,
        "about_directed": make_article("Her explained", film=directed, tags=["love"]),
        "about_acted_in": make_article("Malkovich explained", film=acted_in, tags=["puppets"]),
        "about_unrelated": make_article("Arrival explained", film=unrelated, tags=["language"]),
    }


def test_saving_a_person_refreshes_exactly_the_pages_that_show_them(client, catalogue):
    c = catalogue
    showing = [
        c["directed"].get_absolute_url(),  # directs it
        c["acted_in"].get_absolute_url(),  # in its cast
        c["about_directed"].get_absolute_url(),  # the kicker names the film's director
        FILMS,  # the catalogue lists directors
    ]
    not_showing = [
        c["unrelated"].get_absolute_url(),
        c["about_acted_in"].get_absolute_url(),  # names its director, not its cast
        c["about_unrelated"].get_absolute_url(),
        HOME,
        ARTICLES,
        tag_url("love"),
        tag_url("language"),
        FEED,
        SITEMAP,
    ]
    warm(client, showing + not_showing)

    c["person"].name = "Spike Jonze (renamed)"
    c["person"].save()

    assert states(client, showing) == dict.fromkeys(showing, "miss")
    assert states(client, not_showing) == dict.fromkeys(not_showing, "hit")
    for url in showing:
        assert "Spike Jonze (renamed)" in client.get(url).content.decode(), url


def test_editing_an_article_leaves_pages_that_do_not_show_it_cached(client, catalogue):
    c = catalogue
    article = c["about_directed"]
    showing = [article.get_absolute_url(), HOME, ARTICLES, tag_url("love"), c["directed"].get_absolute_url()]
    not_showing = [c["about_unrelated"].get_absolute_url(), c["unrelated"].get_absolute_url(), FILMS]
    warm(client, showing + not_showing)

    section = make_section(article, heading="A new section")

    assert states(client, not_showing) == dict.fromkeys(not_showing, "hit")
    assert states(client, showing) == dict.fromkeys(showing, "miss")
    assert "A new section" in client.get(article.get_absolute_url()).content.decode()
    section.delete()
    assert "A new section" not in client.get(article.get_absolute_url()).content.decode()


@pytest.fixture
def neighbourhood():
    """An article and the pages that show it: its film, its tag, a neighbour that ranks it."""
    film = make_film("Her", slug="her")
    neighbour = make_article("Neighbour", film=make_film("Lost in Translation"), tags=["loneliness"])
    article = make_article("The twist", film=film, tags=["loneliness"], slug="the-twist")
    urls = [
        HOME,
        ARTICLES,
        FEED,
        SITEMAP,
        tag_url("loneliness"),
        film.get_absolute_url(),
        neighbour.get_absolute_url(),  # "You might also like" ranks the article by the shared tag
    ]
    return article, urls


def test_unpublishing_disappears_from_every_page_at_once(client, neighbourhood):
    article, urls = neighbourhood
    warm(client, [article.get_absolute_url(), *urls])
    for url in urls:
        assert article.get_absolute_url() in client.get(url).content.decode(), url

    article.status = Article.Status.DRAFT
    article.save()

    assert client.get(article.get_absolute_url()).status_code == 404
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert article.get_absolute_url() not in response.content.decode(), url


def test_publishing_appears_on_every_page_at_once(client, neighbourhood):
    article, urls = neighbourhood
    article.status = Article.Status.DRAFT
    article.save()
    warm(client, urls)

    article.status = Article.Status.PUBLISHED
    article.save()

    for url in urls:
        assert article.get_absolute_url() in client.get(url).content.decode(), url


def test_a_scheduled_article_goes_live_on_time_on_every_page(client, neighbourhood, monkeypatch):
    article, urls = neighbourhood
    article.published_at = timezone.now() + timedelta(minutes=5)
    article.save()
    warm(client, urls)
    for url in urls:
        assert article.get_absolute_url() not in client.get(url).content.decode(), url

    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert client.get(article.get_absolute_url()).status_code == 200
    for url in urls:
        assert article.get_absolute_url() in client.get(url).content.decode(), url


def test_a_draft_poll_published_later_appears_on_the_cached_article(client):
    poll = make_poll(status="draft", question="Was it a dream?")
    article = make_article()
    make_section(article, poll=poll)
    warm(client, [article.get_absolute_url()])
    assert "Was it a dream?" not in client.get(article.get_absolute_url()).content.decode()

    poll.status = "published"
    poll.save()

    assert "Was it a dream?" in client.get(article.get_absolute_url()).content.decode()


def test_every_public_response_names_its_keys_on_misses_and_hits(client, settings, catalogue):
    c = catalogue
    article = c["about_directed"]
    miss = client.get(article.get_absolute_url())
    hit = client.get(article.get_absolute_url())
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    keys = set(miss["Surrogate-Key"].split())
    tag = article.tags.get()
    assert {
        f"article-{article.pk}",
        f"film-{c['directed'].pk}",
        f"person-{c['person'].pk}",
        f"tag-{tag.pk}",
        "all",
    } <= keys
    assert hit["Surrogate-Key"] == miss["Surrogate-Key"]
    assert "articles" in client.get(ARTICLES)["Surrogate-Key"].split()
    assert set(client.get(SITEMAP)["Surrogate-Key"].split()) == {"all", "articles", "films", "sitemap"}

    settings.PAGE_CACHE_SECONDS = 0  # the header does not depend on the page cache
    assert client.get(article.get_absolute_url())["Surrogate-Key"] == miss["Surrogate-Key"]


def test_a_page_with_many_rows_of_a_kind_names_the_kind(client, monkeypatch):
    monkeypatch.setattr(dependencies, "MAX_KEYS_PER_KIND", 2)
    film = make_film()
    articles = [make_article(film=film) for _ in range(3)]
    keys = client.get(film.get_absolute_url())["Surrogate-Key"].split()
    assert "article-any" in keys and f"article-{articles[0].pk}" not in keys
    assert client.get(film.get_absolute_url())["X-Page-Cache"] == "hit"

    articles[0].title = "Retitled"
    articles[0].save()
    assert "Retitled" in client.get(film.get_absolute_url()).content.decode()


def test_votes_are_not_content_edits(client):
    poll = make_poll(slug="still-cached")
    article = make_article()
    make_section(article, poll=poll)
    warm(client, [article.get_absolute_url()])
    response = client.post(
        reverse("polls:vote", args=[poll.slug]),
        {"choice": poll.choices.first().pk},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 303
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_change_keys_name_the_lists_only_when_an_article_enters_or_leaves_them():
    article = make_article(tags=["x"])
    before = dependencies.snapshot(article)
    article.title = "New title"
    keys = dependencies.changed_keys(article, before=before)
    assert f"article-{article.pk}" in keys and "articles" not in keys
    article.status = Article.Status.DRAFT
    keys = dependencies.changed_keys(article, before=before)
    assert {"articles", f"film-{article.film_id}", f"tag-{article.tags.get().pk}"} <= keys


def test_a_content_model_nobody_mapped_refreshes_the_pages_of_what_it_points_at(caplog):
    """A model added later (say, an editors' note on an article) is never left stale, and says so."""
    from articles.models import Section

    article = make_article()
    row = Section(article=article, heading="stands in for an unmapped model")
    keys = dependencies._unmapped_keys(row)
    assert keys == {f"article-{article.pk}"}
    assert "No dependency keys are declared for articles.section" in caplog.text
