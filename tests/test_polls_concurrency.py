"""Votes stay exact under concurrency, proved against a real server process.

A gunicorn (4 workers x 8 threads) runs on 127.0.0.1 on a free port with its own database: a
temporary SQLite file, or, when the suite runs with DATABASE_URL=postgres://..., a fresh
PostgreSQL database created here and dropped afterwards. Voters come from many addresses, as on
a real site behind one reverse proxy (X-Forwarded-For, POLL_TRUSTED_PROXY_COUNT=1), so votes
from different readers really run side by side: the per-client lock only makes one address's
votes take turns. Requests are sent in waves whose connections are opened first and written at
the same instant (a barrier), so one browser's repeated votes from several addresses, and one
address's burst, really race. Then the accepted responses, the stored Vote rows and the totals
in results.json must agree exactly.

On PostgreSQL these tests fail when the (poll, voter) unique constraint is removed (one browser
is counted several times) or when the per-client advisory lock is (an address gets past the
limit). On SQLite every write transaction is BEGIN IMMEDIATE, one writer at a time, which keeps
both exact even without them.
"""

import contextlib
import http.client
import json
import os
import random
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from tests.servers import free_port, server_database

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


class Server:
    def __init__(self, env, port):
        self.env = env
        self.port = port
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

    def connect_voter(self, choice_id, cookie, address):
        """An open connection and the request a browser's fetch() vote would send through the proxy."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.connect()
        body = urllib.parse.urlencode({"choice": choice_id})
        headers = {
            "Origin": self.base,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"fs_voter={cookie}",
            "X-Forwarded-For": address,  # appended by our one reverse proxy
        }
        return connection, body, headers


@contextlib.contextmanager
def running_server(tmp_path, workers=4, threads=8, **settings_env):
    pytest.importorskip("gunicorn")
    with server_database(tmp_path, "votes") as database_url:
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "filmsite.settings",
            "SECRET_KEY": "concurrency-test-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "0",
            "PAGE_CACHE_SECONDS": "0",
            "POLL_TRUSTED_PROXY_COUNT": "1",
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


WAVE = 30  # requests released together; the server handles 32 at once


def fire(server, ballots, wave=WAVE):
    """Send (choice, cookie, address) ballots in waves written at the same instant: the statuses.

    Each request's connection is opened first; a barrier then releases the whole wave, so
    requests in a wave reach the server together instead of one by one.
    """
    statuses = [None] * len(ballots)

    def send(index, barrier):
        connection, body, headers = server.connect_voter(*ballots[index])
        try:
            barrier.wait(timeout=30)
            connection.request("POST", "/polls/her-ending/vote/", body, headers)
            statuses[index] = connection.getresponse().status
        finally:
            connection.close()

    for start in range(0, len(ballots), wave):
        indexes = range(start, min(start + wave, len(ballots)))
        barrier = threading.Barrier(len(indexes))
        threads = [threading.Thread(target=send, args=(index, barrier)) for index in indexes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return statuses


def address(n):
    return f"198.51.{n // 250}.{n % 250 + 1}"


def test_parallel_votes_are_all_counted_once_and_none_is_lost(tmp_path):
    voters, repeats = 300, 60
    with running_server(tmp_path, POLL_CLIENT_MAX_VOTES="100000") as server:
        choice_ids = server.shell(SETUP_POLL)
        cookies = [secrets.token_urlsafe(32) for _ in range(voters)]
        # Readers from 100 addresses; some browsers vote again (another answer, from another
        # address), racing their first vote.
        ballots = [
            (choice_ids[i % len(choice_ids)], cookie, address(i % 100)) for i, cookie in enumerate(cookies)
        ]
        ballots += [
            (choice_ids[(i + 1) % len(choice_ids)], cookies[i], address(100 + i)) for i in range(repeats)
        ]
        random.Random(7).shuffle(ballots)

        statuses = fire(server, ballots)

        assert set(statuses) <= {201, 409}, Counter(statuses)
        accepted = [ballot for ballot, status in zip(ballots, statuses, strict=True) if status == 201]
        assert len(accepted) == voters
        assert statuses.count(409) == repeats
        assert Counter(cookie for _, cookie, _ in accepted) == Counter(cookies)  # exactly one per browser

        stored = server.shell(COUNT_VOTES)
        results = server.get_json("/polls/her-ending/results.json")

    expected = Counter(str(choice) for choice, _, _ in accepted)
    assert stored["rows"] == stored["voters"] == voters
    assert stored["per_choice"] == dict(expected)
    assert results["total"] == voters
    assert {str(c["id"]): c["votes"] for c in results["choices"] if c["votes"]} == dict(expected)
    assert sum(c["percent"] for c in results["choices"]) == 100


def test_one_browser_voting_from_several_addresses_at_once_is_counted_once(tmp_path):
    # What the (poll, voter) unique constraint is for: the per-client lock cannot order these,
    # because each copy of the vote comes from another address.
    voters, copies = 40, 5
    with running_server(tmp_path, POLL_CLIENT_MAX_VOTES="100000") as server:
        choice_ids = server.shell(SETUP_POLL)
        cookies = [secrets.token_urlsafe(32) for _ in range(voters)]
        # A voter's copies are consecutive, so they go out in the same wave, at the same instant.
        ballots = [
            (choice_ids[(v + c) % len(choice_ids)], cookie, address(v * copies + c))
            for v, cookie in enumerate(cookies)
            for c in range(copies)
        ]

        statuses = fire(server, ballots)

        stored = server.shell(COUNT_VOTES)
        results = server.get_json("/polls/her-ending/results.json")
    accepted = Counter(
        cookie for (_, cookie, _), status in zip(ballots, statuses, strict=True) if status == 201
    )
    assert Counter(statuses) == {201: voters, 409: voters * (copies - 1)}
    assert accepted == Counter(cookies)
    assert stored["rows"] == stored["voters"] == results["total"] == voters


def test_the_per_client_limit_holds_exactly_under_a_parallel_burst(tmp_path):
    # What the per-client lock is for: one address clearing its cookies between votes (a new
    # cookie each time), several such addresses at once, all racing past the count.
    limit, clients, attempts = 10, 4, 45
    with running_server(tmp_path, POLL_CLIENT_MAX_VOTES=str(limit)) as server:
        choice_ids = server.shell(SETUP_POLL)
        ballots = [
            (choice_ids[i % len(choice_ids)], secrets.token_urlsafe(32), address(client))
            for i in range(attempts)
            for client in range(clients)
        ]

        statuses = fire(server, ballots)

        stored = server.shell(COUNT_VOTES)
        results = server.get_json("/polls/her-ending/results.json")
    per_client = Counter(
        addr for (_, _, addr), status in zip(ballots, statuses, strict=True) if status == 201
    )
    assert per_client == {address(client): limit for client in range(clients)}
    assert Counter(statuses) == {201: limit * clients, 429: (attempts - limit) * clients}
    assert stored["rows"] == results["total"] == limit * clients
