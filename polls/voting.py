"""The voting rule, in one place: open window, valid choice, one vote per browser, per-client limit.

Every path that records or reports a vote (the form post, the JSON post, results.json, the poll
page, the admin and the tests) goes through the functions here.

Who is a voter?
    A browser, identified by a long random cookie (``fs_voter``) the vote endpoint sets on first
    vote. The database stores only ``voter_key`` = HMAC(salt, cookie), and a UniqueConstraint on
    (poll, voter_key) guarantees one vote per browser even when two requests race.

What stops a machine that clears its cookies?
    A per-poll, per-client limit: at most ``POLL_CLIENT_MAX_VOTES`` accepted votes for one poll
    from one client address within ``POLL_CLIENT_WINDOW_SECONDS``. Only ``client_hash`` =
    HMAC(salt, poll id, address) is stored, never the address; the poll id in the hash means the
    same reader cannot be followed from poll to poll. IPv6 addresses are grouped by their /64
    network, because one household usually gets a whole /64 and can rotate inside it.

Why exact under concurrency?
    ``record_vote`` checks and inserts in one transaction. One vote per browser is decided by the
    (poll, voter_key) unique constraint; the per-client limit by making one client's votes take
    turns (SQLite serializes every write transaction with BEGIN IMMEDIATE; PostgreSQL takes an
    advisory lock on the client hash, so votes from different clients never wait for each other).
    Every accepted vote is one committed row; none is lost and none counted twice
    (tests/test_polls_concurrency.py proves it against a real server on both databases).
"""

import collections
import enum
import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Min, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import dateformat, timezone

from . import sql
from .models import Choice, ChoiceTally, Poll, Vote


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    ALREADY_VOTED = "already_voted"
    RATE_LIMITED = "rate_limited"
    NOT_OPEN_YET = "not_open_yet"
    CLOSED = "closed"
    BAD_CHOICE = "bad_choice"
    NOT_FOUND = "not_found"


MESSAGES = {
    Outcome.ACCEPTED: "Thanks, your vote is counted.",
    Outcome.ALREADY_VOTED: "You have already voted in this poll; your first vote is the one that counts.",
    Outcome.RATE_LIMITED: "Too many votes in this poll have come from your network recently. "
    "Please try again later.",
    Outcome.NOT_OPEN_YET: "This poll is not open for votes yet.",
    Outcome.CLOSED: "This poll is closed; votes are no longer counted.",
    Outcome.BAD_CHOICE: "That answer is not one of this poll's choices.",
    Outcome.NOT_FOUND: "There is no such poll.",
}


@dataclass(frozen=True)
class VoteResult:
    outcome: Outcome
    retry_after: int | None = None  # seconds, for RATE_LIMITED

    @property
    def accepted(self):
        return self.outcome is Outcome.ACCEPTED

    @property
    def message(self):
        return MESSAGES[self.outcome]


def _salt():
    return (getattr(settings, "POLL_HASH_SALT", "") or settings.SECRET_KEY).encode()


def _hmac(*parts):
    message = "\x1f".join(str(part) for part in parts).encode()
    return hmac.new(_salt(), message, hashlib.sha256).hexdigest()


def voter_key_for(cookie_value):
    """The stored form of a voter cookie: a keyed hash, so the table holds no usable cookie."""
    return _hmac("voter", cookie_value)


def client_address(request):
    """The client's address: REMOTE_ADDR, or X-Forwarded-For only behind trusted proxies.

    With ``POLL_TRUSTED_PROXY_COUNT = n`` (n proxies we run, each appending to the header), the
    client is the n-th address from the right; anything further left is client-supplied and
    cannot be trusted. With 0 (the default) the header is ignored.
    """
    proxies = settings.POLL_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_network(request):
    """The client as per-client limits count it: its address, or its /64 for IPv6."""
    return _network_id(client_address(request))


