"""The article page through Varnish, against nginx serving the same bytes from a file, against
gunicorn's own page cache; and the same three answering conditional requests with 304s.

Starts gunicorn (2 workers) on a scratch SQLite database with the demo content and
FRONT_CACHE_SECONDS set, varnishd with deploy/varnish/filmsite.vcl in front of it, and nginx
serving the page's bytes from a file, each on a free port of 127.0.0.1, then drives each with wrk
in alternating rounds (medians). Needs Debian's wrk, varnish, varnish-modules and nginx-light (or
nginx). Figures are printed, not asserted.

Usage: .venv/bin/python bench/frontcache.py [--seconds 5] [--connections 16] [--rounds 3]
"""

import argparse
import contextlib
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, free_port, gunicorn, scratch_env, wrk  # noqa: E402

ARTICLE = "/articles/her-ending-explained/"

NGINX_CONF = """
worker_processes 2;
user root;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    server {{
        listen 127.0.0.1:{port};
        root {workdir}/www;
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""

BACKENDS_VCL = """
backend node1 {{ .host = "127.0.0.1"; .port = "{port}"; }}
sub vcl_init {{
    new app = directors.round_robin();
    app.add_backend(node1);
}}
"""


def _wait_for(url, process, what):
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.headers, response.read()
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"{what} did not start") from None
            time.sleep(0.2)


@contextlib.contextmanager
def nginx(workdir, page):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    (workdir / "www" / ARTICLE.strip("/")).mkdir(parents=True)
    (workdir / "www" / ARTICLE.strip("/") / "index.html").write_bytes(page)
    port = free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workdir=workdir, port=port))
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(workdir)])
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base + ARTICLE, process, "nginx")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def varnish(workdir, backend_port):
    (workdir / "vcl").mkdir()
    (workdir / "vcl" / "backends.vcl").write_text(BACKENDS_VCL.format(port=backend_port))
    port = free_port()
    vcl_path = f"{workdir / 'vcl'}:{ROOT / 'deploy' / 'varnish'}:/usr/share/varnish/vcl"
    process = subprocess.Popen(
        [
            "varnishd", "-F", "-j", "none", "-n", str(workdir / "varnish"), "-a", f"127.0.0.1:{port}",
            "-f", str(ROOT / "deploy" / "varnish" / "filmsite.vcl"), "-p", f"vcl_path={vcl_path}",
            "-s", "malloc,64m",
        ],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base + ARTICLE, process, "varnishd")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def _median(runs):
    ordered = sorted(runs, key=lambda run: run["rps"])
    return {**ordered[len(ordered) // 2], "errors": sum(run["errors"] for run in runs)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for tool in ("wrk", "varnishd"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} missing: apt-get install wrk varnish varnish-modules nginx-light")

    workdir, env = scratch_env(FRONT_CACHE_SECONDS="86400", CACHE_URL="")
    with gunicorn(env) as app:
        page = urllib.request.urlopen(app + ARTICLE).read()
        with nginx(workdir, page) as static, varnish(workdir, app.rsplit(":", 1)[1]) as front:
            targets = {"nginx, file": static, "Varnish": front, "gunicorn page cache": app}
            etags = {}
            for name, base in targets.items():
                for _ in range(20):  # warm every cache (both gunicorn workers)
                    with urllib.request.urlopen(base + ARTICLE) as response:
                        body, etag = response.read(), response.headers["ETag"]
                assert body == page, f"{name} must serve the same bytes"
                etags[name] = etag
                request = urllib.request.Request(base + ARTICLE, headers={"If-None-Match": etag})
                try:
                    urllib.request.urlopen(request).read()
                    raise SystemExit(f"{name} did not answer a conditional GET with 304")
                except urllib.error.HTTPError as answer:
                    assert answer.code == 304, f"{name}: {answer.code}"
            results = {(name, kind): [] for name in targets for kind in ("200", "304")}
            for _ in range(args.rounds):
                for name, base in targets.items():
                    results[(name, "200")].append(wrk(base + ARTICLE, args.seconds, args.connections))
                    conditional = {"If-None-Match": etags[name]}
                    results[(name, "304")].append(
                        wrk(base + ARTICLE, args.seconds, args.connections, headers=conditional)
                    )

    print(f"\narticle page, {len(page)} bytes, {args.connections} connections, median of {args.rounds}")
    print(f"{'server':<22}{'answer':>8}{'r/s':>10}{'vs nginx':>10}{'p50':>10}{'p99':>10}{'errors':>9}")
    for kind in ("200", "304"):
        reference = _median(results[("nginx, file", kind)])["rps"]
        for name in targets:
            run = _median(results[(name, kind)])
            print(
                f"{name:<22}{kind:>8}{run['rps']:>10.0f}{run['rps'] / reference:>10.0%}"
                f"{run['p50']:>10}{run['p99']:>10}{run['errors']:>9}"
            )
    print("(each server was checked to answer the conditional GET with 304 before the 304 runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
