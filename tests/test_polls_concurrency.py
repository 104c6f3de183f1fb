"""Votes stay exact under concurrency, proved against a real server process.

A gunicorn (2 workers x 4 threads; 4 x 8 for the burst) runs on 127.0.0.1 on a free port with
its own database: a temporary SQLite file, or, when the suite runs with DATABASE_URL=postgres://..., a fresh
PostgreSQL database created here and dropped afterwards. Parallel clients send several hundred
votes, including repeats with the same voter cookie racing the first; then the accepted
responses, the stored Vote rows and the totals in results.json must agree exactly.
"""

import contextlib
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent
LABELS = ["Happy", "Sad", "Bittersweet", "Open-ended", "Ambiguous"]

SETUP_POLL = f"""
import json
from polls.models import Choice, Poll
poll = Poll.objects.create(
    question="How would you describe the ending of Her?", slug="her-ending",
    status="published", results_visibility="always", standalone=True,
)
ids = [Choice.objects.create(poll=poll, label=label, position=i).pk for i, label in enumerate({LABELS!r}, 1)]
print(json.dumps(ids))
"""

COUNT_VOTES = """
import json
from django.db.models import Count
from polls.models import Vote
per_choice = Vote.objects.values("choice_id").annotate(n=Count("id"))
print(json.dumps({
    "rows": Vote.objects.count(),
    "voters": Vote.objects.values("voter_key").distinct().count(),
    "per_choice": {str(row["choice_id"]): row["n"] for row in per_choice},
}))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server_database(tmp_path):
    """A database URL for the server process, and its removal afterwards."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'votes.sqlite3'}"
        return
    import psycopg

    parts = urllib.parse.urlsplit(suite_url)
    name = f"test_votes_{secrets.token_hex(4)}"
    admin_dsn = urllib.parse.urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Server:
    def __init__(self, env, port):
        self.env = env
        self.base = f"http://127.0.0.1:{port}"

    def manage(self, *args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def shell(self, code):
        lines = self.manage("shell", "--no-imports", "-c", code).strip().splitlines()
        return json.loads(lines[-1])

    def get_json(self, path):
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            return json.load(response)

    def vote(self, choice_id, cookie):
        """One browser's fetch() vote: returns the HTTP status."""
        request = urllib.request.Request(
            f"{self.base}/polls/her-ending/vote/",
            data=urllib.parse.urlencode({"choice": choice_id}).encode(),
            headers={
                "Origin": self.base,
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"fs_voter={cookie}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


@contextlib.contextmanager
def running_server(tmp_path, workers=2, threads=4, **settings_env):
    pytest.importorskip("gunicorn")
    with server_database(tmp_path) as database_url:
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "filmsite.settings",
            "SECRET_KEY": "concurrency-test-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "0",
            "PAGE_CACHE_SECONDS": "0",
            **settings_env,
        }
        server = Server(env, port)
        server.manage("migrate", "--noinput")
        log = open(tmp_path / "gunicorn.log", "w+")  # noqa: SIM115 (closed in finally)
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "filmsite.wsgi",
                "-w", str(workers), "--threads", str(threads),
                "-b", f"127.0.0.1:{port}", "--graceful-timeout", "5",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    pytest.fail(f"gunicorn exited early:\n{log.read()}")
                try:
                    with urllib.request.urlopen(f"{server.base}/health/", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail("gunicorn did not answer within 30 s")
                    time.sleep(0.2)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
            log.close()


def fire(server, ballots, threads=20):
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(lambda ballot: server.vote(*ballot), ballots))


def test_parallel_votes_are_all_counted_once_and_none_is_lost(tmp_path):
    voters, repeats = 300, 60
    with running_server(tmp_path, POLL_CLIENT_MAX_VOTES="100000") as server:
        choice_ids = server.shell(SETUP_POLL)
        cookies = [secrets.token_urlsafe(32) for _ in range(voters)]
        ballots = [(choice_ids[i % len(choice_ids)], cookie) for i, cookie in enumerate(cookies)]
        # The same browsers vote again (another answer), racing their first vote.
        ballots += [(choice_ids[(i + 1) % len(choice_ids)], cookies[i]) for i in range(repeats)]
        random.Random(7).shuffle(ballots)

        statuses = fire(server, ballots)

        assert set(statuses) <= {201, 409}, Counter(statuses)
        accepted = [ballot for ballot, status in zip(ballots, statuses, strict=True) if status == 201]
        assert len(accepted) == voters
        assert statuses.count(409) == repeats
        assert Counter(cookie for _, cookie in accepted) == Counter(cookies)  # exactly one per browser

        stored = server.shell(COUNT_VOTES)
        results = server.get_json("/polls/her-ending/results.json")

    expected = Counter(str(choice) for choice, _ in accepted)
    assert stored["rows"] == stored["voters"] == voters
    assert stored["per_choice"] == dict(expected)
    assert results["total"] == voters
    assert {str(c["id"]): c["votes"] for c in results["choices"] if c["votes"]} == dict(expected)
    assert sum(c["percent"] for c in results["choices"]) == 100


def test_the_per_client_limit_holds_exactly_under_a_parallel_burst(tmp_path):
    limit, attempts = 25, 120
    # More server threads than usual, so that many votes really are checked at the same moment.
    with running_server(tmp_path, workers=4, threads=8, POLL_CLIENT_MAX_VOTES=str(limit)) as server:
        choice_ids = server.shell(SETUP_POLL)
        # One machine clearing its cookies between votes: a new cookie every time.
        ballots = [(choice_ids[i % len(choice_ids)], secrets.token_urlsafe(32)) for i in range(attempts)]

        statuses = fire(server, ballots, threads=40)

        stored = server.shell(COUNT_VOTES)
        results = server.get_json("/polls/her-ending/results.json")
    assert Counter(statuses) == {201: limit, 429: attempts - limit}
    assert stored["rows"] == results["total"] == limit
