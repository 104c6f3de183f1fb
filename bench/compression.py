"""What compressing pages costs: the demo article from the page cache, with and without gzip.

Starts gunicorn (2 workers, scratch SQLite database with the demo content, as bench/pages.py)
and drives the cached article page with wrk, once as a client that does not accept gzip and
once as a browser does (Accept-Encoding: gzip, deflate, br), alternating and taking medians.
Prints requests per second, latency and bytes per response. Figures are printed, not asserted.

    .venv/bin/python bench/compression.py [--seconds 5] [--rounds 3] [--connections 16]
"""

import argparse
import statistics
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import gunicorn, scratch_env, wrk  # noqa: E402

ARTICLE = "/articles/her-ending-explained/"
BROWSER = "Accept-Encoding: gzip, deflate, br"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    _, env = scratch_env(PAGE_CACHE_SECONDS="300", FRAGMENT_CACHE_SECONDS="300")
    with gunicorn(env) as base:
        sizes = {}
        for name, headers in (("identity", {}), ("gzip", {"Accept-Encoding": "gzip"})):
            request = urllib.request.Request(base + ARTICLE, headers=headers)
            with urllib.request.urlopen(request) as response:
                sizes[name] = (len(response.read()), response.headers.get("Content-Encoding", "identity"))
        for _ in range(20):
            urllib.request.urlopen(base + ARTICLE).read()
        runs = {"identity": [], "gzip": []}
        for _ in range(args.rounds):
            runs["identity"].append(wrk(base + ARTICLE, args.seconds, args.connections))
            runs["gzip"].append(wrk(base + ARTICLE, args.seconds, args.connections, headers=[BROWSER]))

    print(f"\n{'client':<10}{'encoding':>10}{'bytes':>8}{'r/s':>9}{'p50':>10}{'p99':>10}{'errors':>8}")
    for name, results in runs.items():
        median = sorted(results, key=lambda r: r["rps"])[len(results) // 2]
        size, encoding = sizes[name]
        print(
            f"{name:<10}{encoding:>10}{size:>8}{statistics.median(r['rps'] for r in results):>9.0f}"
            f"{median['p50']:>10}{median['p99']:>10}{sum(r['errors'] for r in results):>8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
