"""Full-text search of published explainers: one API over PostgreSQL and SQLite.

``search(text, page=..., per_page=...)`` returns a page of published articles, best first, each
with a highlighted ``snippet``, and a count capped at ``SEARCH_MAX_RESULTS``. The index is built
and kept current by ``search_index.py``; visibility is always ``Article.objects.published()``.

What a reader may type (the same on both databases, in the spirit of websearch_to_tsquery):
    words         every word must appear, as a whole word, in any form ("explained" finds
                  "explains", "her" never matches "other")
    "a phrase"    these words next to each other
    this or that  either
    -word         must not appear (ignored when nothing else is asked for)
Any other character is a word separator: no input is a syntax error, and the query is rebuilt
from its words (letters and digits only), so nothing a reader types reaches the database as
query syntax.

Ranking: matches in the title or film title count most, then standfirst, headings and tags,
then people, then the text (PostgreSQL ``ts_rank`` with weights; SQLite FTS5 ``bm25`` with
column weights); equal ranks go newest first.

Bounded cost, so a search costs about the same on 100k articles as on ten:
* only the ``SEARCH_MAX_RESULTS`` most recently written matching documents (highest article
  id: both indexes can be read in that order and stopped early) are ranked, and the
  published() ones among them shown: ranking every article that contains a common word would
  read every document. The count says "more than N" beyond;
* the count comes with the page, from the same capped set (no COUNT over the archive), and
  pages stop at the cap, so a deep page costs what the first one does;
* snippets are made for the page's articles only;
* every query runs under a time limit (``SEARCH_TIMEOUT_MS``): PostgreSQL's statement_timeout
  set for the search's own transaction, SQLite's progress handler; past it, ``SearchTimeout``;
* ``throttle()`` is the per-client rate limit (``SEARCH_RATE_LIMIT`` per
  ``SEARCH_RATE_WINDOW_SECONDS``), clients told apart as the poll limits do (polls.voting).
"""

import contextlib
import functools
import json
import operator
import re
import time
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, F
from django.db.models.expressions import RawSQL
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.safestring import mark_safe

from filmsite import failsafe
from polls.voting import client_network

from .models import Article, SearchDocument, published_q
from .search_index import FTS_TABLE, MARK_END, MARK_START, PG_CONFIG

MAX_QUERY_CHARS = 100
MAX_WORDS = 10
SNIPPET_WORDS = 24
# ts_rank weights for D, C, B, A, and FTS5 bm25 weights per column (title, film, summary,
# people, body): the same order of importance on both databases.
PG_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
FTS_WEIGHTS = "10.0, 10.0, 4.0, 2.0, 1.0"

_CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')  # a quoted phrase (closing quote optional) or a word
_WORD = re.compile(r"[^\W_]+")  # letters and digits


class SearchTimeout(Exception):
    """The search ran past SEARCH_TIMEOUT_MS and was stopped by the database."""


def clean_query(raw):
    """What the reader typed, as shown back to them: printable, NFC, trimmed, 100 characters."""
    text = "".join(ch for ch in unicodedata.normalize("NFC", raw) if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_CHARS]


@dataclass(frozen=True)
class Term:
    text: str  # as typed (for PostgreSQL's parser, which reads "A.I." or "e-mail" as one token)
    words: tuple  # its letters-and-digits words (for FTS5, whose tokenizer splits at punctuation)
    negated: bool = False


@dataclass(frozen=True)
class Query:
    clauses: tuple = ()  # every clause must match; a clause matches when any of its terms does
    excluded: tuple = ()  # terms that must not match

    def __bool__(self):
        return bool(self.clauses)


def parse_query(text):
    """The reader's text as a Query of whole-word terms (see the module docstring)."""
    clauses, excluded, either, budget = [], [], False, MAX_WORDS
    for match in _CHUNK.finditer(text):
        dash, phrase, bare = match.groups()
        if bare is not None and bare.lower() == "or":
            either = bool(clauses)
            continue
        if phrase is not None:
            raw, negated = phrase, bool(dash)
        else:
            raw, negated = bare.lstrip("-"), bare.startswith("-")
        words = tuple(_WORD.findall(raw))
        if not words or len(words) > budget:
            continue
        budget -= len(words)
        term = Term(raw, words, negated)
        if negated:
            excluded.append(term)
        elif either:
            clauses[-1] = (*clauses[-1], term)
        else:
            clauses.append((term,))
        either = False
        if budget <= 0:
            break
    return Query(tuple(clauses), tuple(excluded))


@dataclass
class Results:
    articles: list = field(default_factory=list)  # for_listing() articles, each with .snippet
    total: int = 0  # matches, counted up to SEARCH_MAX_RESULTS
    more: bool = False  # there are more matches than that


