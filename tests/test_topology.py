"""Several app servers on one machine: two gunicorn nodes, Varnish in front with health probes,
one PostgreSQL (or SQLite file), one Redis, media in an S3-compatible bucket (moto).

* an upload through node 1's admin is served on node 2's pages (one bucket, not two folders);
* a publish through node 1's admin is visible through Varnish and on node 2 at once (one Redis
  for the key versions, and a purge of Varnish after the commit);
* stopping node 1 loses no reader request: Varnish retries a failed read on node 2 and its
  probe takes node 1 out within a health-check interval.
"""

import json
import re
import threading
import time
import urllib.request

import pytest

from tests.admin_helpers import _FormFields
from tests.factories import png_upload
from tests.servers import (
    AdminBrowser,
    AppServer,
    RedisServer,
    S3Server,
    Varnish,
    app_env,
    get,
    manage,
    server_database,
)

pytestmark = [pytest.mark.server, pytest.mark.django_db]

SETUP = """
import json
from django.contrib.auth import get_user_model
from tests.factories import make_article, make_draft, make_film
get_user_model().objects.create_superuser("editor", "editor@example.com", "topology-password-1")
film = make_film("Her", slug="her")
make_article(title="Already out", slug="already-out", film=film, tags=["nodes"])
draft = make_draft(title="Published on node one", slug="node-one", film=film, tags=["nodes"])
print(json.dumps({"film": film.pk, "draft": draft.pk}))
"""


def form_fields(html):
    parser = _FormFields()
    parser.feed(html)
    return {name: values[0] if len(values) == 1 else values for name, values in parser.fields.items()}


@pytest.fixture
def topology(tmp_path):
    with server_database(tmp_path, "topology") as database_url:
        redis = RedisServer(tmp_path).start()
        s3 = S3Server(tmp_path).start()
        env = app_env(
            database_url,
            tmp_path,
            CACHE_URL=redis.url,
            FRONT_CACHE_SECONDS=86400,
            POLL_TRUSTED_PROXY_COUNT=1,
            # The failover test reads /search/ thousands of times from one address: no rate limit.
            SEARCH_RATE_LIMIT=0,
            **s3.env(),
        )
        env.pop("CACHE_VERSIONS_FILE")
        node1 = AppServer(env, tmp_path / "node1.log", workers=2, threads=2)
        node2 = AppServer(env, tmp_path / "node2.log", workers=2, threads=2)
        varnish = Varnish(tmp_path, [node1.port, node2.port], probe_interval="1s")
        env["FRONT_CACHE_PURGE_URLS"] = varnish.purge_url
        manage(env, "migrate", "--noinput")
        ids = json.loads(manage(env, "shell", "--no-imports", "-c", SETUP).strip().splitlines()[-1])
        servers = [node1.start(), node2.start(), varnish.start()]
        try:
            yield {"node1": node1, "node2": node2, "varnish": varnish, "s3": s3, **ids}
        finally:
            for server in reversed(servers):
                if server.process is not None:
                    server.stop()
            s3.stop()
            redis.stop()


def test_two_app_nodes_behind_varnish_share_media_cache_and_purges(topology):
    node1, node2, varnish = topology["node1"], topology["node2"], topology["varnish"]
    editor = AdminBrowser(node1.base)
    editor.log_in("editor", "topology-password-1")

    # An upload on node 1 ...
    change = f"/admin/filmsite/film/{topology['film']}/change/"
    fields = form_fields(editor.get(change))
    fields["poster_alt"] = "Theodore at the window"
    poster = png_upload("her-poster.png", size=(60, 90)).read()
    url, body = editor.post(change, fields, files={"poster": ("her-poster.png", poster, "image/png")})
    assert url.endswith("/admin/filmsite/film/"), body[:3000]
    # ... is served by node 2 (and through Varnish): the page names the bucket's copy.
    for base in (node2.base, varnish.base):
        status, _, html = get(base + "/films/her/")
        assert status == 200
        src = re.search(r'<img class="film__poster" src="([^"]+)"', html).group(1)
        assert src.startswith(topology["s3"].endpoint)
        with urllib.request.urlopen(src) as response:
            assert response.read() == poster

    # Readers are served from Varnish; node 2 keeps its own page cache (shared Redis).
    watched = ["/", "/articles/", "/tags/nodes/", "/films/her/", "/articles/already-out/"]
    for page in watched:
        get(varnish.base + page)
        assert get(varnish.base + page)[1]["X-Cache"] == "hit", page
        get(node2.base + page)
        assert get(node2.base + page)[1]["X-Page-Cache"] == "hit", page

    # A publish on node 1 (the admin's list action) is visible through Varnish and node 2 at once.
    editor.post(
        "/admin/articles/article/", {"action": "publish", "_selected_action": topology["draft"], "index": "0"}
    )
    for base in (varnish.base, node2.base):
        assert get(base + "/articles/node-one/")[0] == 200
        for page in watched[:-1]:
            assert "/articles/node-one/" in get(base + page)[2], (base, page)


def test_stopping_a_node_loses_no_reader_request(topology):
    node1, varnish = topology["node1"], topology["varnish"]
    # A cached page and one Varnish never stores (search goes to a node every time).
    pages = ["/articles/already-out/", "/search/?q=already"]
    failures, answers, stop = [], [], threading.Event()

    def read():
        while not stop.is_set() and len(answers) < 5000:
            for page in pages:
                status = get(varnish.base + page)[0]
                (answers if status == 200 else failures).append((time.monotonic(), page, status))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        time.sleep(1)  # readers under way on both nodes
        node1.stop()
        stopped = time.monotonic()
        while time.monotonic() - stopped < 4:  # past the probe's 1 s interval x window
            time.sleep(0.2)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert failures == []
    assert sum(1 for at, _, _ in answers if at > stopped) > 20, "readers kept reading after the stop"
