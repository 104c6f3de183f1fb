"""Benchmark the demo article page against the floor: a bare view with the same bytes.

Starts gunicorn (2 workers) on a scratch SQLite database loaded with the demo content and
drives it with wrk, side by side in one run:
  1. page cache off: floor vs the article page rendered on every request;
  2. page cache on:  floor vs the article page served from the cache.
Prints requests/s, p50/p99 latency, the ratio to the floor, and the page's SQL query count.
Targets: uncached >= 20% of the floor, cached >= 80% of the floor.

Usage: .venv/bin/python bench/pages.py [--seconds 8] [--connections 16]
"""

import argparse
import subprocess
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, gunicorn, scratch_env, wrk  # noqa: E402

ARTICLE = "/articles/her-ending-explained/"
QUERY_COUNT = (
    f"""
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.conf import settings
settings.PAGE_CACHE_SECONDS = 0
with CaptureQueriesContext(connection) as ctx:
    response = Client().get("{ARTICLE}")
print(response.status_code, len(ctx.captured_queries))
"""
)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()

    workdir, env = scratch_env()
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", QUERY_COUNT],
        cwd=ROOT,
        env={**env, "ALLOWED_HOSTS": "testserver"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    status, queries = out[-2], out[-1]
    print(f"article page: HTTP {status}, {queries} SQL queries per uncached render")

    rows = []
    for mode, cache_seconds in (("uncached", 0), ("cached", 300)):
        with gunicorn({**env, "PAGE_CACHE_SECONDS": cache_seconds}) as base:
            page = urllib.request.urlopen(base + ARTICLE).read()
            Path(env["BENCH_FLOOR_FILE"]).write_bytes(page)
            floor_bytes = urllib.request.urlopen(base + "/__floor__/").read()
            assert floor_bytes == page, "the floor must return the same bytes as the page"
            for _ in range(20):  # warm both workers (and the page cache)
                urllib.request.urlopen(base + ARTICLE).read()
            floor = wrk(base + "/__floor__/", args.seconds, args.connections)
            measured = wrk(base + ARTICLE, args.seconds, args.connections)
            rows.append((mode, len(page), floor, measured))

    print(
        f"\n{'mode':<10}{'bytes':>8}{'floor r/s':>12}{'page r/s':>11}{'ratio':>8}"
        f"{'target':>8}{'p50':>10}{'p99':>10}{'errors':>8}"
    )
    ok = True
    for mode, size, floor, measured in rows:
        ratio = measured["rps"] / floor["rps"]
        target = 0.2 if mode == "uncached" else 0.8
        ok &= ratio >= target and measured["errors"] == 0
        print(
            f"{mode:<10}{size:>8}{floor['rps']:>12.0f}{measured['rps']:>11.0f}{ratio:>8.0%}"
            f"{target:>8.0%}{measured['p50']:>10}{measured['p99']:>10}{measured['errors']:>8}"
        )
    print("\nall targets met" if ok else "\nTARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