def _network_id(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_hash_for(poll, address):
    """HMAC of (poll id, client network). The address itself is never stored."""
    return _hmac("client", poll.pk, _network_id(address))


def record_vote(*, poll, choice, voter_key, client_hash, now=None):
    """Record one vote if the rules allow it; return a ``VoteResult`` saying what happened.

    ``choice`` may be a ``Choice`` or a choice id. Checks, in order, inside one transaction: the
    poll is published and inside its open window; the choice belongs to the poll; this voter has
    not voted (the (poll, voter_key) constraint is the real guarantee); this client has fewer than
    POLL_CLIENT_MAX_VOTES votes in the last POLL_CLIENT_WINDOW_SECONDS.

    Why this is exact under concurrency without locking the poll:
    * one vote per voter: the unique constraint on (poll, voter_key) decides a race;
    * the per-client limit: votes from one client take turns (``sql.lock_client``), so each one
      counts every earlier one;
    * the open window and status are read in the transaction that inserts. An editor closing the
      poll at the same moment is ordered after a vote that read the poll as open, which is the
      order a reader would expect; the next vote sees the poll closed.
    Votes from different clients therefore never wait for each other on PostgreSQL, and hold
    SQLite's single write lock for two short statements.
    """
    now = now or timezone.now()
    choice_id = choice.pk if isinstance(choice, Choice) else int(choice)
    window = timedelta(seconds=settings.POLL_CLIENT_WINDOW_SECONDS)
    limit = settings.POLL_CLIENT_MAX_VOTES
    try:
        with sql.writers_queue(), transaction.atomic(), connection.cursor() as cursor:
            sql.lock_client(cursor, client_hash=client_hash)
            facts = sql.ballot_facts(
                cursor,
                poll_id=poll.pk,
                choice_id=choice_id,
                voter_key=voter_key,
                client_hash=client_hash,
                now=now,
                since=now - window,
                limit=limit,
            )
            if facts is None or not facts[0]:  # gone, a draft, or its article is not live
                return VoteResult(Outcome.NOT_FOUND)
            _, opened, closed, choice_ok, voted, recent = facts
            if not opened:
                return VoteResult(Outcome.NOT_OPEN_YET)
            if closed:
                return VoteResult(Outcome.CLOSED)
            if not choice_ok:
                return VoteResult(Outcome.BAD_CHOICE)
            if voted:
                return VoteResult(Outcome.ALREADY_VOTED)
            if recent >= limit:
                return VoteResult(
                    Outcome.RATE_LIMITED, retry_after=_retry_after(poll, client_hash, now, window)
                )
            sql.insert_vote(
                cursor,
                poll_id=poll.pk,
                choice_id=choice_id,
                voter_key=voter_key,
                client_hash=client_hash,
                created_at=now,
            )
    except IntegrityError:
        # The whole transaction was rolled back (no savepoint per vote: two statements fewer on
        # every vote). The same browser voted from another client at the same moment and won
        # the race past the checks above; any other integrity error is not a 409.
        if has_voted(poll, voter_key):
            return VoteResult(Outcome.ALREADY_VOTED)
        # An editor deleted the (vote-less) choice while this vote was on its way (PostgreSQL
        # checks the foreign key at commit): that is a bad choice, not a server error.
        if not Choice.objects.filter(pk=choice_id, poll_id=poll.pk).exists():
            return VoteResult(Outcome.BAD_CHOICE)
        raise
    return VoteResult(Outcome.ACCEPTED)


def _retry_after(poll, client_hash, now, window):
    """Seconds until this client's oldest counted vote leaves the window (at least 1)."""
    recent = Vote.objects.filter(poll=poll, client_hash=client_hash, created_at__gt=now - window)
    oldest = recent.aggregate(oldest=Min("created_at"))["oldest"]
    retry = int((oldest + window - now).total_seconds()) + 1 if oldest else 1
    return max(retry, 1)


def has_voted(poll, voter_key):
    return bool(voter_key) and sql.has_voted(poll.pk, voter_key)


def _percentages(counts, total):
    """Whole percentages that add up to exactly 100 (largest remainder), or zeros with no votes."""
    if not total:
        return [0 for _ in counts]
    exact = [count * 100 / total for count in counts]
    floors = [int(value) for value in exact]
    missing = 100 - sum(floors)
    by_remainder = sorted(range(len(counts)), key=lambda i: (exact[i] - floors[i], counts[i]), reverse=True)
    for i in by_remainder[:missing]:
        floors[i] += 1
    return floors


def results_hidden_reason(poll):
    """What a reader is told while the counts are hidden from them."""
    if poll.results_visibility == Poll.ResultsVisibility.AFTER_VOTE:
        return "Results appear after you vote."
    if poll.closes_at:
        closes = dateformat.format(timezone.localtime(poll.closes_at), "j F Y")
        return f"Results appear when the poll closes on {closes}."
    return "Results appear when the poll closes."


@dataclass(frozen=True)
class ChoiceResult:
    id: int
    label: str
    votes: int | None
    percent: int | None
    reference_percent: float | None


@dataclass(frozen=True)
class PollResults:
    """What one reader may see of a poll right now. Hidden counts are ``None``, never zero."""

    poll: Poll
    open: bool
    voted: bool
    visible: bool
    total: int | None
    choices: list

    @property
    def reference(self):
        poll = self.poll
        if not (self.visible and poll.has_reference):
            return None
        return {
            "source": poll.reference_source,
            "url": poll.reference_url or None,
            "sample_size": poll.reference_sample_size,
        }

    @property
    def hidden_reason(self):
        return "" if self.visible else results_hidden_reason(self.poll)

    def as_json(self):
        return {
            "poll": self.poll.slug,
            "question": self.poll.question,
            "open": self.open,
            "voted": self.voted,
            "results_visible": self.visible,
            "message": self.hidden_reason,
            "total": self.total,
            "choices": [
                {
                    "id": c.id,
                    "label": c.label,
                    "votes": c.votes,
                    "percent": c.percent,
                    "reference_percent": c.reference_percent,
                }
                for c in self.choices
            ],
            "reference": self.reference,
        }


def poll_results(poll, *, voted=False, now=None, force_visible=False, recount=False):
    """Counts per choice in one query, hidden when the poll's visibility rule says so.

    The reference survey is hidden together with the counts, so it cannot anchor a reader who
    has not voted yet. ``force_visible`` is for the admin. Counts come from the trigger-kept
    tally (``ChoiceTally``), or with ``recount`` from counting the Vote rows themselves (the
    admin's view and CSV, so what editors audit is the record, not the running count).
    """
    now = now or timezone.now()
    visible = force_visible or poll.results_visible(voted=voted, now=now)
    rows = []
    total = None
    if visible:
        rows, total = _counted(poll, sql.choices_with_counts(poll.pk, recount=recount))
    elif "choices" in getattr(poll, "_prefetched_objects_cache", {}):  # pages prefetch them
        for choice in poll.choices.all():
            rows.append(ChoiceResult(choice.pk, choice.label, None, None, None))
    else:
        for pk, label, _, _ in sql.choices_with_counts(poll.pk):
            rows.append(ChoiceResult(pk, label, None, None, None))
    return PollResults(
        poll=poll, open=poll.is_open(now), voted=voted, visible=visible, total=total, choices=rows
    )


def _counted(poll, choices):
    """Result rows and the total from (id, label, reference %, count) per choice, in order."""
    counts = [count for _, _, _, count in choices]
    total = sum(counts)
    rows = []
    for (pk, label, reference, count), percent in zip(choices, _percentages(counts, total), strict=True):
        reference = reference if poll.has_reference else None
        rows.append(
            ChoiceResult(pk, label, count, percent, float(reference) if reference is not None else None)
        )
    return rows, total


def tally_total(poll):
    """A poll's number of votes from the tally, as a query expression (``poll``: e.g. OuterRef("pk"))."""
    totals = (
        ChoiceTally.objects.filter(choice__poll=poll)
        .order_by()
        .values("choice__poll")
        .annotate(total=Sum("votes"))
        .values("total")
    )
    return Coalesce(Subquery(totals), 0)


def tallied_results(polls, now=None):
    """The full results (counts shown, as for editors) of many polls from the tally.

    Two queries whatever the number of polls: the polls, then all their choices with their
    tallies (``poll_results`` runs one per poll; a CSV of 2,000 polls took 2,006 queries).
    """
    now = now or timezone.now()
    polls = list(polls)
    choices = collections.defaultdict(list)
    rows = (
        Choice.objects.filter(poll__in=[poll.pk for poll in polls])
        .order_by("poll", "position", "id")
        .values_list("poll", "pk", "label", "reference_percent", "tally__votes")
    )
    for poll_id, pk, label, reference, votes in rows:
        choices[poll_id].append((pk, label, reference, votes or 0))
    results = []
    for poll in polls:
        counted, total = _counted(poll, choices[poll.pk])
        results.append(
            PollResults(
                poll=poll, open=poll.is_open(now), voted=False, visible=True, total=total, choices=counted
            )
        )
    return results


# The voter cookie: a long random token naming one browser. Only its HMAC is ever stored.
VOTER_COOKIE = "fs_voter"
VOTER_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
_VOTER_COOKIE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def new_voter_cookie():
    return secrets.token_urlsafe(32)


def voter_cookie(request):
    """The request's voter cookie if it looks like one we issue, else ''."""
    value = request.COOKIES.get(VOTER_COOKIE, "")
    if 32 <= len(value) <= 64 and set(value) <= _VOTER_COOKIE_CHARS:
        return value
    return ""


def voter_key_from_request(request):
    cookie = voter_cookie(request)
    return voter_key_for(cookie) if cookie else ""
