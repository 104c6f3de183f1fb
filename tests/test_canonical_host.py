"""One configured address (SITE_URL) builds every absolute URL and keys the cache, never the Host.

Variants of an allowed host (a port, upper case, a trailing dot, a zero-padded port) pass
ALLOWED_HOSTS, which compares host names only: they must get the very same cached page, make no
new cache entry, and never see their port or scheme printed in it. Unknown hosts get a 400.
"""

import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import make_article, make_faq, png_upload

pytestmark = pytest.mark.django_db

SITE = "https://films.example"
VARIANTS = ["films.example", "FILMS.EXAMPLE", "films.example.", "films.example:8081", "films.example:0443"]


@pytest.fixture
def site(settings):
    # The local-memory cache, whose entries can be counted (the suite may run on Redis).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["films.example", "testserver"]


def page_entries():
    return {key for key in cache._cache if ":page:" in key}


def test_host_variants_share_one_cache_entry_and_never_reach_the_page(client, site):
    article = make_article(title="Canonical", hero_image=png_upload(), hero_image_alt="A still")
    make_faq(article)
    url = article.get_absolute_url()
    first = client.get(url, HTTP_HOST=VARIANTS[0])
    assert first["X-Page-Cache"] == "miss"
    entries = page_entries()
    for host in VARIANTS[1:]:
        response = client.get(url, HTTP_HOST=host)
        assert response["X-Page-Cache"] == "hit", host
        assert response.content == first.content, host
    assert page_entries() == entries

    html = first.content.decode()
    assert f'<link rel="canonical" href="{SITE}{url}">' in html
    assert f'<meta property="og:image" content="{SITE}/media/articles/' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data[0]["mainEntityOfPage"] == SITE + url
    assert data[0]["image"].startswith(SITE + "/media/")
    for attacker in ["8081", "0443", "FILMS.EXAMPLE", "example.:", "http://films"]:
        assert attacker not in html, attacker


def test_https_and_http_readers_get_the_same_canonical_page(client, site):
    """The fragment cache and the page cache never mix schemes: pages print SITE_URL's."""
    article = make_article()
    url = article.get_absolute_url()
    plain = client.get(url, HTTP_HOST="films.example")
    secure = client.get(url, HTTP_HOST="films.example", secure=True)
    assert secure["X-Page-Cache"] == "hit"
    assert f'"mainEntityOfPage": "{SITE}{url}"' in plain.content.decode()
    assert plain.content == secure.content


def test_feed_sitemap_and_robots_use_the_site_url(client, site):
    article = make_article()
    for path in [reverse("articles:feed"), reverse("sitemap"), reverse("filmsite:robots_txt")]:
        body = client.get(path, HTTP_HOST="films.example:8081").content.decode()
        assert SITE in body, path
        assert "8081" not in body and "http://films" not in body, path
    assert (
        f"{SITE}{article.get_absolute_url()}"
        in client.get(reverse("sitemap_page", kwargs={"section": "articles", "page": 1})).content.decode()
    )


def test_unknown_hosts_are_refused(client, site):
    article = make_article()
    for host in ["evil.example", "films.example.evil.example", "films.example@evil.example"]:
        assert client.get(article.get_absolute_url(), HTTP_HOST=host).status_code == 400, host
    assert page_entries() == set()


def test_deploy_check_asks_for_a_site_url(settings):
    from filmsite import checks

    settings.SITE_URL = "http://127.0.0.1:8000"
    assert [w.id for w in checks.site_url_configured(None)] == ["filmsite.W002"]
    settings.SITE_URL = SITE
    assert checks.site_url_configured(None) == []
