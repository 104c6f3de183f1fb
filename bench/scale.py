"""Every public page and the admin lists, on the demo database and on a 100k database.

Builds (or, with --reuse, keeps) two databases: the demo content (`load_demo`), and the demo plus
`seed_bulk` (100,000 articles with 6 sections, 20,000 films and people, 5,000 tags, 2,000 polls,
1,000,000 votes by default). PostgreSQL by default, in databases of their own
(filmsite_scale_demo, filmsite_scale_bulk); `--sqlite` uses files under /tmp instead. Then, for
each database, one gunicorn worker with every cache off (page, fragment, sitemap) serves each URL
--repeat times after a warm-up request, and the script prints the median time side by side,
the ratio, the SQL queries per request and their time at 100k (in-process, caches off; the
rest of a page's time is Python and templates) and the response size.
A second server with the caches on measures page-cache hits. `--explain N` prints the plans of
the N slowest queries seen at 100k.

Pages are compared by role: "the busiest film" is Her on the demo and the film with the most
explainers at 100k, "a tag, last page" is the most used tag's oldest page, and so on.
Targets (issue 9): every URL within 3x of its demo time, none over 100 ms at 100k except search,
query counts flat, page-cache hits flat. Figures are printed, never asserted.

Usage:
  .venv/bin/python bench/scale.py [--reuse] [--repeat 7] [--explain 5] [--sqlite]
      [--articles 100000 --films 20000 --people 20000 --tags 5000 --polls 2000 --votes 1000000]
      [--postgres postgres://postgres@127.0.0.1:5432] [--demo-db NAME] [--bulk-db NAME]
"""

import argparse
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, bench_env, gunicorn, manage  # noqa: E402

CACHES_OFF = {"PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0", "SITEMAP_CACHE_SECONDS": "0"}
CACHES_ON = {"PAGE_CACHE_SECONDS": "300", "FRAGMENT_CACHE_SECONDS": "300", "SITEMAP_CACHE_SECONDS": "300"}
SEED_OPTIONS = ("articles", "sections", "films", "people", "tags", "polls", "votes")
ADMIN_USER = "scale-bench-admin"
NOT_MINE = {"search"}  # measured for completeness; issue 9's search is built elsewhere


# --- databases -----------------------------------------------------------------------------------


def database_url(args, name):
    if args.sqlite:
        folder = Path(args.sqlite_dir)
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / name}.sqlite3"
    return f"{args.postgres.rstrip('/')}/{name}"


def exists_and_seeded(url, env, bulk):
    """Whether ``url`` holds a database this script built (and seeded, for the 100k one)."""
    probe = (
        "from django.contrib.auth import get_user_model as U; "
        "print('SEEDED', U().objects.filter(username__startswith='seed-writer-').exists())"
    )
    result = manage({**env, "DATABASE_URL": url}, "shell", "-c", probe, check=False)
    if result.returncode != 0 or "SEEDED" not in result.stdout:
        return False
    return (result.stdout.split("SEEDED")[1].strip() == "True") == bulk


def recreate(url):
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    if name == "test" or name.startswith("test_"):
        raise SystemExit(f"refusing to touch {name}: it looks like a test database")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def build(args, env, name, bulk):
    url = database_url(args, name)
    env = {**env, "DATABASE_URL": url}
    if args.reuse and exists_and_seeded(url, env, bulk):
        print(f"  {name}: reused")
        manage(env, "migrate", "--noinput")
        return env
    recreate(url)
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    if bulk:
        sizes = [f"--{option}={getattr(args, option)}" for option in SEED_OPTIONS]
        seeded = manage(env, "seed_bulk", *sizes, f"--seed={args.seed}")
        print("  " + next(line for line in seeded.stdout.splitlines() if "done in" in line).strip())
        indexed = time.monotonic()
        manage(env, "rebuild_search_index")  # bulk rows send no signals: index them for /search/
        print(f"  search index rebuilt in {time.monotonic() - indexed:.0f} s")
    print(f"  {name}: built in {time.monotonic() - started:.0f} s")
    return env


# --- the probe: runs inside Django, in a subprocess per database ---------------------------------


