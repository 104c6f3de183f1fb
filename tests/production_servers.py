"""Start filmsite the way production does (gunicorn with deploy/gunicorn.conf.py) for tests.

Each server gets its own SQLite file, media and static folders under the test's tmp_path and a
free port on 127.0.0.1. The environment is built from scratch for the settings that matter, so
the test suite's own key (tests/settings.py) never leaks into a "fresh" production start.
"""

import contextlib
import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_KEY = "production-test-key-9f8e7d6c5b4a39281706f5e4d3c2b1a0-zyxwvutsrqp"
# Settings this helper decides; anything else from the developer's environment is dropped too, so
# a DEBUG=1 or SECRET_KEY in the caller's shell cannot make a production start look healthy.
_OWN = {
    "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG", "DATABASE_URL", "CACHE_URL", "MEDIA_ROOT",
    "STATIC_ROOT", "SERVE_MEDIA", "HTTPS", "ALLOWED_HOSTS", "BIND", "WEB_CONCURRENCY",
    "SENTRY_DSN", "TEST_DATABASE_NAME", "SQLITE_TEST_NAME", "DJANGO_ALLOW_ASYNC_UNSAFE",
}  # fmt: skip


def production_env(tmp_path, **settings):
    """The environment of a production start in ``tmp_path``; ``settings`` override (None removes)."""
    env = {key: value for key, value in os.environ.items() if key not in _OWN}
    env.update(
        DJANGO_SETTINGS_MODULE="filmsite.settings",
        SECRET_KEY=PRODUCTION_KEY,
        DEBUG="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "staticfiles"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WEB_CONCURRENCY="2",
        GUNICORN_ACCESS_LOG="",
        PYTHONPATH=str(ROOT),
    )
    for key, value in settings.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


def manage(env, *args, check=True):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def gunicorn_command(port):
    return [
        sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
        "--bind", f"127.0.0.1:{port}", "filmsite.wsgi",
    ]  # fmt: skip


class Server:
    def __init__(self, env, port, log_path):
        self.env = env
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = log_path

    def request(self, path, method="GET", headers=None, body=None):
        """One raw HTTP request (no redirect followed, path sent as is): (status, headers, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in {"Host": f"127.0.0.1:{self.port}", **(headers or {})}.items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def log(self):
        return Path(self.log_path).read_text()


@contextlib.contextmanager
def production_server(tmp_path, env=None, *, collectstatic=True, setup=()):
    """A migrated, production-configured gunicorn on a free port (``setup``: more manage.py runs)."""
    env = env or production_env(tmp_path)
    manage(env, "migrate", "--noinput")
    if collectstatic:
        manage(env, "collectstatic", "--noinput")
    for command in setup:
        manage(env, *command)
    port = free_port()
    log_path = tmp_path / f"gunicorn-{port}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            gunicorn_command(port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    server = Server(env, port, log_path)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise AssertionError(f"gunicorn exited early:\n{server.log()}")
            try:
                if server.request("/health/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"gunicorn did not answer within 30 s:\n{server.log()}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def start_and_wait_for_exit(env, tmp_path, timeout=30):
    """Start gunicorn as production does and watch it: (exit code or None, output, answered).

    ``answered`` says whether it ever served /health/; a server that answers is stopped.
    """
    port = free_port()
    log_path = tmp_path / f"gunicorn-{port}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            gunicorn_command(port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    server = Server(env, port, log_path)
    answered = False
    deadline = time.monotonic() + timeout
    try:
        while process.poll() is None and time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                answered = server.request("/health/")[0] == 200
            if answered:
                break
            time.sleep(0.2)
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=15)
            code = None
        else:
            code = process.returncode
    return code, server.log(), answered
