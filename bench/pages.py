"""Benchmark the demo article page against the floor: a bare view with the same bytes.

Starts gunicorn (2 workers) on a scratch SQLite database loaded with the demo content and
drives it with wrk, side by side in one run (each mode: floor, then the article page):
  cold:     no page cache, no fragment cache: every request runs every query and template;
  uncached: no page cache: the visibility query runs and the outer page is rendered on every
            request; the article's content comes from the fragment cache (filmsite/cache.py);
  cached:   the whole page is served from the page cache.
Prints requests/s, p50/p99 latency, the ratio to the floor, and the page's SQL query counts.
Targets: uncached >= 20% of the floor, cached >= 80% of the floor (cold is shown for honesty).

Usage: .venv/bin/python bench/pages.py [--seconds 5] [--connections 16] [--rounds 3]
           [--cache-url redis://127.0.0.1:6379/14]
"""

import argparse
import subprocess
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, add_cache_option, cache_settings, gunicorn, scratch_env, wrk  # noqa: E402

ARTICLE = "/articles/her-ending-explained/"
QUERY_COUNT = f"""
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.conf import settings
settings.PAGE_CACHE_SECONDS = 0
counts = []
for _ in range(2):  # cold, then with the content fragment warm
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get("{ARTICLE}")
    counts.append(len(ctx.captured_queries))
print("QUERIES", response.status_code, *counts)
"""


def _median(runs):
    """The run with the median requests/s (its latencies come with it)."""
    ordered = sorted(runs, key=lambda run: run["rps"])
    return {**ordered[len(ordered) // 2], "errors": sum(run["errors"] for run in runs)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="floor/page runs per mode (median)")
    add_cache_option(parser)
    args = parser.parse_args()

    workdir, env = scratch_env(**cache_settings(args.cache_url))
    print(f"cache: {'Redis, ' + args.cache_url if args.cache_url else 'local memory'}")
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", QUERY_COUNT],
        cwd=ROOT,
        env={**env, "ALLOWED_HOSTS": "testserver"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    status, cold_queries, warm_queries = out[out.index("QUERIES") :].split()[1:4]
    print(
        f"article page: HTTP {status}; SQL queries: {cold_queries} cold, {warm_queries} with the "
        "content fragment warm, 0 from the page cache"
    )

    rows = []
    modes = (("cold", "0", "0"), ("uncached", "0", "300"), ("cached", "300", "300"))
    for mode, page_seconds, fragment_seconds in modes:
        server_env = {**env, "PAGE_CACHE_SECONDS": page_seconds, "FRAGMENT_CACHE_SECONDS": fragment_seconds}
        with gunicorn(server_env) as base:
            page = urllib.request.urlopen(base + ARTICLE).read()
            Path(env["BENCH_FLOOR_FILE"]).write_bytes(page)
            floor_bytes = urllib.request.urlopen(base + "/__floor__/").read()
            assert floor_bytes == page, "the floor must return the same bytes as the page"
            for _ in range(20):  # warm both workers (and the page cache)
                urllib.request.urlopen(base + ARTICLE).read()
            # Alternate floor and page runs; the medians resist noise from other processes.
            floors, pages = [], []
            for _ in range(args.rounds):
                floors.append(wrk(base + "/__floor__/", args.seconds, args.connections))
                pages.append(wrk(base + ARTICLE, args.seconds, args.connections))
            rows.append((mode, len(page), _median(floors), _median(pages)))

    print(
        f"\n{'mode':<10}{'bytes':>8}{'floor r/s':>12}{'page r/s':>11}{'ratio':>8}"
        f"{'target':>8}{'p50':>10}{'p99':>10}{'errors':>8}"
    )
    ok = True
    for mode, size, floor, measured in rows:
        ratio = measured["rps"] / floor["rps"]
        target = {"cold": 0.0, "uncached": 0.2, "cached": 0.8}[mode]
        ok &= ratio >= target and measured["errors"] == 0
        print(
            f"{mode:<10}{size:>8}{floor['rps']:>12.0f}{measured['rps']:>11.0f}{ratio:>8.0%}"
            f"{target:>8.0%}{measured['p50']:>10}{measured['p99']:>10}{measured['errors']:>8}"
        )
    print("\nall targets met" if ok else "\nTARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
