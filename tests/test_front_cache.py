"""Varnish in front of gunicorn, purged by dependency key on every change.

The test starts varnishd (deploy/varnish/filmsite.vcl) on a free port in front of a gunicorn it
starts, checks that readers get hits, then publishes and unpublishes an article the way every
publish path does (an ordinary save of the Article row, in another process) and proves that
readers going through Varnish see the change at once: the app sends the purge after the commit.
"""

import pytest

from tests.servers import AppServer, Varnish, app_env, get, manage, server_database

pytestmark = [pytest.mark.server, pytest.mark.django_db]

SETUP = """
from tests.factories import make_article, make_draft, make_film
film = make_film("Her", slug="her")
make_article(title="Always there", slug="always-there", film=film, tags=["loneliness"])
make_draft(title="Breaking explainer", slug="breaking", film=make_film("Arrival"), tags=["loneliness"])
"""

SET_STATUS = """
from articles.models import Article
article = Article.objects.get(slug="breaking")
article.status = "{status}"
article.save()
"""

PAGES = [
    "/",
    "/articles/",
    "/tags/loneliness/",
    "/articles/always-there/",
    "/feed/",
    "/sitemap-articles-1.xml",
]


def test_readers_through_varnish_see_publish_and_unpublish_at_once(tmp_path):
    with server_database(tmp_path, "frontcache") as database_url:
        env = app_env(database_url, tmp_path, FRONT_CACHE_SECONDS=86400)
        env.pop("CACHE_URL", None)
        manage(env, "migrate", "--noinput")
        manage(env, "shell", "--no-imports", "-c", SETUP)
        app = AppServer(env, tmp_path / "gunicorn.log", workers=2, threads=2).start()
        varnish = Varnish(tmp_path, [app.port]).start()
        env["FRONT_CACHE_PURGE_URLS"] = varnish.purge_url  # what the editor's process purges
        try:
            for page in PAGES:
                get(varnish.base + page)
                status, headers, body = get(varnish.base + page)
                assert status == 200, page
                assert headers["X-Cache"] == "hit", page
                assert "/articles/breaking/" not in body, page
                assert "s-maxage=86400" in headers["Cache-Control"], page
            assert get(varnish.base + "/articles/breaking/")[0] == 404

            manage(env, "shell", "--no-imports", "-c", SET_STATUS.format(status="published"))

            assert get(varnish.base + "/articles/breaking/")[0] == 200
            for page in PAGES:
                status, headers, body = get(varnish.base + page)
                assert "/articles/breaking/" in body, page
                assert headers["X-Cache"] == "miss", page  # purged, fetched again
                assert get(varnish.base + page)[1]["X-Cache"] == "hit", page

            manage(env, "shell", "--no-imports", "-c", SET_STATUS.format(status="draft"))

            assert get(varnish.base + "/articles/breaking/")[0] == 404
            for page in PAGES:
                assert "/articles/breaking/" not in get(varnish.base + page)[2], page
        finally:
            varnish.stop()
            app.stop()


def test_editors_and_the_admin_bypass_varnish(tmp_path):
    with server_database(tmp_path, "frontcache") as database_url:
        env = app_env(database_url, tmp_path, FRONT_CACHE_SECONDS=86400)
        manage(env, "migrate", "--noinput")
        manage(env, "shell", "--no-imports", "-c", SETUP)
        app = AppServer(env, tmp_path / "gunicorn.log", workers=1, threads=2).start()
        varnish = Varnish(tmp_path, [app.port]).start()
        try:
            editor = {"Cookie": "sessionid=abc"}
            for _ in range(2):
                assert get(varnish.base + "/articles/", editor)[1]["X-Cache"] == "miss"
            assert get(varnish.base + "/admin/login/")[1]["X-Cache"] == "miss"
            assert get(varnish.base + "/admin/login/")[1]["X-Cache"] == "miss"
            status, headers, _ = get(varnish.base + "/", method="PURGE")
            assert status == 400  # a purge must name its keys
        finally:
            varnish.stop()
            app.stop()
