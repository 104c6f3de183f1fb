"""Several gunicorn workers, each with its own in-memory page cache: an unpublish reaches all.

The pages live in each worker's memory (Django's local-memory cache, the default), but when each
dependency key last changed lives in one file mapped by every process of the machine
(``filmsite/versions.py``). So a change made by any process, here a ``manage.py shell`` beside the
server, outdates the copies that every worker keeps.
"""

import pytest

from tests.servers import AppServer, app_env, get, manage, server_database

pytestmark = [pytest.mark.server, pytest.mark.django_db]

SETUP = """
from tests.factories import make_article
article = make_article(title="Unpublish me", slug="unpublish-me", tags=["workers"])
print(article.get_absolute_url())
"""


def test_an_unpublish_reaches_every_worker_with_the_per_process_cache(tmp_path):
    with server_database(tmp_path, "workers") as database_url:
        env = app_env(database_url, tmp_path)
        env.pop("CACHE_URL", None)  # the default: each worker caches pages in its own memory
        manage(env, "migrate", "--noinput")
        url = manage(env, "shell", "--no-imports", "-c", SETUP).strip().splitlines()[-1]
        server = AppServer(env, tmp_path / "gunicorn.log", workers=2, threads=1).start()
        try:
            pages = [url, "/", "/articles/", "/tags/workers/", "/feed/"]
            article_cache = set()
            for _ in range(40):  # both workers render and cache every page
                for page in pages:
                    status, headers, body = get(server.base + page)
                    assert status == 200 and url in body, page
                    if page == url:
                        article_cache.add(headers["X-Page-Cache"])
            assert "hit" in article_cache

            manage(
                env, "shell", "--no-imports", "-c",
                "from articles.models import Article\n"
                "a = Article.objects.get(slug='unpublish-me'); a.status = 'draft'; a.save()",
            )  # fmt: skip

            for _ in range(40):
                assert get(server.base + url)[0] == 404
                for page in pages[1:]:
                    status, _, body = get(server.base + page)
                    assert url not in body, page
        finally:
            server.stop()