def probe(explain):
    """Print (as JSON) every role's URL with its status, size and queries, caches off."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, TaggedArticle, published_q
    from filmsite.models import Film
    from polls.models import Poll, Vote

    for name, value in CACHES_OFF.items():
        setattr(settings, name, int(value))
    settings.ALLOWED_HOSTS = ["*"]

    published = Article.objects.published()
    film = (
        Film.objects.annotate(n=Count("articles", filter=published_q("articles__")))
        .order_by("-n", "pk")
        .first()
    )
    film_article = published.filter(film=film).order_by("-published_at").first()
    tag = (
        TaggedArticle.objects.values("tag__slug").annotate(n=Count("pk")).order_by("-n").first()["tag__slug"]
    )
    poll = Vote.objects.values("poll").annotate(n=Count("pk")).order_by("-n").first()
    poll = Poll.objects.get(pk=poll["poll"]) if poll else Poll.objects.get(slug="her-ending")
    article_pages = published.count() // 12 + 1
    admin_pages = Article.objects.count() // 100 + 1

    client = Client()

    def last_page(url):
        response = client.get(f"{url}?page=last")
        return response["Location"] if response.status_code == 302 else url

    index = client.get("/sitemap.xml").content.decode()
    sitemap_pages = re.findall(r"<loc>[^<]*?(/sitemap-[^<]+)</loc>", index)
    article_sitemaps = [page for page in sitemap_pages if "articles" in page]

    public = {
        "home": "/",
        "articles, first page": "/articles/",
        "articles, last page (cursor)": last_page("/articles/"),
        "articles, old ?page=N link (302)": f"/articles/?page={article_pages}",
        "article page (Her), cold": "/articles/her-ending-explained/",
        "article of the busiest film, cold": film_article.get_absolute_url(),
        "film page (Her)": "/films/her/",
        "busiest film page": film.get_absolute_url(),
        "busiest film, all explainers": f"/films/{film.slug}/explainers/",
        "films, first page": "/films/",
        "films, last page (cursor)": last_page("/films/"),
        "most used tag, first page": f"/tags/{tag}/",
        "most used tag, last page": last_page(f"/tags/{tag}/"),
        "sitemap index": "/sitemap.xml",
        "sitemap, last articles page": article_sitemaps[-1],
        "sitemap, films page 1": "/sitemap-films-1.xml",
        "sitemap, news": "/sitemap-news.xml",
        "feed": "/feed/",
        "poll page": poll.get_absolute_url(),
        "poll results.json": f"{poll.get_absolute_url()}results.json",
        "search (not ours)": "/search/?q=ending",
    }
    admin = {
        "admin: articles": "/admin/articles/article/",
        "admin: articles, search 'ending'": "/admin/articles/article/?q=ending",
        "admin: articles, search 'samantha'": "/admin/articles/article/?q=samantha",
        "admin: articles, last page": f"/admin/articles/article/?p={admin_pages}",
        "admin: articles of the busiest film": f"/admin/articles/article/?film__id__exact={film.pk}",
        "admin: films": "/admin/filmsite/film/",
        "admin: films, search 'her'": "/admin/filmsite/film/?q=her",
        "admin: people": "/admin/filmsite/person/",
        "admin: polls": "/admin/polls/poll/",
        "admin: busiest poll": f"/admin/polls/poll/{poll.pk}/change/",
        "admin: votes": "/admin/polls/vote/",
        "admin: votes of the busiest poll": f"/admin/polls/vote/?poll__id__exact={poll.pk}",
        "admin: CSV of every poll (POST)": "/admin/polls/poll/",
    }

    user = get_user_model().objects.filter(username=ADMIN_USER).first()
    if user is None:
        user = get_user_model().objects.create_superuser(ADMIN_USER, "", None)
    editor = Client()
    editor.force_login(user)
    every_poll = list(Poll.objects.values_list("pk", flat=True))

    rows, slowest = [], []
    for group, urls, who in (("public", public, client), ("admin", admin, editor)):
        for role, url in urls.items():
            post = role.endswith("(POST)")
            for _ in range(2):  # the second run is counted: the first warms the database's cache
                with CaptureQueriesContext(connection) as ctx:
                    if post:  # "select all N polls", then the action: the whole list, not one page
                        data = {"action": "export_results_csv", "select_across": "1"}
                        data["_selected_action"] = every_poll[:1]
                        response = who.post(url, data)
                    else:
                        response = who.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            rows.append(
                {
                    "role": role,
                    "group": group,
                    "url": url,
                    "post": post,
                    "status": response.status_code,
                    "bytes": len(body),
                    "queries": len(ctx.captured_queries),
                    "sql_ms": sum(float(query["time"]) for query in ctx.captured_queries) * 1000,
                }
            )
            for query in ctx.captured_queries:
                slowest.append((float(query["time"]), role, query["sql"]))
    plans = []
    if explain:
        slowest.sort(reverse=True)
        seen = set()
        for seconds, role, sql in slowest:
            if sql in seen or not sql.lstrip().upper().startswith("SELECT"):
                continue
            seen.add(sql)
            prefix = (
                "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            )
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql)
                plan = "\n".join(" | ".join(map(str, row)) for row in cursor.fetchall())
            plans.append({"ms": seconds * 1000, "role": role, "sql": sql, "plan": plan})
            if len(plans) >= explain:
                break
    print(
        "SCALE_JSON "
        + json.dumps({"rows": rows, "admin_user": ADMIN_USER, "plans": plans, "polls": every_poll})
    )


def run_probe(env, explain):
    result = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "--probe", f"--explain={explain}"],
        cwd=ROOT,
        env={**env, **CACHES_OFF},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or "SCALE_JSON " not in result.stdout:
        raise SystemExit(f"probe failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.split("SCALE_JSON ", 1)[1])


# --- timing through gunicorn ---------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def session_cookie(env, username):
    """A logged-in session for ``username``, made in the database the server uses."""
    code = (
        "from django.contrib.auth import get_user_model; from django.test import Client; "
        f"c = Client(); c.force_login(get_user_model().objects.get(username='{username}')); "
        "print('SESSION', c.cookies['sessionid'].value)"
    )
    out = manage(env, "shell", "-c", code).stdout
    return out.split("SESSION", 1)[1].strip()


def opener(base, session=None):
    jar = http.cookiejar.CookieJar()
    build = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    if session:
        host = urllib.parse.urlsplit(base).hostname
        jar.set_cookie(
            http.cookiejar.Cookie(
                0,
                "sessionid",
                session,
                None,
                False,
                host,
                False,
                False,
                "/",
                True,
                False,
                None,
                True,
                None,
                None,
                {},
            )
        )
    return build, jar


def fetch(build, url, data=None):
    started = time.perf_counter()
    try:
        with build.open(url, data=data, timeout=120) as response:
            body = response.read()
            status = response.status
            headers = response.headers
    except urllib.error.HTTPError as error:
        body, status, headers = error.read(), error.code, error.headers
    return (time.perf_counter() - started) * 1000, status, body, headers


def csv_post_data(build, base, polls):
    """Form data for the CSV action, with the CSRF token of a changelist the session just read."""
    _, _, body, _ = fetch(build, base + "/admin/polls/poll/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    fields = [("csrfmiddlewaretoken", token), ("action", "export_results_csv"), ("select_across", "1")]
    fields += [("_selected_action", str(pk)) for pk in polls[:1]]
    return urllib.parse.urlencode(fields).encode()


def time_rows(env, found, repeat, extra_env):
    session = session_cookie(env, found["admin_user"])
    times = {}
    with gunicorn({**env, **extra_env}, workers=1) as base:
        public, _ = opener(base)
        editor, _ = opener(base, session)
        for row in found["rows"]:
            build = editor if row["group"] == "admin" else public
            url = base + row["url"]
            samples = []
            for i in range(repeat + 1):
                data = csv_post_data(build, base, found["polls"]) if row["post"] else None
                ms, status, _, _ = fetch(build, url, data)
                if i:  # the first request warms the worker
                    samples.append(ms)
            times[row["role"]] = (statistics.median(samples), status)
    return times


def time_cache_hits(env, found, repeat):
    """Page-cache hits for the public pages the page cache serves, caches on."""
    hits = {}
    cached = [row for row in found["rows"] if row["group"] == "public" and "sitemap" not in row["url"]]
    with gunicorn({**env, **CACHES_ON}, workers=1) as base:
        build, _ = opener(base)
        for row in cached:
            fetch(build, base + row["url"])
            samples, states = [], set()
            for _ in range(repeat):
                ms, _, _, headers = fetch(build, base + row["url"])
                samples.append(ms)
                states.add(headers.get("X-Page-Cache") or headers.get("X-Sitemap-Cache") or "-")
            if states == {"hit"}:
                hits[row["role"]] = statistics.median(samples)
    return hits


# --- report --------------------------------------------------------------------------------------


def report(demo, bulk, demo_times, bulk_times, demo_hits, bulk_hits):
    print(
        f"\n{'page (caches off)':<42}{'demo ms':>9}{'100k ms':>9}{'ratio':>7}{'demo q':>8}{'100k q':>8}"
        f"{'demo SQL':>9}{'100k SQL':>9}{'100k KB':>9}  status  flags"
    )
    bulk_rows = {row["role"]: row for row in bulk["rows"]}
    misses = []
    for row in demo["rows"]:
        role = row["role"]
        big = bulk_rows[role]
        d_ms, d_status = demo_times[role]
        b_ms, status = bulk_times[role]
        ratio = b_ms / d_ms if d_ms else float("inf")
        flags = []
        if ratio > 3:
            flags.append(">3x")
        if b_ms > 100:
            flags.append(">100ms")
        if big["queries"] != row["queries"]:
            flags.append("queries differ")
        if flags:
            misses.append(role)
        print(
            f"{role:<42}{d_ms:>9.1f}{b_ms:>9.1f}{ratio:>6.1f}x{row['queries']:>8}{big['queries']:>8}"
            f"{row['sql_ms']:>9.1f}{big['sql_ms']:>9.1f}{big['bytes'] / 1024:>9.0f}  {d_status}/{status}  "
            f"{' '.join(flags)}"
        )
    print(f"\n{'page-cache hit':<42}{'demo ms':>9}{'100k ms':>9}{'ratio':>7}")
    for role, ms in demo_hits.items():
        if role in bulk_hits:
            print(f"{role:<42}{ms:>9.2f}{bulk_hits[role]:>9.2f}{bulk_hits[role] / ms:>6.1f}x")
    print(
        "\nOn the demo every list has one page, so its 'last page' is its first (fewer queries), and"
        "\nadmin lists show 5-12 rows against 100 at 100k (their SQL time is the column to compare)."
    )
    mine = [role for role in misses if not any(word in role for word in NOT_MINE)]
    print(f"\noutside the targets (3x, 100 ms, flat queries): {', '.join(mine) if mine else 'none'}")
    for plan in bulk["plans"]:
        print(f"\n--- {plan['ms']:.1f} ms in '{plan['role']}':\n{plan['sql']}\n{plan['plan']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--explain", type=int, default=0, help="plans of the N slowest queries at 100k")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per URL (median)")
    parser.add_argument("--reuse", action="store_true", help="keep databases this script built before")
    parser.add_argument("--sqlite", action="store_true", help="SQLite files instead of PostgreSQL")
    parser.add_argument("--sqlite-dir", default="/tmp/filmsite-scale")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--demo-db", default="filmsite_scale_demo")
    parser.add_argument("--bulk-db", default="filmsite_scale_bulk")
    parser.add_argument("--seed", type=int, default=1)
    defaults = {"articles": 100_000, "sections": 6, "films": 20_000, "people": 20_000, "tags": 5_000}
    defaults |= {"polls": 2_000, "votes": 1_000_000}
    for option in SEED_OPTIONS:
        parser.add_argument(f"--{option}", type=int, default=defaults[option])
    args = parser.parse_args()
    if args.probe:
        probe(args.explain)
        return 0

    _, env = bench_env()
    env.pop("DATABASE_URL")
    print(
        f"databases: {'SQLite under ' + args.sqlite_dir if args.sqlite else 'PostgreSQL at ' + args.postgres}"
    )
    demo_env = build(args, env, args.demo_db, bulk=False)
    bulk_env = build(args, env, args.bulk_db, bulk=True)
    demo, bulk = run_probe(demo_env, 0), run_probe(bulk_env, args.explain)
    demo_times = time_rows(demo_env, demo, args.repeat, CACHES_OFF)
    bulk_times = time_rows(bulk_env, bulk, args.repeat, CACHES_OFF)
    demo_hits = time_cache_hits(demo_env, demo, args.repeat)
    bulk_hits = time_cache_hits(bulk_env, bulk, args.repeat)
    load = os.getloadavg()[0]
    print(f"load average: {load:.1f} on {os.cpu_count()} cores (figures are noisy when it is high)")
    report(demo, bulk, demo_times, bulk_times, demo_hits, bulk_hits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
