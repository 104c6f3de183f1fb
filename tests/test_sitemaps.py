"""Sitemaps by the protocol: an index, pages of at most PAGE_SIZE URLs, news, published only."""

import re
from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import sitemaps
from articles.models import Article
from tests.factories import make_article, make_draft, make_film, make_scheduled

pytestmark = pytest.mark.django_db


def locations(xml):
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def index_pages(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert "<sitemapindex" in response.content.decode()
    return [path_of(url) for url in locations(response.content.decode())]


def every_listed_url(client):
    """Every URL of every sitemap page the index lists, with the page it is on (news aside)."""
    listed = {}
    for page in index_pages(client):
        if page == reverse("sitemap_news"):
            continue
        response = client.get(page)
        assert response.status_code == 200, page
        for url in locations(response.content.decode()):
            assert path_of(url) not in listed, "a URL is listed once"
            listed[path_of(url)] = page
    return listed


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 3)


def test_robots_txt_points_at_the_sitemap_index(client, settings):
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_only_published_articles_are_listed_never_drafts_or_scheduled(client):
    film = make_film()
    published = make_article(film=film)
    past_draft = make_draft(film=film, published_at=timezone.now() - timedelta(days=3))
    never_published = make_draft(film=film)
    scheduled = make_scheduled(film=film)
    listed = every_listed_url(client)
    assert published.get_absolute_url() in listed
    assert film.get_absolute_url() in listed
    for hidden in (past_draft, never_published, scheduled):
        assert hidden.get_absolute_url() not in listed


def test_sections_are_paginated_and_every_article_is_on_exactly_one_page(client, small_pages):
    articles = [make_article() for _ in range(8)]
    make_draft()
    listed = every_listed_url(client)
    article_pages = {page for url, page in listed.items() if url.startswith("/articles/")}
    assert len(article_pages) >= 3
    for article in articles:
        assert article.get_absolute_url() in listed
    for page in article_pages:
        assert len(locations(client.get(page).content.decode())) <= 3


