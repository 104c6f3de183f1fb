"""HTTP caching of public pages: validators and 304s, the same headers on hits and misses, and
lifetimes for a front cache that is purged on every change (s-maxage, stale-while-revalidate)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article

pytestmark = pytest.mark.django_db

PER_RESPONSE = {"X-Page-Cache", "Date"}


@pytest.fixture
def article():
    return make_article(title="Validators")


def test_public_pages_carry_validators_and_answer_304(client, article):
    url = article.get_absolute_url()
    miss = client.get(url)
    etag, modified = miss["ETag"], miss["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")

    for headers in [{"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": modified}]:
        response = client.get(url, **headers)
        assert response.status_code == 304, headers
        assert response.content == b""
        assert response["ETag"] == etag
        assert response["X-Page-Cache"] == "hit"
        assert "Cookie" in response["Vary"]
        assert response["Surrogate-Key"] == miss["Surrogate-Key"]

    # A change gives a new version: the old validator now gets the whole page.
    article.title = "Validators, revised"
    article.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert "Validators, revised" in response.content.decode()


def test_validators_and_304_without_the_page_cache(client, settings, article):
    settings.PAGE_CACHE_SECONDS = 0
    first = client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.parametrize(
    "name", ["home", "article_list", "film_list", "article_detail", "film_detail", "tag", "feed", "sitemap"]
)
def test_cache_hits_send_the_same_headers_as_misses(client, article, name):
    article.tags.add("same")
    url = {
        "home": reverse("filmsite:home"),
        "article_list": reverse("articles:article_list"),
        "film_list": reverse("filmsite:film_list"),
        "article_detail": article.get_absolute_url(),
        "film_detail": article.film.get_absolute_url(),
        "tag": reverse("articles:tag_detail", args=["same"]),
        "feed": reverse("articles:feed"),
        "sitemap": reverse("sitemap"),
    }[name]
    miss, hit = client.get(url), client.get(url)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert "Cookie" in miss["Vary"]
    same = {key: value for key, value in miss.items() if key not in PER_RESPONSE}
    assert {key: value for key, value in hit.items() if key not in PER_RESPONSE} == same


def test_a_purged_front_cache_may_keep_pages_and_serve_them_stale_while_revalidating(
    client, settings, article
):
    settings.FRONT_CACHE_SECONDS = 86400
    settings.FRONT_CACHE_STALE_SECONDS = 30
    url = article.get_absolute_url()
    for response in (client.get(url), client.get(url)):
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=86400, stale-while-revalidate=30"


def test_no_lifetime_runs_past_the_next_scheduled_change(client, settings, article, monkeypatch):
    """Nothing purges when a scheduled article goes live: copies must expire by then themselves."""
    settings.FRONT_CACHE_SECONDS = 86400
    settings.PAGE_MAX_AGE = 3600
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    make_article(published_at=now + timedelta(seconds=600))
    for response in (client.get(article.get_absolute_url()), client.get(article.get_absolute_url())):
        directives = dict(part.strip().partition("=")[::2] for part in response["Cache-Control"].split(","))
        assert 0 < int(directives["s-maxage"]) <= 600
        assert 0 < int(directives["max-age"]) <= 600
        assert "stale-while-revalidate" not in directives


def test_browsers_ask_again_by_default(client, article):
    response = client.get(article.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
