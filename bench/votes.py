"""Benchmark votes on the demo poll, and check that every accepted vote is stored.

Starts gunicorn (2 workers) on a scratch database with the demo content (SQLite by default, or a
throwaway PostgreSQL database created and dropped here) and, against the same server:
  1. measures a cached GET of the demo article with wrk (the page most voters come from), and
     GET results.json, which poll.js asks on every page view;
  2. sends --votes votes from --clients concurrent connections with wrk and a Lua script, the way
     poll.js does (POST, Origin of the site, Accept: application/json, choice=<id>), each with a
     fresh voter cookie, so every vote should be accepted. Voters come from different addresses,
     as they do on a site: the server runs as it would behind one reverse proxy
     (POLL_TRUSTED_PROXY_COUNT=1) and each vote carries its own X-Forwarded-For address, so the
     per-client limit (default settings) is checked on every vote and refuses none. With
     --one-client every vote comes from 127.0.0.1 instead and the limit is raised to let them
     all in: the worst case, where the per-client checks of all votes take turns;
  3. reads the totals back from results.json and from the Vote table and prints accepted vs
     stored vs lost (target: zero lost, and nothing stored that was not accepted).
Prints votes/s, p50/p99 latency, the cached GET's requests/s and the ratio between them
(target: votes at least 50% of the cached GET).

Usage: .venv/bin/python bench/votes.py [--clients 16] [--votes 2000] [--one-client]
           [--cache-url redis://127.0.0.1:6379/14]
           [--database-url postgres://postgres@127.0.0.1:5432/[name]]
A PostgreSQL URL without a database name gets a throwaway database; a named one must not exist
yet (it is created, then dropped) and must not be the test suite's (test, test_*).
"""

import argparse
import contextlib
import json
import re
import secrets
import shutil
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import add_cache_option, bench_env, cache_settings, gunicorn, manage, wrk  # noqa: E402

ARTICLE = "/articles/her-ending-explained/"
POLL = "her-ending"
WRK_THREADS = 1  # one load thread is plenty for a few thousand requests/s, and stops cleanly

# One wrk thread (a Lua interpreter) drives all --clients connections: it sends exactly --votes
# votes, counts the statuses of their answers and times them (CLOCK_MONOTONIC, via LuaJIT's ffi).
# Once every vote is sent, a connection that comes free sends GET /health/ instead (200, told apart
# from votes, which never answer 200): a connection left open without a request would block a
# gunicorn sync worker. When the last vote is answered the thread stops and interrupts wrk, which
# would otherwise sleep for the whole -d, and done() prints lines this script reads (setup() kept
# the thread, whose globals are read back with thread:get()).
VOTE_SCRIPT = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *ts);
int getpid(void);
int kill(int pid, int sig);
]]
local timespec = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, timespec)  -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

function init(args)
  path, origin, quota, many_clients = args[1], args[2], tonumber(args[3]), args[5] == "many"
  choices = {}
  for choice in string.gmatch(args[4], "%d+") do table.insert(choices, choice) end
  math.randomseed(ffi.C.getpid() * 1000 + os.time())
  sent, answered, drains, started, finished = 0, 0, 0, 0, 0
  statuses = {}
  drain = wrk.format("GET", "/health/")
  -- wrk calls request() once before starting, only to check that the request parses; that call
  -- must not count as a vote.
  verifying = true
end

