"""Shared helpers for benchmark scripts: a scratch database, a gunicorn process, wrk runs."""

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(database_url=None, **extra):
    """Environment for a server on ``database_url`` (default: a fresh SQLite file), nothing run yet."""
    workdir = Path(tempfile.mkdtemp(prefix="filmsite-bench-"))
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        LOG_LEVEL="ERROR",
        BENCH_FLOOR_FILE=str(workdir / "floor.html"),
        PYTHONPATH=str(ROOT),
    )
    env.update({key: str(value) for key, value in extra.items()})
    return workdir, env


def add_cache_option(parser):
    parser.add_argument(
        "--cache-url",
        default="",
        help="the server's cache, e.g. redis://127.0.0.1:6379/14 as deployed (default: local memory)",
    )


def cache_settings(cache_url):
    """Environment for the server's cache: ``cache_url``, under a key prefix no other run uses."""
    return {"CACHE_URL": cache_url, "CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}"}


def manage(env, *args, check=True):
    """Run ``manage.py`` with ``env``; the finished process, output captured."""
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=check
    )


def scratch_env(database_url=None, **extra):
    """Environment for a server on a fresh database with the demo content loaded."""
    workdir, env = bench_env(database_url, **extra)
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    return workdir, env


@contextlib.contextmanager
def gunicorn(env, workers=2, threads=1):
    port = free_port()
    process = subprocess.Popen(
        [
            GUNICORN,
            "bench.wsgi_app:application",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/health/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def wrk(url, seconds=8, connections=16, threads=2, script=None, script_args=(), timeout=None, headers=None):
    """Requests per second and latency percentiles measured by wrk (Debian package).

    ``headers``: a dict, or "Name: value" strings, sent with every request.

    ``headers``: a dict, or "Name: value" strings, sent with every request.

    With ``script`` (a Lua file) and ``script_args`` (passed after ``--``), the raw output is in
    ``output`` for the caller to read what the script printed.
    """
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if timeout:
        command.append(f"--timeout={timeout}s")
    pairs = headers.items() if isinstance(headers, dict) else (h.split(":", 1) for h in headers or ())
    for name, value in pairs:
        command += ["-H", f"{name.strip()}: {value.strip()}"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *map(str, script_args)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    return {
        "rps": rps,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": int(non2xx.group(1)) if non2xx else 0,
        "output": out,
    }
