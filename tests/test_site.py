"""Site-wide guards: migrations, one h1 per page, 404s, robots, settings from the environment."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import make_article, make_film

pytestmark = pytest.mark.django_db


def test_no_model_change_lacks_a_migration():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_every_public_page_has_exactly_one_h1(client):
    article = make_article(tags=["tagged"])
    urls = [
        reverse("filmsite:home"),
        reverse("filmsite:film_list"),
        article.film.get_absolute_url(),
        reverse("articles:article_list"),
        article.get_absolute_url(),
        reverse("articles:tag_detail", args=["tagged"]),
        "/no-such-page/",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url


@pytest.mark.parametrize("url", ["/films/nope/", "/articles/nope/", "/tags/nope/", "/articles/?page=99"])
def test_unknown_things_are_404(client, url):
    make_article()
    assert client.get(url).status_code == 404


def test_lists_paginate(client):
    film = make_film()
    for i in range(15):
        make_article(title=f"Piece {i:02d}", film=film)
    page1 = client.get(reverse("articles:article_list"))
    # Old numbered links lead to the cursor page holding the same articles (tests/test_lists.py).
    page2 = client.get(reverse("articles:article_list") + "?page=2", follow=True)
    assert page1.status_code == page2.status_code == 200
    assert len(page1.context["article_list"]) == 12
    assert len(page2.context["article_list"]) == 3
    assert 'rel="next"' in page1.content.decode()


def test_robots_and_health(client):
    assert b"Disallow: /admin/" in client.get("/robots.txt").content
    assert client.get("/health/").json()["database"] == "ok"


def test_database_url_may_point_at_postgres():
    import dj_database_url

    config = dj_database_url.parse("postgres://user@127.0.0.1:5432/films")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "films"


def test_static_stylesheet_is_served(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b".article" in b"".join(response.streaming_content)


def test_search_finds_published_articles_by_words_in_any_field(client):
    from tests.factories import make_section

    article = make_article("Her Ending Explained", film=make_film("Her"))
    make_section(article, body="Samantha leaves for a space beyond words.")
    make_article("Something else")
    for query in ["samantha", "HER ending", "beyond words"]:
        response = client.get(reverse("articles:search"), {"q": query})
        assert list(response.context["article_list"]) == [article], query
    assert list(client.get(reverse("articles:search"), {"q": "zebra"}).context["article_list"]) == []


def test_search_with_empty_or_huge_query_is_not_an_error(client):
    assert client.get(reverse("articles:search")).status_code == 200
    assert client.get(reverse("articles:search"), {"q": "x" * 5000}).status_code == 200
    response = client.get(reverse("articles:search"), {"q": "her\x00\x07"})
    assert response.status_code == 200
    assert response.context["query"] == "her"


def test_deploy_check_warns_when_page_cache_is_per_process(monkeypatch):
    from types import SimpleNamespace

    from filmsite import checks

    def configured(backend):
        caches = {"default": {"BACKEND": f"django.core.cache.backends.{backend}"}}
        return SimpleNamespace(CACHES=caches, PAGE_CACHE_SECONDS=300, FRAGMENT_CACHE_SECONDS=300)

    monkeypatch.setattr(checks, "settings", configured("locmem.LocMemCache"))
    assert [w.id for w in checks.shared_cache_for_page_cache(None)] == ["filmsite.W001"]
    monkeypatch.setattr(checks, "settings", configured("redis.RedisCache"))
    assert checks.shared_cache_for_page_cache(None) == []


def test_deploy_check_refuses_the_development_secret_key(monkeypatch):
    from types import SimpleNamespace

    from filmsite import checks
    from filmsite.settings import DEV_SECRET_KEY

    monkeypatch.setattr(checks, "settings", SimpleNamespace(SECRET_KEY=DEV_SECRET_KEY))
    assert [e.id for e in checks.real_secret_key(None)] == ["filmsite.E001"]
    monkeypatch.setattr(checks, "settings", SimpleNamespace(SECRET_KEY="a-real-key-" * 5))
    assert checks.real_secret_key(None) == []