-- A voter cookie as the site issues them (32-64 URL-safe characters): unique by its counter,
-- the rest random.
local function voter_cookie()
  local parts = { string.format("b%09d", sent) }
  for _ = 1, 32 do
    local k = math.random(1, #CHARS)
    parts[#parts + 1] = CHARS:sub(k, k)
  end
  return table.concat(parts)
end

-- 10.x.y.z, one address per vote (up to 16 million votes).
local function client_address()
  local n = sent
  return string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
end

function request()
  if verifying then
    verifying = false
    return drain
  end
  if sent >= quota then
    drains = drains + 1
    return drain
  end
  if sent == 0 then started = now() end
  sent = sent + 1
  local headers = {
    ["Origin"] = origin,
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "fs_voter=" .. voter_cookie(),
  }
  if many_clients then headers["X-Forwarded-For"] = client_address() end
  return wrk.format("POST", path, headers, "choice=" .. choices[(sent % #choices) + 1])
end

function response(status, headers, body)
  if status == 200 then return end  -- GET /health/, sent once every vote was out
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
  if answered == quota then
    finished = now()
    wrk.thread:stop()
    ffi.C.kill(ffi.C.getpid(), 2)  -- SIGINT: wrk stops sleeping, reports and exits
  end
end

function done(summary, latency, requests)
  local thread = threads[1]
  local codes = thread:get("statuses")
  io.write(string.format("BENCH sent %d answered %d drains %d unfinished %d elapsed %.6f\n",
    thread:get("sent"), thread:get("answered"), thread:get("drains"),
    thread:get("finished") == 0 and 1 or 0,
    thread:get("finished") > 0 and thread:get("finished") - thread:get("started") or 0))
  io.write(string.format("BENCH latency_us p50 %d p99 %d\n", latency:percentile(50), latency:percentile(99)))
  for code, n in pairs(codes) do io.write(string.format("BENCH status %d %d\n", code, n)) end
end
"""

COUNT_VOTES = f"""
import json
from django.db.models import Count
from polls.models import Vote
votes = Vote.objects.filter(poll__slug="{POLL}")
print(json.dumps({{
    "rows": votes.count(),
    "voters": votes.values("voter_key").distinct().count(),
    "per_choice": {{str(r["choice_id"]): r["n"] for r in votes.values("choice_id").annotate(n=Count("id"))}},
}}))
"""

# Until load_demo exists (or if it fails to place the poll), the same objects it would create.
STAND_IN_DEMO = """
from articles.models import Article, Section
from filmsite.models import Film
from polls.demo import load_demo_polls
import sys
film, _ = Film.objects.update_or_create(slug="her", defaults={"title": "Her", "year": 2013})
article, _ = Article.objects.update_or_create(
    slug="her-ending-explained",
    defaults={"title": "Her Ending Explained", "film": film, "status": "published",
              "standfirst": "Why Samantha leaves, and why the ending is kinder than it looks.",
              "published_at": "2024-01-01T00:00:00Z", "intro": "A quiet ending. " * 20},
)
for position, heading in enumerate(["What happens at the end", "What the ending means", "Themes",
                                     "Why Samantha leaves", "The final scene", "What it says"], 1):
    Section.objects.update_or_create(article=article, position=position, defaults={
        "heading": heading, "body": "A paragraph of the explainer. " * 60,
        "key_points": "First point\\nSecond point\\nThird point"})
load_demo_polls(sys.stdout)
"""

DEMO_POLL = "import sys; from polls.demo import load_demo_polls; load_demo_polls(sys.stdout)"


@contextlib.contextmanager
def server_database(url):
    """The database URL the server owns: as given, or a throwaway PostgreSQL database."""
    if not url or not url.startswith(("postgres://", "postgresql://")):
        yield url
        return
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") or f"filmsite_bench_{secrets.token_hex(4)}"
    if name == "test" or name.startswith("test_") or name in ("postgres", "template0", "template1"):
        raise SystemExit(f"refusing to benchmark in the database {name!r}: name a fresh one, or none")
    admin_dsn = urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # fails if it exists: the bench owns a fresh one
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load_demo_content(env):
    manage(env, "migrate", "--noinput")
    done = manage(env, "load_demo", check=False)
    if done.returncode != 0:
        if "Unknown command" not in done.stderr:
            raise SystemExit(f"load_demo failed:\n{done.stderr}")
        print("note: no load_demo command yet; using a stand-in Her article and the demo poll")
        manage(env, "shell", "-c", STAND_IN_DEMO)
    elif "poll:" not in done.stdout:  # load_demo does not create the poll (yet)
        manage(env, "shell", "-c", DEMO_POLL)


def http(base, path, *, data=None, cookie=None):
    """(status, headers, body) of a GET, or of a vote POST made as poll.js makes it."""
    headers = {"Accept": "application/json"}
    if cookie:
        headers["Cookie"] = f"fs_voter={cookie}"
    if data is not None:
        headers.update(Origin=base, **{"Content-Type": "application/x-www-form-urlencoded"})
        data = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(base + path, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def results(base, cookie):
    status, _, body = http(base, f"/polls/{POLL}/results.json", cookie=cookie)
    assert status == 200, status
    data = json.loads(body)
    assert data["results_visible"], "results.json hides the counts from this voter"
    return data


def results_probe_choices(base):
    """The poll's choices, read from results.json before anyone voted (labels and ids only)."""
    status, _, body = http(base, f"/polls/{POLL}/results.json")
    assert status == 200, f"the demo poll is missing (HTTP {status})"
    return json.loads(body)["choices"]


def parse_script_output(out):
    lines = dict.fromkeys(("sent", "answered", "drains", "unfinished"), 0)
    match = re.search(r"BENCH sent (\d+) answered (\d+) drains (\d+) unfinished (\d+) elapsed ([\d.]+)", out)
    lines.update(zip(("sent", "answered", "drains", "unfinished"), map(int, match.groups()[:4]), strict=True))
    lines["elapsed"] = float(match.group(5))
    p50, p99 = re.search(r"BENCH latency_us p50 (\d+) p99 (\d+)", out).groups()
    lines["p50_ms"], lines["p99_ms"] = int(p50) / 1000, int(p99) / 1000
    lines["statuses"] = {int(code): int(n) for code, n in re.findall(r"BENCH status (\d+) (\d+)", out)}
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--votes", type=int, default=2000, help="votes to send (default 2000)")
    parser.add_argument("--database-url", default="", help="default: a scratch SQLite file")
    add_cache_option(parser)
    parser.add_argument("--seconds", type=int, default=5, help="length of the cached GET run (default 5)")
    parser.add_argument("--max-seconds", type=int, default=30, help="give up on the votes after this")
    parser.add_argument(
        "--one-client", action="store_true", help="every vote from one address (limit raised): the worst case"
    )
    args = parser.parse_args()
    if args.clients < 1 or args.votes < 1:
        parser.error("--clients and --votes must be at least 1")

    with server_database(args.database_url) as database_url:
        workdir, env = bench_env(
            database_url or None,
            PAGE_CACHE_SECONDS=300,
            DB_CONN_MAX_AGE=60,
            **cache_settings(args.cache_url),
            **({"POLL_CLIENT_MAX_VOTES": 10**9} if args.one_client else {"POLL_TRUSTED_PROXY_COUNT": 1}),
        )
        try:
            engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
            load_demo_content(env)
            script = workdir / "votes.lua"
            script.write_text(VOTE_SCRIPT)

            with gunicorn(env) as base:
                # One known voter first, so results.json shows this script the counts (the demo poll
                # shows them only after voting) and the run's votes can be told from it.
                probe = secrets.token_urlsafe(32)
                choice_ids = [c["id"] for c in results_probe_choices(base)]
                first = {"choice": choice_ids[0]}
                status, _, _ = http(base, f"/polls/{POLL}/vote/", data=first, cookie=probe)
                assert status == 201, f"the probe vote got HTTP {status}"
                before = results(base, probe)
                stored_before = json.loads(manage(env, "shell", "-c", COUNT_VOTES).stdout.splitlines()[-1])

                for _ in range(20):  # warm both workers' page caches
                    status, headers, _ = http(base, ARTICLE)
                assert status == 200 and headers["X-Page-Cache"] == "hit", "the article is not page-cached"
                page = wrk(base + ARTICLE, args.seconds, args.clients, WRK_THREADS)
                # What poll.js asks on every page view (a reader without a voter cookie).
                live = wrk(base + f"/polls/{POLL}/results.json", args.seconds, args.clients, WRK_THREADS)

                run = wrk(
                    base + f"/polls/{POLL}/vote/",
                    args.max_seconds,
                    args.clients,
                    WRK_THREADS,
                    script=script,
                    script_args=(
                        f"/polls/{POLL}/vote/",
                        base,
                        args.votes,
                        ",".join(map(str, choice_ids)),
                        "one" if args.one_client else "many",
                    ),
                    timeout=args.max_seconds,
                )
                after = results(base, probe)
            stored_after = json.loads(manage(env, "shell", "-c", COUNT_VOTES).stdout.splitlines()[-1])
        finally:
            shutil.rmtree(workdir, ignore_errors=True)  # the scratch SQLite file and the Lua script

    votes = parse_script_output(run["output"])
    accepted = votes["statuses"].get(201, 0)
    refused = {code: n for code, n in votes["statuses"].items() if code != 201}
    in_json = after["total"] - before["total"]
    in_table = stored_after["rows"] - stored_before["rows"]
    lost = accepted - min(in_json, in_table)
    extra = max(in_json, in_table) - accepted
    vote_rps = accepted / votes["elapsed"] if votes["elapsed"] else 0.0
    ratio = vote_rps / page["rps"] if page["rps"] else 0.0

    voters_from = "one address" if args.one_client else "a different address each"
    cache_name = "Redis" if args.cache_url else "local-memory"
    print(
        f"\n{engine}, {cache_name} cache, gunicorn 2 workers, {args.clients} clients, "
        f"{args.votes} votes from {voters_from}"
    )
    print(
        f"votes:      {accepted} accepted of {votes['sent']} sent in {votes['elapsed']:.2f} s: "
        f"{vote_rps:.0f} votes/s, p50 {votes['p50_ms']:.1f} ms, p99 {votes['p99_ms']:.1f} ms"
        + (f", refused {refused}" if refused else "")
        + (f" (wrk's percentiles include {votes['drains']} GET /health/ sent after the last vote)")
        + (f", UNFINISHED after {args.max_seconds} s" if votes["unfinished"] else "")
    )
    print(
        f"stored:     {in_json} more in results.json, {in_table} more Vote rows "
        f"({stored_after['voters']} distinct voters in {stored_after['rows']} rows); "
        f"lost {lost}, stored but not accepted {extra}"
    )
    print(
        f"cached GET: {page['rps']:.0f} r/s, p50 {page['p50']}, p99 {page['p99']}"
        + (f", {page['errors']} errors" if page["errors"] else "")
    )
    print(
        f"results:    {live['rps']:.0f} r/s for results.json (asked once per page view), "
        f"p50 {live['p50']}, p99 {live['p99']}" + (f", {live['errors']} errors" if live["errors"] else "")
    )
    print(f"ratio:      votes/s = {ratio:.0%} of cached GET r/s (target >= 50%)")
    ok = (
        lost == 0
        and extra == 0
        and not refused
        and not votes["unfinished"]
        and stored_after["rows"] == stored_after["voters"]
        and after["total"] == stored_after["rows"]
    )
    print("no vote lost" if ok else "VOTES DO NOT ADD UP")
    print("target met" if ratio >= 0.5 else "TARGET MISSED (votes < 50% of cached GET)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
