"""The production profile, started the way `make serve` starts it: gunicorn, DEBUG off,
collected static files (hashed, gzip and brotli, immutable for a year), compressed pages, media
left to the web server in front, and `check --deploy` clean with the README's settings.
"""

import gzip
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.production_servers import ROOT, manage, production_env, production_server

pytestmark = pytest.mark.server

YEAR = 365 * 24 * 60 * 60


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    with production_server(tmp_path, setup=[("load_demo",)]) as server:
        yield server


def test_check_deploy_is_clean_with_the_readme_production_settings(tmp_path):
    env = production_env(
        tmp_path,
        HTTPS="1",
        ALLOWED_HOSTS="films.example.com",
        SITE_URL="https://films.example.com",
        CSRF_TRUSTED_ORIGINS="https://films.example.com",
        CACHE_URL="redis://127.0.0.1:6379/12",  # only named: the checks do not connect
    )
    manage(env, "collectstatic", "--noinput")
    done = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert "System check identified no issues" in done.stdout, done.stdout + done.stderr


def test_check_deploy_warns_when_static_files_were_not_collected(tmp_path):
    done = manage(production_env(tmp_path), "check", "--deploy", check=False)
    assert "filmsite.W003" in done.stderr


def test_pages_are_compressed(server):
    status, headers, body = server.request("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    html = gzip.decompress(body).decode()
    assert "<h1" in html
    assert len(body) < len(html.encode()) / 2

    status, headers, body = server.request("/")  # a client that cannot decompress
    assert "Content-Encoding" not in headers
    assert b"<h1" in body


def test_static_files_are_hashed_compressed_and_immutable_for_a_year(server):
    _, _, html = server.request("/")
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the page links the hashed stylesheet"
    url = stylesheet.group(1).decode()
    plain = server.request(url)
    for encoding in ("br", "gzip"):
        status, headers, body = server.request(url, headers={"Accept-Encoding": encoding})
        assert status == 200
        assert headers["Content-Encoding"] == encoding
        assert headers["Cache-Control"] == f"max-age={YEAR}, public, immutable"
        assert len(body) < len(plain[2]) / 2
    assert plain[0] == 200 and plain[1]["Content-Type"].startswith("text/css")
    assert "No directory at" not in server.log()


def test_favicon_is_served_at_the_root(server):
    status, headers, body = server.request("/favicon.ico")
    assert status == 200
    assert headers["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_media_is_not_served_by_django_unless_asked(server):
    media = server.env["MEDIA_ROOT"]
    stored = next(Path(media).rglob("*.jpg"))  # a demo image
    url = "/media/" + stored.relative_to(media).as_posix()
    status, _, _ = server.request(url)
    assert status == 404


def test_make_serve_refuses_without_a_secret_key(tmp_path):
    if not shutil.which("make"):
        pytest.fail("make is needed to run the production profile")
    env = production_env(tmp_path, SECRET_KEY=None)
    done = subprocess.run(["make", "serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "set SECRET_KEY" in done.stderr


def test_https_profile_redirects_plain_http_and_sends_hsts(tmp_path):
    with production_server(tmp_path, production_env(tmp_path, HTTPS="1")) as server:
        status, headers, _ = server.request("/films/")
        assert status == 301
        assert headers["Location"] == f"https://127.0.0.1:{server.port}/films/"
        assert server.request("/health/")[0] == 200  # the load balancer's plain-HTTP check

        status, headers, _ = server.request("/films/", headers={"X-Forwarded-Proto": "https"})
        assert status == 200
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert headers["Content-Security-Policy"].endswith("; upgrade-insecure-requests")
        assert headers["X-Content-Type-Options"] == "nosniff"
