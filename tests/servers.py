"""Real servers for the cache tests, each on a free port of 127.0.0.1, stopped when the test ends.

``RedisServer`` (Debian's redis-server) can be stopped, started again and capped in memory;
``app_server`` runs filmsite under gunicorn on its own database (a temporary SQLite file, or a
fresh PostgreSQL database when the suite runs on PostgreSQL); ``varnish`` runs Debian's varnishd
with the project's VCL in front of a backend.
"""

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, what, seconds=30):
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {seconds} s")
        time.sleep(0.1)


class RedisServer:
    """A private redis-server: no persistence, optional ``maxmemory`` with ``noeviction``."""

    def __init__(self, workdir, maxmemory=None):
        if shutil.which("redis-server") is None:
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.workdir = workdir
        self.maxmemory = maxmemory
        self.process = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.workdir), "--enable-debug-command", "local"]
        if self.maxmemory:
            command += ["--maxmemory", self.maxmemory, "--maxmemory-policy", "noeviction"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self._answers, "redis-server answering", 10)
        return self

    def _answers(self):
        try:
            return self.client().ping()
        except OSError:
            return False
        except Exception:  # redis.ConnectionError is not an OSError
            return False

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def fill(self):
        """Write junk until Redis refuses writes, then lower the cap well below what it holds, so
        that deleting a few keys does not make room again: every write fails from here on."""
        import redis

        client = self.client()
        for i in range(100_000):
            try:
                client.set(f"junk:{i}", b"x" * 10_000)
            except redis.exceptions.ResponseError as error:
                assert isinstance(error, redis.exceptions.OutOfMemoryError) or "OOM" in str(error)
                used = client.info("memory")["used_memory"]
                client.config_set("maxmemory", used - 1_000_000)
                return i
        pytest.fail("redis never filled up")

    def cache_settings(self):
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": self.url,
                "KEY_PREFIX": f"t{secrets.token_hex(3)}",
                "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2, "retry": no_retry()},
            }
        }


def no_retry():
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return Retry(NoBackoff(), 0)


@contextlib.contextmanager
def redis_server(workdir, maxmemory=None):
    server = RedisServer(workdir, maxmemory).start()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def server_database(tmp_path, name="app"):
    """A database URL for server processes, and its removal afterwards."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        return
    import psycopg

    parts = urllib.parse.urlsplit(suite_url)
    database = f"test_{name}_{secrets.token_hex(4)}"
    admin_dsn = urllib.parse.urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def app_env(database_url, tmp_path, **settings_env):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "filmsite.settings",
        "SECRET_KEY": "cache-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "0",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CACHE_VERSIONS_FILE": str(tmp_path / "versions"),
        **{name: str(value) for name, value in settings_env.items()},
    }


def manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


class AppServer:
    """filmsite under gunicorn on a free port."""

    def __init__(self, env, log_path, workers=2, threads=2):
        self.env = env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.workers = workers
        self.threads = threads
        self.process = None

    def start(self, wait=True):
        self.log = open(self.log_path, "a+")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "filmsite.wsgi",
                "-w", str(self.workers), "--threads", str(self.threads),
                "-b", f"127.0.0.1:{self.port}", "--graceful-timeout", "5",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        if wait:
            wait_until(self._answers, f"gunicorn on {self.base} answering")
        return self

    def _answers(self):
        if self.process.poll() is not None:
            self.log.seek(0)
            pytest.fail(f"gunicorn exited early:\n{self.log.read()}")
        try:
            with urllib.request.urlopen(f"{self.base}/health/", timeout=2):
                return True
        except OSError:
            return False

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        self.log.close()


def get(url, headers=None, method="GET"):
    """(status, headers, body) of one request; HTTP errors are answers, not exceptions."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


VARNISH_BACKEND = """
backend {name} {{
    .host = "127.0.0.1";
    .port = "{port}";
    .probe = {{
        .url = "/health/";
        .interval = {interval};
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }}
}}
"""


