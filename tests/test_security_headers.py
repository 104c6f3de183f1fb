"""Security headers on every kind of response, through the real URLs: pages, admin, feed,
sitemap, JSON, votes, static files, favicon, media, errors."""

import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from filmsite.security import policy_header
from tests.factories import make_article
from tests.poll_factories import choices, make_poll, post_vote, results_url

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@pytest.fixture
def responses(editor_client, settings):
    client = Client()  # anonymous (editor_client is pytest-django's client, logged in)
    settings.SERVE_MEDIA = True
    (settings.MEDIA_ROOT / "posters").mkdir(parents=True)
    (settings.MEDIA_ROOT / "posters" / "p.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    article = make_article(tags=["love"])
    poll = make_poll()
    return {
        "home": client.get("/"),
        "article": client.get(article.get_absolute_url()),
        "film": client.get(article.film.get_absolute_url()),
        "tag": client.get(reverse("articles:tag_detail", args=["love"])),
        "search": client.get(reverse("articles:search") + "?q=x"),
        "feed": client.get(reverse("articles:feed")),
        "sitemap": client.get("/sitemap.xml"),
        "robots": client.get("/robots.txt"),
        "health": client.get("/health/"),
        "results.json": client.get(results_url(poll)),
        "vote": post_vote(client, poll, choices(poll)[0], json=True),
        "404": client.get("/no-such-page/"),
        "admin": editor_client.get("/admin/articles/article/"),
        "admin login": client.get("/admin/login/"),
        "static": client.get("/static/css/site.css"),
        "favicon": client.get("/favicon.ico"),
        "media": client.get("/media/posters/p.png"),
    }


def test_every_response_says_nosniff_and_refuses_framing_and_features(responses):
    for name, response in responses.items():
        assert response.status_code in {200, 201, 404}, name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Permissions-Policy"].startswith("accelerometer=(), camera=(), geolocation=()"), name
        assert "Content-Security-Policy" in response, name
        assert response["Referrer-Policy"] == "same-origin", name


def test_pages_send_the_strict_policy(responses):
    for name, response in responses.items():
        if name != "media":
            assert response["Content-Security-Policy"] == CSP, name
    assert responses["media"]["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_favicon_exists_so_first_visits_do_not_404(responses):
    assert responses["favicon"].status_code == 200
    assert b'<link rel="icon" href="/favicon.ico"' in responses["home"].content


def test_pages_have_no_inline_script(responses):
    # The policy allows no inline script; JSON-LD is data (type application/ld+json), not script.
    for name in ("home", "article", "film", "tag", "admin", "admin login"):
        html = responses[name].content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/ld+json"' in tag or 'type="application/json"' in tag, (
                name,
                tag,
            )
        assert not re.search(r"\son[a-z]+=", html), name


def test_debug_sends_the_policy_as_report_only(client, settings):
    from filmsite.security import SecurityHeadersMiddleware

    settings.DEBUG = True
    middleware = SecurityHeadersMiddleware(lambda request: HttpResponse("x"))
    response = middleware(None)
    assert "Content-Security-Policy" not in response
    assert response["Content-Security-Policy-Report-Only"] == policy_header(settings.SECURE_CSP)


def test_https_adds_upgrade_insecure_requests(tmp_path):
    from tests.production_servers import manage, production_env

    env = production_env(tmp_path, HTTPS="1")
    code = (
        "from django.conf import settings; from filmsite.security import policy_header; "
        "print(policy_header(settings.SECURE_CSP))"
    )
    printed = manage(env, "shell", "-c", code).stdout
    assert printed.strip().endswith("frame-ancestors 'none'; upgrade-insecure-requests")
