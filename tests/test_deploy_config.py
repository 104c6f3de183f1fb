"""The files in deploy/ work: nginx in front of a production gunicorn (TLS, redirect, media from
disk with the right headers), the systemd units, the Redis and PostgreSQL settings.

Each service runs from a copy of the shipped file with only machine-specific values replaced
(ports, paths, certificate), on 127.0.0.1, and is stopped afterwards.
"""

import contextlib
import glob
import gzip
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.production_servers import ROOT, free_port, production_env, production_server

pytestmark = pytest.mark.server

DEPLOY = ROOT / "deploy"
HOST = "films.example.com"


def need(program):
    path = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
    if not path:
        pytest.skip(f"{program} is not installed (make test installs it on Debian)")
    return path


def wait_for_port(port, process, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited early with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


@contextlib.contextmanager
def running(command, port, **kwargs):
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    try:
        wait_for_port(port, process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch(port, path, *, tls, headers=None):
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """nginx (deploy/nginx/filmsite.conf) in front of a production gunicorn with the demo loaded."""
    nginx = need("nginx")
    tmp_path = tmp_path_factory.mktemp("deploy")
    env = production_env(tmp_path, HTTPS="1", ALLOWED_HOSTS=f"{HOST},127.0.0.1", POLL_TRUSTED_PROXY_COUNT="1")
    with production_server(tmp_path, env, setup=[("load_demo",)]) as app:
        media = Path(env["MEDIA_ROOT"])
        (media / "posters" / "flyer.pdf").write_bytes(b"%PDF-1.4 not served as a document")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
             "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"],
            check=True, capture_output=True,
        )  # fmt: skip
        http_port, https_port = free_port(), free_port()
        site_conf = (DEPLOY / "nginx" / "filmsite.conf").read_text()
        for old, new in {
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
            "/etc/letsencrypt/live/films.example.com/fullchain.pem": str(tmp_path / "cert.pem"),
            "/etc/letsencrypt/live/films.example.com/privkey.pem": str(tmp_path / "key.pem"),
            "/srv/filmsite/media/": f"{media}/",
            "server 127.0.0.1:8000;": f"server 127.0.0.1:{app.port};",
        }.items():
            assert old in site_conf, old
            site_conf = site_conf.replace(old, new)
        site_conf = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site_conf)
        (tmp_path / "logs").mkdir()
        (tmp_path / "site.conf").write_text(site_conf)
        (tmp_path / "nginx.conf").write_text(
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\nevents {{}}\n"
            f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n"
            f"  client_body_temp_path {tmp_path}/body;\n  proxy_temp_path {tmp_path}/proxy;\n"
            f"  include {tmp_path}/site.conf;\n}}\n"
        )
        command = [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"]
        check = subprocess.run([*command[:-2], "-t"], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        with running(command, https_port):
            yield {"http": http_port, "https": https_port, "app": app, "media": media}


def test_plain_http_is_redirected_to_https(site):
    status, headers, _ = fetch(site["http"], "/articles/her-ending-explained/", tls=False)
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/articles/her-ending-explained/"


def test_pages_come_through_tls_with_hsts_and_compression(site):
    status, headers, body = fetch(
        site["https"], "/articles/her-ending-explained/", tls=True, headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["Content-Encoding"] == "gzip"
    assert b"<h1" in gzip.decompress(body)


def test_app_redirects_plain_http_itself_except_the_health_check(site):
    app = site["app"]
    status, headers, _ = app.request("/films/", headers={"Host": HOST})
    assert status == 301 and headers["Location"] == f"https://{HOST}/films/"
    assert app.request("/health/", headers={"Host": HOST})[0] == 200


def test_nginx_serves_uploads_from_disk_with_type_nosniff_and_no_script(site):
    poster = next(site["media"].glob("posters/*.jpg")).relative_to(site["media"]).as_posix()
    status, headers, body = fetch(site["https"], f"/media/{poster}", tls=True)
    assert status == 200 and body[:3] == b"\xff\xd8\xff"
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    status, headers, _ = fetch(site["https"], "/media/posters/flyer.pdf", tls=True)
    assert status == 200 and headers["Content-Type"] == "application/octet-stream"


def test_systemd_units_verify(tmp_path):
    analyze = need("systemd-analyze")
    env_file = tmp_path / "filmsite.env"
    env_file.write_text((DEPLOY / "filmsite.env.example").read_text())
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = (
            unit.read_text()
            .replace("/srv/filmsite/app", str(ROOT))
            .replace("/etc/filmsite/filmsite.env", str(env_file))
        )
        text = text.replace("/srv/filmsite/app/.venv/bin/python", os.path.realpath(ROOT / ".venv/bin/python"))
        (tmp_path / unit.name).write_text(text)
        units.append(str(tmp_path / unit.name))
    done = subprocess.run([analyze, "verify", *units], capture_output=True, text=True)
    problems = [line for line in done.stderr.splitlines() if str(tmp_path) in line or "filmsite" in line]
    assert done.returncode == 0 and not problems, done.stderr


def test_redis_settings_load_and_evict_instead_of_refusing(tmp_path):
    redis_server = need("redis-server")
    port = free_port()
    command = [
        redis_server,
        str(DEPLOY / "redis" / "filmsite.conf"),
        "--port",
        str(port),
        "--dir",
        str(tmp_path),
    ]
    with running(command, port):
        import redis

        client = redis.Redis(port=port)
        assert client.config_get("maxmemory-policy") == {"maxmemory-policy": "allkeys-lru"}
        assert client.config_get("maxmemory")["maxmemory"] == str(256 * 1024 * 1024)
        assert client.config_get("save") == {"save": ""}


def test_postgresql_settings_load_and_setup_script_runs():
    bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bindir:
        pytest.skip("PostgreSQL server binaries are not installed (.ci/run installs them)")
    bindir = Path(bindir[-1])
    data = Path(tempfile.mkdtemp(prefix="filmsite-pgconf-"))
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    try:
        if as_postgres:
            shutil.chown(data, "postgres", "postgres")
        conf = data / "filmsite.conf"
        shutil.copy(DEPLOY / "postgresql" / "filmsite.conf", conf)
        subprocess.run(
            [*as_postgres, bindir / "initdb", "-D", data / "db", "-A", "trust"],
            check=True,
            capture_output=True,
        )
        with open(data / "db" / "postgresql.conf", "a") as main_conf:
            main_conf.write(f"\ninclude '{conf}'\n")
        shown = subprocess.run(
            [*as_postgres, bindir / "postgres", "-D", data / "db", "-C", "shared_buffers"],
            capture_output=True, text=True,
        )  # fmt: skip
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.strip() == "65536"  # 8 kB pages: 512MB
        port = free_port()
        server = [
            *as_postgres,
            bindir / "postgres",
            "-D",
            data / "db",
            "-p",
            str(port),
            "-k",
            data,
            "-c",
            "listen_addresses=127.0.0.1",
        ]
        with running(server, port):
            psql = [*as_postgres, "psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
            setup = subprocess.run(
                [*psql, "-v", "ON_ERROR_STOP=1", "-f", DEPLOY / "postgresql" / "setup.sql"],
                capture_output=True,
                text=True,
            )
            assert setup.returncode == 0, setup.stderr
    finally:
        shutil.rmtree(data, ignore_errors=True)