def max_pages(per_page):
    return max(1, settings.SEARCH_MAX_RESULTS // per_page)


def search(text, *, page=1, per_page=12):
    """The ``page``-th page of published articles matching ``text``, best first.

    Two queries whatever the size of the archive: the ranked page of ids with the capped count,
    then those articles (PostgreSQL adds two: the search's limits, and the planner's estimate of
    the matches).
    Raises SearchTimeout when the database stopped the search at SEARCH_TIMEOUT_MS.
    """
    query = parse_query(text)
    if not query:
        return Results()
    backend = _Postgres(query) if connection.vendor == "postgresql" else _SQLite(query)
    cap = settings.SEARCH_MAX_RESULTS
    with guarded():
        rows = backend.ranked_page(limit=per_page, offset=(page - 1) * per_page, cap=cap)
        if not rows:
            return Results()
        by_id = {article.pk: article for article in backend.articles(_listing([row[0] for row in rows]))}
    articles = []
    for pk, _, _, snippet in rows:
        article = by_id.get(pk)
        if article is not None and article.live:  # not unpublished since the first query
            article.snippet = _safe_snippet(snippet if snippet is not None else article.snippet)
            articles.append(article)
    _, count, more, _ = rows[0]
    return Results(articles=articles, total=min(count, cap), more=bool(more))


def _listing(ids):
    """These articles for the result cards, each with ``live``: published() right now.

    The rule is read as a value rather than used as a filter, so the database looks the page's
    few articles up by primary key (SQLite, without statistics, would rather walk its index of
    every published article to apply the filter).
    """
    live = ExpressionWrapper(published_q(), output_field=BooleanField())
    return Article.objects.for_listing().filter(pk__in=ids).order_by().annotate(live=live)


def _safe_snippet(text):
    """The snippet as HTML: everything escaped except the highlight marks, which become <mark>."""
    text = escape(text or "")
    if text.count(MARK_START) != text.count(MARK_END):
        return mark_safe(text.replace(MARK_START, "").replace(MARK_END, ""))
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


# Above this many estimated matches per result wanted, walking the newest documents is the
# cheaper way to find the newest matches (measured at 100k articles: 1 us per match through the
# index against 5 us per document walked).
COMMON_MATCHES_PER_RESULT = 50


def _planned_rows(queryset):
    """PostgreSQL's estimate of how many rows ``queryset`` finds (planning only, no execution)."""
    return json.loads(queryset.explain(format="json"))[0]["Plan"]["Plan Rows"]


class _Postgres:
    """tsquery over the GIN-indexed tsvector; ts_rank with weights; ts_headline."""

    def __init__(self, query):
        def term(t):
            # phraseto_tsquery reads its argument as plain text: no operator in it is syntax.
            return SearchQuery(t.text, config=PG_CONFIG, search_type="phrase")

        tsquery = functools.reduce(
            operator.and_, (functools.reduce(operator.or_, map(term, clause)) for clause in query.clauses)
        )
        for t in query.excluded:
            tsquery &= ~term(t)
        self.tsquery = tsquery

    def ranked_page(self, *, limit, offset, cap):
        """Rows of (article id, matches counted up to cap + 1, more than cap?, None) for a page."""
        # The newest cap + 1 matching documents, one of two ways. A common word: walk the
        # documents newest first, testing each, and stop after about cap + 1. Any other: read
        # the GIN index and sort what it found (``pk + 0`` keeps the planner off the first way:
        # it does not count the cost of reading each vector it tests, and for a word in 3% of
        # 100k articles it walked 6,700 of them, 31 ms, where the index takes 4 ms). Which one
        # comes from the planner's estimate of the matches. Only those are ranked, and only
        # the published() ones among them count.
        matches = SearchDocument.objects.filter(vector=self.tsquery)
        common = _planned_rows(matches) > COMMON_MATCHES_PER_RESULT * (cap + 1)
        newest_first = F("pk").desc() if common else (F("pk") + 0).desc()
        hits = matches.order_by(newest_first).values("pk")[: cap + 1]
        hits_sql, hits_params = hits.query.sql_with_params()
        candidates = (
            Article.objects.published()
            .filter(pk__in=RawSQL("SELECT id FROM hits", []))
            .annotate(rank=SearchRank(F("search_document__vector"), self.tsquery, weights=PG_WEIGHTS))
            .order_by()
            .values_list("pk", "published_at", "rank")
        )
        sql, params = candidates.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH hits (id) AS MATERIALIZED ({hits_sql}),
                candidates (id, published_at, rank) AS ({sql})
                SELECT id, count(*) OVER (), (SELECT count(*) FROM hits) > %s, NULL FROM candidates
                ORDER BY rank DESC, published_at DESC, id DESC LIMIT %s OFFSET %s
                """,
                [*hits_params, *params, cap, limit, offset],
            )
            return cursor.fetchall()

    def articles(self, listing):
        snippet = SearchHeadline(
            "search_document__body",
            self.tsquery,
            config=PG_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=SNIPPET_WORDS,
            min_words=SNIPPET_WORDS // 2,
            max_fragments=1,
        )
        return listing.annotate(snippet=snippet)


class _SQLite:
    """FTS5 MATCH over the external-content FTS table; bm25 with column weights; snippet()."""

    def __init__(self, query):
        def phrase(t):
            return '"' + " ".join(t.words) + '"'  # letters and digits only: nothing to escape

        clauses = ("(" + " OR ".join(map(phrase, clause)) + ")" for clause in query.clauses)
        self.match = " AND ".join(clauses) + "".join(" NOT " + phrase(t) for t in query.excluded)

    def ranked_page(self, *, limit, offset, cap):
        """Rows of (article id, matches counted up to cap + 1, more than cap?, snippet)."""
        # FTS5 reads matches in rowid (article id) order and scores them as it goes, so the
        # newest cap + 1 matching documents cost the same on 100k articles as on ten. Each is
        # then looked up by primary key through published(): its publication time, or NULL
        # when not public. Snippets are made for the page's rows only, in one more index pass.
        published_at = (
            Article.objects.published().filter(pk=RawSQL("hits.id", [])).order_by().values("published_at")
        )
        sql, params = published_at.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH hits (id, score) AS MATERIALIZED (
                    SELECT rowid, bm25({FTS_TABLE}, {FTS_WEIGHTS}) FROM {FTS_TABLE}
                    WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s
                ),
                candidates (id, score, published_at) AS (SELECT hits.id, hits.score, ({sql}) FROM hits),
                page AS MATERIALIZED (
                    SELECT id, score, published_at, count(*) OVER () AS total,
                        (SELECT count(*) FROM hits) > %s AS more
                    FROM candidates WHERE published_at IS NOT NULL
                    ORDER BY score, published_at DESC, id DESC LIMIT %s OFFSET %s
                ),
                snippets (id, snippet) AS MATERIALIZED (
                    SELECT rowid, snippet({FTS_TABLE}, 4, %s, %s, %s, {SNIPPET_WORDS}) FROM {FTS_TABLE}
                    WHERE {FTS_TABLE} MATCH %s AND rowid IN (SELECT id FROM page)
                )
                SELECT page.id, page.total, page.more, snippets.snippet
                FROM page LEFT JOIN snippets ON snippets.id = page.id
                ORDER BY page.score, page.published_at DESC, page.id DESC
                """,
                [self.match, cap + 1, *params, cap, limit, offset, MARK_START, MARK_END, "…", self.match],
            )
            return cursor.fetchall()

    def articles(self, listing):
        return listing  # snippets came with the ranked page


