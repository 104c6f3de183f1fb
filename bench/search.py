"""Benchmark search: the demo database against a bulk one, and a cached page beside searches.

For each database a gunicorn (2 sync workers, the rate limit off) serves:
  latency   sequential /search/?q=<word> requests for a rare word and a common word: median and
            90th percentile in ms, results found, and the ratio bulk / demo (target: <= 3x);
  beside    a cached article page fetched over and over while two clients search the rare word
            nonstop (two searches always running: both workers busy with them whenever a search
            is slow): the page's median, p99 and worst latency against the same page alone
            (target: never more than 50 ms slower).
Figures are printed, not asserted.

The demo database is made here (the demo content, on a scratch SQLite file or a scratch
PostgreSQL database beside --bulk-url, dropped afterwards). The bulk database is yours: e.g.
`manage.py seed_bulk` (issue 9), followed by `manage.py rebuild_search_index` if the loader
skipped signals. --explain prints EXPLAIN (ANALYZE) of the search queries on the bulk database.

Usage: .venv/bin/python bench/search.py --bulk-url sqlite:////tmp/bulk.sqlite3
       .venv/bin/python bench/search.py --bulk-url postgres://postgres@127.0.0.1:5432/filmsite_bulk
           [--rare zanzibarite] [--common ending] [--requests 40] [--seconds 6] [--explain]
"""

import argparse
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_env, gunicorn, manage, scratch_env  # noqa: E402

DEMO_RARE = "Theodore"  # a name in one demo explainer
DEMO_COMMON = "ending"  # in every demo explainer

SERVER = {"SEARCH_RATE_LIMIT": "0", "PAGE_CACHE_SECONDS": "300", "SEARCH_TIMEOUT_MS": "5000"}

ARTICLE_AND_COUNT = """
from articles.models import Article
article = Article.objects.published().order_by("-published_at").first()
print("ARTICLE", article.get_absolute_url(), Article.objects.published().count())
"""

EXPLAIN = """
import re
from django.db import connection
from articles import search
for word in {words!r}:
    connection.force_debug_cursor = True
    connection.queries_log.clear()
    search.search(word)
    statements = [q["sql"] for q in connection.queries if "set_config" not in q["sql"]]
    for sql in statements:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
            print(f"--- {{word!r}}: " + " ".join(sql.split())[:160] + " ...")
            for row in cursor.fetchall():
                print("   ", row[0] if connection.vendor == "postgresql" else row[-1])
"""


def get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read()
        status = response.status
    return (time.perf_counter() - started) * 1000, status, body


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def search_latency(base, word, requests):
    url = f"{base}/search/?{urllib.parse.urlencode({'q': word})}"
    for _ in range(3):
        get(url)
    times = []
    for _ in range(requests):
        ms, status, body = get(url)
        assert status == 200, status
        times.append(ms)
    found = body.decode().count('class="card"')
    return statistics.median(times), percentile(times, 0.9), found


def page_beside_searches(base, page, word, seconds):
    """Cached page latencies alone, then while two clients search ``word`` nonstop."""
    page_url = base + page
    # Each worker has its own local-memory page cache: warm both (concurrent requests reach both).
    warmers = [threading.Thread(target=lambda: [get(page_url) for _ in range(10)]) for _ in range(4)]
    for thread in warmers:
        thread.start()
    for thread in warmers:
        thread.join()
    alone = [get(page_url)[0] for _ in range(200)]
    stop = threading.Event()
    searches = []

    def searcher():
        url = f"{base}/search/?{urllib.parse.urlencode({'q': word})}"
        while not stop.is_set():
            searches.append(get(url)[0])

    threads = [threading.Thread(target=searcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    beside = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        beside.append(get(page_url)[0])
    stop.set()
    for thread in threads:
        thread.join()
    return alone, beside, searches


def measure(label, env, args, rare, common):
    env = {**env, **SERVER}
    out = manage(env, "shell", "-c", ARTICLE_AND_COUNT).stdout
    _, page, count = out[out.index("ARTICLE") :].split()[:3]
    with gunicorn(env) as base:
        row = {"label": label, "articles": int(count)}
        for kind, word in (("rare", rare), ("common", common)):
            row[kind] = (word, *search_latency(base, word, args.requests))
        row["beside"] = page_beside_searches(base, page, rare, args.seconds)
    return row


def scratch_postgres(bulk_url):
    """A fresh PostgreSQL database with the demo, on the server of ``bulk_url``."""
    parts = urllib.parse.urlsplit(bulk_url)
    name = f"filmsite_bench_search_{int(time.time())}"
    admin = parts._replace(path="/postgres").geturl()
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    return name, admin, scratch_env(parts._replace(path=f"/{name}").geturl())[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--bulk-url", required=True, help="DATABASE_URL of the bulk database")
    parser.add_argument("--rare", default="zanzibarite", help="a word in a handful of bulk articles")
    parser.add_argument("--common", default="ending", help="a word in most bulk articles")
    parser.add_argument("--requests", type=int, default=40, help="timed searches per word")
    parser.add_argument("--seconds", type=int, default=6, help="duration of the cached-page run")
    parser.add_argument("--explain", action="store_true", help="print the search query plans (bulk)")
    args = parser.parse_args()

    postgres = args.bulk_url.startswith("postgres")
    scratch = None
    if postgres:
        scratch = scratch_postgres(args.bulk_url)
        demo_env = scratch[2]
    else:
        demo_env = scratch_env()[1]
    try:
        demo = measure("demo", demo_env, args, DEMO_RARE, DEMO_COMMON)
    finally:
        if scratch:
            subprocess.run(["psql", scratch[1], "-qc", f"DROP DATABASE {scratch[0]}"], check=True)
    bulk_env = bench_env(args.bulk_url)[1]
    bulk = measure("bulk", bulk_env, args, args.rare, args.common)

    print(f"database: {'PostgreSQL' if postgres else 'SQLite'}; gunicorn 2 workers; search rate limit off")
    print("| database | published | word | median ms | p90 ms | results on page | ratio to demo |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in (demo, bulk):
        for kind in ("rare", "common"):
            word, median, p90, found = row[kind]
            ratio = f"{median / demo[kind][1]:.1f}x" if row is bulk else ""
            print(
                f"| {row['label']} | {row['articles']:,} | {kind}: {word} | {median:.1f} | {p90:.1f} "
                f"| {found} | {ratio} |"
            )
    print()
    print("cached article page, alone and while two clients search the rare word nonstop:")
    print(
        "| database | page alone p50 / p99 / max ms | beside searches p50 / p99 / max ms | worst delay ms "
        "| searches done (p50 ms) |"
    )
    print("| --- | --- | --- | --- | --- |")
    for row in (demo, bulk):
        alone, beside, searches = row["beside"]
        delay = max(beside) - statistics.median(alone)
        print(
            f"| {row['label']} | {statistics.median(alone):.1f} / {percentile(alone, 0.99):.1f} / "
            f"{max(alone):.1f} | {statistics.median(beside):.1f} / {percentile(beside, 0.99):.1f} / "
            f"{max(beside):.1f} | {delay:.1f} | {len(searches)} ({statistics.median(searches):.1f}) |"
        )
    if args.explain:
        words = [args.rare, args.common]
        print(manage(bulk_env, "shell", "-c", EXPLAIN.format(words=words)).stdout)


if __name__ == "__main__":
    main()
