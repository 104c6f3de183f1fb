"""Hand-written SQL for the two hot poll requests: a vote, and results.json (asked on every page
view with a poll). The rules that use it live in ``polls/voting.py``.

Why not the ORM here? These requests run on every vote and page view, and for each statement
Django's query building costs several times more than the database work: measured in-process,
the ORM's ``Poll.objects.published().get(slug=...)`` takes 0.25 ms against 0.03 ms here, and the
per-choice count with ``annotate(Count("votes"))`` 0.42 ms against 0.02 ms (``bench/votes.py``
measures the whole endpoint). Everything else in the project uses the ORM.

The statements are plain SQL that SQLite and PostgreSQL both run. Their text is built once per
process from the models' ``_meta`` (table and column names); values are always parameters.
"""

import contextlib
import fcntl
import functools
import hashlib
import logging

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from articles.models import Article, Section

from .models import Choice, ChoiceTally, Poll, Vote

logger = logging.getLogger(__name__)

VOTE_COLUMNS = ("poll_id", "choice_id", "voter_key", "client_hash", "created_at")


def _db():
    return connections[DEFAULT_DB_ALIAS]


@functools.lru_cache(maxsize=8)
def _statements(quote_name):
    """The statements' text, quoted for one database (``quote_name`` is its quoting function)."""
    poll, choice, vote, tally = (quote_name(m._meta.db_table) for m in (Poll, Choice, Vote, ChoiceTally))
    section, article = (quote_name(m._meta.db_table) for m in (Section, Article))
    poll_columns = ", ".join(f"p.{quote_name(field.column)}" for field in Poll._meta.concrete_fields)
    # As Poll.objects.published(): published, and on its own or placed in a live article.
    # Parameters: published status, True, published status, now.
    public = f"""p.status = %s AND (p.standalone = %s OR EXISTS (
        SELECT 1 FROM {section} s JOIN {article} a ON a.id = s.article_id
        WHERE s.poll_id = p.id AND a.status = %s AND a.published_at <= %s))"""
    return {
        "published_poll": f"SELECT {poll_columns} FROM {poll} p WHERE p.slug = %s AND {public}",
        # (status, opened, closed, choice is the poll's, voter has voted, this client's votes
        # since the window start, counted up to the limit: the count never reads more rows).
        "ballot_facts": f"""
            SELECT CASE WHEN {public} THEN 1 ELSE 0 END,
                   CASE WHEN p.opens_at <= %s THEN 1 ELSE 0 END,
                   CASE WHEN p.closes_at IS NOT NULL AND p.closes_at <= %s THEN 1 ELSE 0 END,
                   EXISTS (SELECT 1 FROM {choice} c WHERE c.id = %s AND c.poll_id = p.id),
                   EXISTS (SELECT 1 FROM {vote} v WHERE v.poll_id = p.id AND v.voter_key = %s),
                   (SELECT COUNT(*) FROM (
                       SELECT 1 FROM {vote} v
                       WHERE v.poll_id = %s AND v.client_hash = %s AND v.created_at > %s
                       LIMIT %s) recent)
            FROM {poll} p WHERE p.id = %s""",
        "lock_client": "SELECT pg_advisory_xact_lock(%s)",  # PostgreSQL only; see lock_client()
        "insert_vote": f"INSERT INTO {vote} ({', '.join(map(quote_name, VOTE_COLUMNS))}) "
        "VALUES (%s, %s, %s, %s, %s)",
        "has_voted": f"SELECT 1 FROM {vote} WHERE poll_id = %s AND voter_key = %s",
        "choices_with_tallies": f"""
            SELECT c.id, c.label, c.reference_percent, COALESCE(t.votes, 0)
            FROM {choice} c LEFT JOIN {tally} t ON t.choice_id = c.id
            WHERE c.poll_id = %s ORDER BY c.position, c.id""",
        "choices_with_recounts": f"""
            SELECT c.id, c.label, c.reference_percent,
                   (SELECT COUNT(*) FROM {vote} v WHERE v.choice_id = c.id)
            FROM {choice} c WHERE c.poll_id = %s ORDER BY c.position, c.id""",
    }


def _sql(db, name):
    return _statements(db.ops.quote_name)[name]


@functools.lru_cache(maxsize=8)
def _converters(model, db):
    """Per field of ``model``: the functions the ORM applies to a value read from ``db``."""
    converters = []
    for field in model._meta.concrete_fields:
        column = field.get_col(model._meta.db_table)
        converters.append((column, db.ops.get_db_converters(column) + field.get_db_converters(db)))
    return converters


