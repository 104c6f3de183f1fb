"""Poll factories and helpers shared by the poll test modules (this module holds no tests).

Kept apart from tests/factories.py so the polls work touches only its own files; the functions
follow the same style (plain functions, sensible defaults, keyword overrides).
"""

import itertools
from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from polls.models import Choice, Poll

_seq = itertools.count(1)

HER_LABELS = ("Happy", "Sad", "Bittersweet", "Open-ended", "Ambiguous")
HER_REFERENCE = (12, 28, 41, 11, 8)
ORIGIN = "http://testserver"
FORM = "application/x-www-form-urlencoded"


def make_poll(
    question=None,
    labels=HER_LABELS,
    reference=None,
    status=Poll.Status.PUBLISHED,
    visibility=Poll.ResultsVisibility.ALWAYS,
    opens_at=None,
    closes_at=None,
    **kwargs,
):
    """A poll open since an hour ago, with one choice per label (and reference % if given)."""
    i = next(_seq)
    kwargs.setdefault("slug", f"poll-{i}")
    # Shown on its own unless a test says otherwise (a placed poll follows its article).
    kwargs.setdefault("standalone", True)
    if reference is not None:
        kwargs.setdefault("reference_source", "Letterboxd user surveys")
        kwargs.setdefault("reference_url", "https://letterboxd.com/film/her/")
    poll = Poll.objects.create(
        question=question or f"How would you describe ending {i}?",
        status=status,
        results_visibility=visibility,
        opens_at=opens_at or timezone.now() - timedelta(hours=1),
        closes_at=closes_at,
        **kwargs,
    )
    for position, label in enumerate(labels, start=1):
        Choice.objects.create(
            poll=poll,
            label=label,
            position=position,
            reference_percent=reference[position - 1] if reference is not None else None,
        )
    return poll


def make_closed_poll(**kwargs):
    now = timezone.now()
    return make_poll(opens_at=now - timedelta(days=10), closes_at=now - timedelta(days=1), **kwargs)


def make_scheduled_poll(**kwargs):
    return make_poll(opens_at=timezone.now() + timedelta(days=1), **kwargs)


def choices(poll):
    return list(poll.choices.order_by("position", "id"))


def vote_url(poll_or_slug):
    slug = getattr(poll_or_slug, "slug", poll_or_slug)
    return reverse("polls:vote", kwargs={"slug": slug})


def results_url(poll_or_slug):
    slug = getattr(poll_or_slug, "slug", poll_or_slug)
    return reverse("polls:results_json", kwargs={"slug": slug})


def post_vote(client, poll, choice, *, json=False, origin=ORIGIN, **extra):
    """POST a vote the way a browser on our own page does (form-encoded, with Origin)."""
    data = {"choice": getattr(choice, "pk", choice)} if choice is not None else {}
    data.update(extra.pop("data", {}))
    headers = {}
    if origin is not None:
        headers["HTTP_ORIGIN"] = origin
    if json:
        headers["HTTP_ACCEPT"] = "application/json"
    return client.post(vote_url(poll), urlencode(data, doseq=True), content_type=FORM, **headers, **extra)
