"""Errors are reported, as the 500 page says: logged with their traceback always, and sent to
Sentry when SENTRY_DSN is set (here to a stand-in that the test runs on 127.0.0.1)."""

import contextlib
import gzip
import json
import logging
import sqlite3
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from tests.production_servers import production_env, production_server

FAILURE_PAGE = "The error has been logged for the site's maintainers."


@pytest.fixture
def broken_home(monkeypatch):
    from filmsite import views

    def explode(self, **kwargs):
        raise RuntimeError("the home page broke")

    monkeypatch.setattr(views.HomeView, "get_context_data", explode)


@pytest.mark.django_db
def test_a_500_is_logged_with_its_traceback_and_the_page_promises_only_that(broken_home, caplog, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/")
    assert response.status_code == 500
    assert FAILURE_PAGE in response.content.decode()
    assert "We have been told" not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert record.exc_info[0] is RuntimeError
    assert "Internal Server Error: /" in record.getMessage()


class SentryStandIn(BaseHTTPRequestHandler):
    """Accepts Sentry envelopes (POST /api/<project>/envelope/) and keeps their events."""

    events = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        for line in body.splitlines():
            with contextlib.suppress(ValueError):
                item = json.loads(line)
                if isinstance(item, dict) and "exception" in item:
                    self.events.append(item)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.mark.server
def test_with_sentry_dsn_a_production_error_reaches_sentry_and_the_log(tmp_path):
    SentryStandIn.events = []
    sentry = ThreadingHTTPServer(("127.0.0.1", 0), SentryStandIn)
    threading.Thread(target=sentry.serve_forever, daemon=True).start()
    dsn = f"http://public0123456789abcdef@127.0.0.1:{sentry.server_address[1]}/1"
    env = production_env(tmp_path, SENTRY_DSN=dsn, PAGE_CACHE_SECONDS="0")
    try:
        with production_server(tmp_path, env, collectstatic=False) as server:
            # A fault in production: a table the home page reads is gone.
            with sqlite3.connect(tmp_path / "site.sqlite3") as db:
                db.execute("ALTER TABLE filmsite_film RENAME TO filmsite_film_lost")
            status, _, body = server.request("/")
            assert status == 500
            assert FAILURE_PAGE.encode() in body.replace(b"&#x27;", b"'")
            deadline = time.monotonic() + 15
            while not SentryStandIn.events and time.monotonic() < deadline:
                time.sleep(0.2)
            log = server.log()
    finally:
        sentry.shutdown()
    assert "Internal Server Error: /" in log and "Traceback" in log and "filmsite_film" in log
    [event] = SentryStandIn.events
    [exception] = event["exception"]["values"][-1:]
    assert exception["type"] == "OperationalError"
    assert "filmsite_film" in exception["value"]
    assert event["request"]["url"].endswith("/")
    assert "cookies" not in event["request"] and "user" not in event  # no personal data