def _instance(db, model, row):
    """A model instance from a row of its concrete fields, converted as the ORM converts them."""
    values = []
    for (column, functions), value in zip(_converters(model, db), row, strict=True):
        for function in functions:
            value = function(value, column, db)
        values.append(value)
    return model.from_db(db.alias, [field.attname for field in model._meta.concrete_fields], values)


def _public_params(db, now):
    published = Poll.Status.PUBLISHED
    return [published, True, Article.Status.PUBLISHED, db.ops.adapt_datetimefield_value(now)]


def published_poll(slug, now=None):
    """The poll with this slug if it is public, else None: as ``Poll.objects.published()``."""
    db = _db()
    with db.cursor() as cursor:
        cursor.execute(_sql(db, "published_poll"), [slug, *_public_params(db, now or timezone.now())])
        row = cursor.fetchone()
    return _instance(db, Poll, row) if row else None


def ballot_facts(cursor, *, poll_id, choice_id, voter_key, client_hash, now, since, limit):
    """What the voting rule needs to know, in one round trip; None when the poll is gone."""
    db = _db()
    adapt = db.ops.adapt_datetimefield_value
    cursor.execute(
        _sql(db, "ballot_facts"),
        [
            *_public_params(db, now),
            adapt(now),
            adapt(now),
            choice_id,
            voter_key,
            poll_id,
            client_hash,
            adapt(since),
            limit,
            poll_id,
        ],
    )
    return cursor.fetchone()


_sqlite_lock_files = {}


@contextlib.contextmanager
def writers_queue():
    """On SQLite, make vote transactions from every process queue on a kernel lock.

    SQLite lets one writer in at a time, and a connection that finds the database locked polls:
    its busy handler sleeps 1, 2, 5, 10 ms... between tries, far longer than a vote's transaction
    (a fraction of a millisecond), so two gunicorn workers voting at once mostly wait on a sleep.
    An exclusive ``flock`` on a file beside the database queues them instead: the kernel wakes
    the next voter the moment the previous one commits. Other databases, and a database without
    a file (SQLite in memory), need nothing here.
    """
    db = _db()
    name = db.settings_dict["NAME"]
    if db.vendor != "sqlite" or db.is_in_memory_db():
        yield
        return
    path = f"{name}.vote-lock"
    handle = _sqlite_lock_files.get(path)
    if handle is None:
        try:
            handle = open(path, "a+b")  # noqa: SIM115 (kept open for the life of the process)
        except OSError as error:
            # Only speed depends on the queue: SQLite's own locking keeps votes exact without it.
            logger.warning("Votes cannot queue on %s (%s); SQLite's busy handler paces them.", path, error)
            handle = False
        _sqlite_lock_files[path] = handle
    if handle is False:
        yield
        return
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)


def _lock_key(client_hash):
    """A signed 64-bit advisory lock key for a client hash (collisions only make two wait)."""
    return int.from_bytes(hashlib.blake2b(client_hash.encode(), digest_size=8).digest(), "big", signed=True)


def lock_client(cursor, *, client_hash):
    """Make this client's votes in this poll take turns until the transaction ends.

    SQLite needs nothing: every write transaction is BEGIN IMMEDIATE (settings), so writers
    already take turns. PostgreSQL takes a transaction-level advisory lock on the client hash
    (which includes the poll id), so votes from different clients never wait for each other.
    (The project runs on these two databases only; polls/triggers.py refuses any other.)
    """
    db = _db()
    if db.vendor == "postgresql":
        cursor.execute(_sql(db, "lock_client"), [_lock_key(client_hash)])


def insert_vote(cursor, *, poll_id, choice_id, voter_key, client_hash, created_at):
    db = _db()
    cursor.execute(
        _sql(db, "insert_vote"),
        [poll_id, choice_id, voter_key, client_hash, db.ops.adapt_datetimefield_value(created_at)],
    )


def has_voted(poll_id, voter_key):
    """Whether this voter key has a vote in the poll (one probe of the unique index)."""
    db = _db()
    with db.cursor() as cursor:
        cursor.execute(_sql(db, "has_voted"), [poll_id, voter_key])
        return cursor.fetchone() is not None


def choices_with_counts(poll_id, *, recount=False):
    """(id, label, reference %, votes) for each choice in poll order.

    The votes come from the trigger-kept tally (one row per choice), or with ``recount`` from
    counting the poll's Vote rows, which is what the tally must always equal.
    """
    db = _db()
    with db.cursor() as cursor:
        cursor.execute(_sql(db, "choices_with_recounts" if recount else "choices_with_tallies"), [poll_id])
        return cursor.fetchall()