def test_out_of_range_and_malformed_pages_are_404(client, small_pages):
    make_article()
    pages = [page for page in index_pages(client) if "articles" in page]
    last = int(re.search(r"-(\d+)\.xml$", pages[-1]).group(1))
    for url in [
        f"/sitemap-articles-{last + 1}.xml",
        f"/sitemap-articles-{last + 1000}.xml",
        "/sitemap-articles-0.xml",
        "/sitemap-articles-01.xml",
        "/sitemap-tags-1.xml",
        "/sitemap-articles-x.xml",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(pages[0]).status_code == 405


def test_lastmod_is_the_later_of_edit_and_publication(client):
    edited = make_article()
    Article.objects.filter(pk=edited.pk).update(
        published_at=timezone.now() - timedelta(days=10), updated_at=timezone.now() - timedelta(days=2)
    )
    scheduled_then_live = make_article()  # saved before its publication time came
    Article.objects.filter(pk=scheduled_then_live.pk).update(
        updated_at=timezone.now() - timedelta(days=5), published_at=timezone.now() - timedelta(days=1)
    )
    xml = "".join(client.get(page).content.decode() for page in index_pages(client) if "articles" in page)
    for obj, moment in [
        (edited, Article.objects.get(pk=edited.pk).updated_at),
        (scheduled_then_live, Article.objects.get(pk=scheduled_then_live.pk).published_at),
    ]:
        stamp = moment.astimezone(UTC).isoformat(timespec="seconds")
        assert f"{obj.get_absolute_url()}</loc><lastmod>{stamp}</lastmod>" in xml


def article_page_of(client, article):
    return every_listed_url(client)[article.get_absolute_url()]


def test_pages_are_cached_and_rebuilt_only_when_what_they_list_changes(client, small_pages, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the sitemap's own cache, behind the page cache
    articles = [make_article() for _ in range(7)]
    first, last = articles[0], articles[-1]
    page_one = article_page_of(client, first)
    page_last = article_page_of(client, last)
    assert page_one != page_last
    assert client.get(page_one)["X-Sitemap-Cache"] == "hit"  # every_listed_url built them
    assert client.get(page_last)["X-Sitemap-Cache"] == "hit"

    # An edit on the last page rebuilds that page, not the first one.
    last.slug = "renamed-for-the-sitemap"
    last.save()
    response = client.get(page_last)
    assert response["X-Sitemap-Cache"] == "miss"
    assert "/articles/renamed-for-the-sitemap/" in response.content.decode()
    assert client.get(page_one)["X-Sitemap-Cache"] == "hit"

    # Unpublishing and deleting take the article off at once.
    first.status = Article.Status.DRAFT
    first.save()
    assert first.get_absolute_url() not in client.get(page_one).content.decode()
    Article.objects.filter(pk=articles[1].pk).delete()  # a bulk delete sends no save signal
    assert articles[1].get_absolute_url() not in client.get(page_one).content.decode()


def test_a_scheduled_article_appears_when_its_time_comes(client, monkeypatch):
    make_article()
    soon = make_article(published_at=timezone.now() + timedelta(minutes=5))
    assert soon.get_absolute_url() not in every_listed_url(client)
    later = timezone.now() + timedelta(minutes=10)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert soon.get_absolute_url() in every_listed_url(client)


def test_pages_name_the_site_url_whatever_the_host(client, settings):
    make_article()
    page = index_pages(client)[0]
    assert f"{settings.SITE_URL}/" in client.get(page).content.decode()
    other = client.get(page, HTTP_HOST="localhost")
    assert f"{settings.SITE_URL}/" in other.content.decode()
    assert "http://localhost/" not in other.content.decode()


def test_news_sitemap_lists_articles_of_the_last_48_hours(client):
    fresh = make_article("Fresh & new", published_at=timezone.now() - timedelta(hours=3))
    old = make_article("Old", published_at=timezone.now() - timedelta(hours=49))
    draft = make_draft(title="Draft news", published_at=timezone.now() - timedelta(hours=1))
    scheduled = make_scheduled(title="Tomorrow's news")
    assert "/sitemap-news.xml" in index_pages(client)
    response = client.get(reverse("sitemap_news"))
    xml = response.content.decode()
    assert response.status_code == 200
    assert 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' in xml
    assert fresh.get_absolute_url() in xml
    assert "<news:title>Fresh &amp; new</news:title>" in xml
    assert "<news:name>filmsite</news:name><news:language>en</news:language>" in xml
    stamp = fresh.published_at.astimezone(UTC).isoformat(timespec="seconds")
    assert f"<news:publication_date>{stamp}</news:publication_date>" in xml
    for hidden in (old, draft, scheduled):
        assert hidden.get_absolute_url() not in xml


def test_no_news_sitemap_without_recent_articles(client):
    make_article(published_at=timezone.now() - timedelta(days=5))
    assert "/sitemap-news.xml" not in index_pages(client)
    assert client.get(reverse("sitemap_news")).status_code == 404


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_sitemap_queries_do_not_grow_with_content(client, settings):
    settings.SITEMAP_CACHE_SECONDS = 0
    make_article()
    few = [count_queries(client, url) for url in index_pages(client)]
    index_few = count_queries(client, reverse("sitemap"))
    for _ in range(30):
        make_article(film=make_film())
    assert [count_queries(client, url) for url in index_pages(client)] == few
    assert count_queries(client, reverse("sitemap")) == index_few <= 5


def test_a_cached_page_costs_one_query(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the sitemap's own cache: one query checks the fingerprint
    make_article()
    page = index_pages(client)[0]
    client.get(page)
    assert count_queries(client, page) == 1


def test_pages_holding_only_unpublished_articles_at_the_ends_are_not_listed(client, small_pages):
    for _ in range(4):
        make_article()
    for _ in range(7):  # the newest ids: at least two whole pages of drafts and scheduled articles
        make_draft()
        make_scheduled()
    for page in index_pages(client):
        assert client.get(page).status_code == 200, page