@contextlib.contextmanager
def guarded():
    """Run the search's queries under its limits; raise SearchTimeout when time ran out.

    PostgreSQL: settings for this transaction only (``set_config(..., true)`` is SET LOCAL):
    ``statement_timeout`` of SEARCH_TIMEOUT_MS, and no parallel workers (a search must not take
    the cores a page needs; and the newest-first candidate scan stops early only in one
    process). SQLite: a progress handler aborts the running statement once the time is up.
    Neither needs a thread or a signal.
    """
    milliseconds = settings.SEARCH_TIMEOUT_MS
    if connection.vendor == "postgresql":
        wanted = {"max_parallel_workers_per_gather": "0"}
        if milliseconds > 0:
            wanted["statement_timeout"] = f"{milliseconds}ms"
        names, values = list(wanted), list(wanted.values())
        nested = connection.in_atomic_block  # then the settings would outlive this block: put back
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                reads = ", ".join("current_setting(%s)" for _ in names)
                writes = ", ".join("set_config(%s, %s, true)" for _ in names)
                pairs = [item for pair in zip(names, values, strict=True) for item in pair]
                cursor.execute(f"SELECT {reads}, {writes}", [*names, *pairs])
                previous = cursor.fetchone()[: len(names)]
                yield
                if nested:
                    pairs = [item for pair in zip(names, previous, strict=True) for item in pair]
                    cursor.execute(f"SELECT {writes}", pairs)
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
                raise SearchTimeout from error
            raise
        return
    if milliseconds <= 0:
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + milliseconds / 1000
    raw.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
    try:
        yield
    except OperationalError as error:
        if "interrupted" in str(error):
            raise SearchTimeout from error
        raise
    finally:
        raw.set_progress_handler(None, 1000)


def throttle(request):
    """Count one search from this client; the seconds to wait if it is over its limit, else None.

    A fixed window per client network (an IPv6 /64 counts as one client), counted in the cache
    (shared by every worker with Redis; per process with the local-memory cache). Only a keyed
    hash of the address is used in the key.
    """
    limit, window = settings.SEARCH_RATE_LIMIT, settings.SEARCH_RATE_WINDOW_SECONDS
    if limit <= 0 or window <= 0:
        return None
    now = time.time()
    slot = int(now // window)
    client = salted_hmac("search-rate", client_network(request)).hexdigest()[:32]
    key = f"search-rate:{client}:{slot}"

    def count_this_search():
        cache.add(key, 0, timeout=window + 1)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 1)
            return 1

    # A cache that is down costs the limit, never the search (the time limit still holds).
    count = failsafe.attempt(count_this_search, doing="counting a search for its rate limit")
    if count is None or count <= limit:
        return None
    return max(1, int((slot + 1) * window - now + 0.999))