class Varnish:
    """Debian's varnishd with deploy/varnish/filmsite.vcl, in front of the given app ports.

    The shipped VCL includes ``backends.vcl``; this one, written for the test's ports, comes first
    on the VCL path. ``-j none`` keeps varnishd as the current user (its work folder is private).
    """

    def __init__(self, workdir, backend_ports, probe_interval="1s"):
        if shutil.which("varnishd") is None:
            pytest.skip("varnishd is not installed (apt-get install varnish varnish-modules)")
        self.workdir = Path(workdir) / f"varnish-{secrets.token_hex(3)}"
        (self.workdir / "vcl").mkdir(parents=True)
        names = [f"node{i}" for i in range(1, len(backend_ports) + 1)]
        backends = "".join(
            VARNISH_BACKEND.format(name=name, port=port, interval=probe_interval)
            for name, port in zip(names, backend_ports, strict=True)
        )
        adds = "".join(f"    app.add_backend({name});\n" for name in names)
        (self.workdir / "vcl" / "backends.vcl").write_text(
            f"{backends}\nsub vcl_init {{\n    new app = directors.round_robin();\n{adds}}}\n"
        )
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.purge_url = self.base + "/"
        self.process = None

    def start(self):
        folders = [self.workdir / "vcl", ROOT / "deploy" / "varnish", "/usr/share/varnish/vcl"]
        vcl_path = ":".join(map(str, folders))
        self.log = open(self.workdir / "varnishd.log", "w+")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                "varnishd", "-F", "-j", "none", "-n", str(self.workdir / "n"),
                "-a", f"127.0.0.1:{self.port}", "-f", str(ROOT / "deploy" / "varnish" / "filmsite.vcl"),
                "-p", f"vcl_path={vcl_path}", "-s", "malloc,64m",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_until(self._answers, "varnishd answering")
        return self

    def _answers(self):
        if self.process.poll() is not None:
            self.log.seek(0)
            pytest.fail(f"varnishd exited:\n{self.log.read()}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        self.log.close()


class S3Server:
    """moto's S3-compatible server (``moto[server]`` from the test extra) with one bucket."""

    def __init__(self, workdir, bucket="filmsite-media"):
        self.binary = Path(sys.executable).with_name("moto_server")
        if not self.binary.exists():
            pytest.skip("moto_server is not installed (pip install -e '.[test]')")
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.bucket = bucket
        self.log_path = Path(workdir) / "moto.log"

    def start(self):
        self.log = open(self.log_path, "w+")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [str(self.binary), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self._answers, "moto_server answering")
        self.client().create_bucket(Bucket=self.bucket)
        return self

    def _answers(self):
        try:
            with urllib.request.urlopen(self.endpoint + "/", timeout=1):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    def client(self):
        import boto3

        return boto3.client(
            "s3", endpoint_url=self.endpoint, aws_access_key_id="test", aws_secret_access_key="test",
            region_name="us-east-1",
        )  # fmt: skip

    def env(self):
        """The settings environment that puts media in this bucket."""
        return {
            "MEDIA_BUCKET": self.bucket,
            "MEDIA_S3_ENDPOINT_URL": self.endpoint,
            "MEDIA_S3_ACCESS_KEY_ID": "test",
            "MEDIA_S3_SECRET_ACCESS_KEY": "test",
            "MEDIA_S3_DEFAULT_ACL": "public-read",
        }

    def object_keys(self):
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in listing.get("Contents", [])]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


@contextlib.contextmanager
def s3_server(workdir):
    server = S3Server(workdir).start()
    try:
        yield server
    finally:
        server.stop()


class AdminBrowser:
    """An editor using the admin of a running server over HTTP: cookies, CSRF tokens, uploads."""

    def __init__(self, base):
        import http.cookiejar

        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _token(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path, fields, files=None):
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in {**fields, "csrfmiddlewaretoken": self._token()}.items():
            for item in value if isinstance(value, list) else [value]:
                head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                parts.append(f"{head}{item}\r\n".encode())
        for name, (filename, data, content_type) in (files or {}).items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            )
            parts.append(head.encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.base + path,
            },
            method="POST",
        )
        with self.opener.open(request, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def log_in(self, username, password):
        self.get("/admin/login/")
        url, _ = self.post("/admin/login/?next=/admin/", {"username": username, "password": password})
        assert not url.endswith("/admin/login/?next=/admin/"), "the admin refused the editor's login"
