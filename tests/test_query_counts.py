"""Public pages use a fixed number of SQL queries, whatever the size of the content."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    make_article,
    make_cast,
    make_crew,
    make_faq,
    make_film,
    make_person,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url, settings):
    settings.PAGE_CACHE_SECONDS = 0  # measure the real, uncached page...
    settings.FRAGMENT_CACHE_SECONDS = 0  # ...with nothing reused from earlier requests
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def build_article(sections, tags, faqs, related):
    director = make_person()
    film = make_film(directors=[director])
    tag_names = [f"tag-{i}" for i in range(tags)]
    article = make_article(film=film, tags=tag_names, sections=sections)
    for position in range(1, faqs + 1):
        make_faq(article, position=position)
    for i in range(related):
        make_article(tags=tag_names[: 1 + i % max(tags, 1)])
    return article


def test_article_page_queries_do_not_grow_with_sections_tags_or_related(client, settings):
    small = build_article(sections=3, tags=2, faqs=1, related=5)
    large = build_article(sections=40, tags=30, faqs=12, related=500)
    small_count = count_queries(client, small.get_absolute_url(), settings)
    large_count = count_queries(client, large.get_absolute_url(), settings)
    assert small_count == large_count
    assert large_count <= 10


def test_film_page_queries_do_not_grow_with_cast_crew_or_articles(client, settings):
    def film_with(n):
        film = make_film(directors=[make_person() for _ in range(2)])
        for i in range(n):
            make_cast(film, position=i)
            make_crew(film, position=i)
            make_article(film=film, sections=1)
        return film

    assert count_queries(client, film_with(2).get_absolute_url(), settings) == count_queries(
        client, film_with(25).get_absolute_url(), settings
    )


@pytest.mark.parametrize("name", ["filmsite:home", "articles:article_list", "filmsite:film_list"])
def test_list_pages_queries_do_not_grow_with_rows(client, settings, name):
    for _ in range(3):
        make_article(film=make_film(directors=[make_person()]))
    few = count_queries(client, reverse(name), settings)
    for _ in range(20):
        make_article(film=make_film(directors=[make_person()]))
    assert count_queries(client, reverse(name), settings) == few


def test_cached_article_page_needs_no_sql(client):
    article = build_article(sections=3, tags=2, faqs=1, related=2)
    first = client.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(article.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(ctx.captured_queries) == 0


def test_warm_article_content_costs_one_query_and_unpublishing_still_hides_it(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = build_article(sections=5, tags=3, faqs=2, related=3)
    first = client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(article.get_absolute_url())
    assert len(ctx.captured_queries) == 1, "only the visibility check runs"
    assert second.content == first.content

    # Even a change that bypasses signals (so no cache invalidation) is seen at once.
    type(article).objects.filter(pk=article.pk).update(status=article.Status.DRAFT)
    assert client.get(article.get_absolute_url()).status_code == 404


# -- the editor ----------------------------------------------------------------------------------


def editor_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def article_with_history(client, sections, saves):
    from articles import workflow
    from articles.revisions import snapshot

    article = build_article(sections=sections, tags=3, faqs=3, related=0)
    for i in range(saves):
        document = snapshot(article)
        document["intro"] = f"Version {i}"
        workflow.save_draft(article, document=document, user=None)
    client.get(f"/admin/articles/article/{article.pk}/change/")  # records the first version
    return article


def test_change_form_queries_do_not_grow_with_sections_or_revisions(editor_client):
    small = article_with_history(editor_client, sections=2, saves=1)
    large = article_with_history(editor_client, sections=30, saves=60)
    url = "/admin/articles/article/{}/change/"
    assert editor_queries(editor_client, url.format(small.pk)) == editor_queries(
        editor_client, url.format(large.pk)
    )


def test_history_page_queries_do_not_grow_with_revisions(editor_client):
    small = article_with_history(editor_client, sections=2, saves=1)
    large = article_with_history(editor_client, sections=30, saves=60)
    url = "/admin/articles/article/{}/history/"
    assert editor_queries(editor_client, url.format(small.pk)) == editor_queries(
        editor_client, url.format(large.pk)
    )


def deep_page(client, url):
    """The URL of the oldest page of a list (an old ?page=last link leads there)."""
    response = client.get(f"{url}?page=last")
    return response["Location"] if response.status_code == 302 else url


@pytest.mark.parametrize(
    "list_url",
    [
        lambda film: reverse("articles:article_list"),
        lambda film: reverse("articles:tag_detail", args=["common"]),
        lambda film: reverse("filmsite:film_list"),
        lambda film: reverse("filmsite:film_articles", args=[film.slug]),
        lambda film: reverse("filmsite:film_compared", args=[film.slug]),
    ],
    ids=["articles", "tag", "films", "film explainers", "film compared in"],
)
def test_every_page_of_a_list_costs_the_same_queries_however_long_the_list(client, settings, list_url):
    film = make_film(directors=[make_person()])

    def add(n):
        for _ in range(n):
            article = make_article(film=film, tags=["common"])
            article.related_films.add(film)
            make_film()

    add(30)
    url = list_url(film)
    short = [count_queries(client, url, settings), count_queries(client, deep_page(client, url), settings)]
    add(60)
    long = [count_queries(client, url, settings), count_queries(client, deep_page(client, url), settings)]
    assert short == long


def test_busiest_film_page_queries_do_not_grow_with_its_explainers(client, settings):
    film = make_film(directors=[make_person()])
    for _ in range(5):
        make_article(film=film).related_films.add(film)
    few = count_queries(client, film.get_absolute_url(), settings)
    for _ in range(40):
        make_article(film=film).related_films.add(film)
    assert count_queries(client, film.get_absolute_url(), settings) == few


def test_sitemap_index_and_pages_queries_do_not_grow_with_content(client, settings):
    settings.SITEMAP_CACHE_SECONDS = 0

    def pages():
        index = client.get(reverse("sitemap")).content.decode()
        return [url.split(settings.SITE_URL, 1)[1] for url in re.findall(r"<loc>([^<]+)</loc>", index)]

    make_article()
    few = [count_queries(client, url, settings) for url in [reverse("sitemap"), *pages()]]
    for _ in range(40):
        make_article(film=make_film())
    assert [count_queries(client, url, settings) for url in [reverse("sitemap"), *pages()]] == few


def test_search_page_queries_do_not_grow_with_matches_sections_or_tags(client, settings):
    def add_matches(n):
        for _ in range(n):
            film = make_film(directors=[make_person()])
            make_cast(film)
            make_article(title="Lighthouse explained", film=film, tags=["sea", "light"], sections=3)

    settings.SEARCH_RATE_LIMIT = 0
    add_matches(2)
    url = reverse("articles:search") + "?q=lighthouse"
    few = count_queries(client, url, settings)
    add_matches(30)
    assert count_queries(client, url, settings) == few
    assert count_queries(client, url + "&page=2", settings) == few
    # The ranked page and its articles; on PostgreSQL also the search's settings and the
    # planner's estimate of the matches, and inside a test's transaction a savepoint around
    # them and the settings put back.
    assert few <= 7
