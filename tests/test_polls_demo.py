"""The demo poll on Her (polls/demo.py, called by load_demo): complete, placed, idempotent."""

import io

import pytest

from polls.demo import load_demo_polls
from polls.models import Choice, Poll
from tests.factories import make_article, make_film, make_section

pytestmark = pytest.mark.django_db


def her_article():
    film = make_film("Her", slug="her")
    article = make_article(film=film, slug="her-ending-explained")
    for position, heading in enumerate(
        ["What happens at the end", "Why Samantha leaves", "What the ending means", "Themes"], start=1
    ):
        make_section(article, position=position, heading=heading)
    return article


def test_demo_poll_carries_the_letterboxd_reference_and_sits_after_the_meaning_section():
    article = her_article()
    out = io.StringIO()
    poll = load_demo_polls(out)
    assert poll.question == "How would you describe the ending of Her?"
    assert poll.is_open() and poll.film.slug == "her"
    assert poll.reference_source == "Letterboxd user surveys"
    assert [(c.label, int(c.reference_percent)) for c in poll.choices.order_by("position")] == [
        ("Happy", 12),
        ("Sad", 28),
        ("Bittersweet", 41),
        ("Open-ended", 11),
        ("Ambiguous", 8),
    ]
    assert [s.heading for s in article.sections.filter(poll=poll)] == ["What the ending means"]
    assert "placed after section" in out.getvalue()


def test_demo_poll_loader_is_idempotent():
    article = her_article()
    load_demo_polls(io.StringIO())
    out = io.StringIO()
    load_demo_polls(out)
    assert Poll.objects.count() == 1
    assert Choice.objects.count() == 5
    assert article.sections.filter(poll__isnull=False).count() == 1
    assert "already placed" in out.getvalue()


def test_demo_poll_loader_waits_for_the_film():
    out = io.StringIO()
    assert load_demo_polls(out) is None
    assert not Poll.objects.exists()
    assert "skipped" in out.getvalue()
