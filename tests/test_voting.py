"""The voting rule in polls/voting.py, called directly: every path that records a vote uses it."""

from datetime import timedelta

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from polls import sql, triggers
from polls.models import Poll, Vote
from polls.voting import (
    Outcome,
    _percentages,
    client_address,
    client_hash_for,
    poll_results,
    record_vote,
    voter_key_for,
)
from tests.poll_factories import choices, make_closed_poll, make_poll, make_scheduled_poll

pytestmark = pytest.mark.django_db


def vote(poll, choice, voter="voter-a", client="client-a", now=None):
    return record_vote(poll=poll, choice=choice, voter_key=voter, client_hash=client, now=now)


def test_an_accepted_vote_is_one_row_with_its_choice():
    poll = make_poll()
    result = vote(poll, choices(poll)[2])
    assert result.outcome is Outcome.ACCEPTED
    assert list(Vote.objects.values_list("poll_id", "choice__label", "voter_key")) == [
        (poll.pk, "Bittersweet", "voter-a")
    ]


def test_a_choice_id_is_accepted_as_well_as_a_choice():
    poll = make_poll()
    assert vote(poll, choices(poll)[0].pk).accepted


def test_second_vote_from_the_same_voter_is_refused():
    poll = make_poll()
    vote(poll, choices(poll)[0])
    result = vote(poll, choices(poll)[1], client="client-b")
    assert result.outcome is Outcome.ALREADY_VOTED
    assert Vote.objects.get().choice.label == "Happy"


def test_the_same_voter_may_vote_in_another_poll():
    first, second = make_poll(), make_poll()
    assert vote(first, choices(first)[0]).accepted
    assert vote(second, choices(second)[0]).accepted


def test_a_choice_of_another_poll_is_refused():
    poll, other = make_poll(), make_poll()
    assert vote(poll, choices(other)[0]).outcome is Outcome.BAD_CHOICE
    assert vote(poll, 999_999).outcome is Outcome.BAD_CHOICE
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    ("factory", "outcome"),
    [(make_closed_poll, Outcome.CLOSED), (make_scheduled_poll, Outcome.NOT_OPEN_YET)],
)
def test_votes_outside_the_open_window_are_refused(factory, outcome):
    poll = factory()
    assert vote(poll, choices(poll)[0]).outcome is outcome
    assert not Vote.objects.exists()


def test_the_window_is_judged_at_the_time_of_the_vote():
    poll = make_poll(closes_at=timezone.now() + timedelta(minutes=5))
    later = timezone.now() + timedelta(minutes=6)
    assert vote(poll, choices(poll)[0], now=later).outcome is Outcome.CLOSED


def test_a_draft_poll_takes_no_votes():
    poll = make_poll(status=Poll.Status.DRAFT)
    assert vote(poll, choices(poll)[0]).outcome is Outcome.NOT_FOUND


def test_a_poll_unpublished_after_the_page_loaded_takes_no_votes():
    poll = make_poll()
    Poll.objects.filter(pk=poll.pk).update(status=Poll.Status.DRAFT)
    assert vote(poll, choices(poll)[0]).outcome is Outcome.NOT_FOUND


def test_one_client_is_limited_per_poll_within_the_window(settings):
    settings.POLL_CLIENT_MAX_VOTES = 3
    settings.POLL_CLIENT_WINDOW_SECONDS = 3600
    poll, other = make_poll(), make_poll()
    now = timezone.now()
    for i in range(3):
        assert vote(poll, choices(poll)[0], voter=f"v{i}", now=now).accepted
    limited = vote(poll, choices(poll)[0], voter="v3", now=now)
    assert limited.outcome is Outcome.RATE_LIMITED
    assert 3590 <= limited.retry_after <= 3601
    # Another client, or the same client in another poll, is not affected.
    assert vote(poll, choices(poll)[0], voter="v4", client="client-b", now=now).accepted
    assert vote(other, choices(other)[0], voter="v3", now=now).accepted
    # Once the window has passed, the client may vote again.
    assert vote(poll, choices(poll)[0], voter="v5", now=now + timedelta(seconds=3601)).accepted
    assert Vote.objects.filter(poll=poll).count() == 5


def test_client_hash_is_keyed_per_poll_and_hides_the_address():
    first, second = make_poll(), make_poll()
    address = "203.0.113.77"
    one = client_hash_for(first, address)
    assert len(one) == 64 and address not in one
    assert one == client_hash_for(first, address)
    assert one != client_hash_for(second, address)
    assert one != client_hash_for(first, "203.0.113.78")


def test_ipv6_clients_are_grouped_by_their_64_network():
    poll = make_poll()
    assert client_hash_for(poll, "2001:db8:1:2::1") == client_hash_for(poll, "2001:db8:1:2:ffff::9")
    assert client_hash_for(poll, "2001:db8:1:2::1") != client_hash_for(poll, "2001:db8:1:3::1")
    assert client_hash_for(poll, "::ffff:198.51.100.4") == client_hash_for(poll, "198.51.100.4")


def test_voter_key_is_a_hash_of_the_cookie():
    key = voter_key_for("cookie-value-xyz")
    assert len(key) == 64 and "cookie-value-xyz" not in key


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    settings.POLL_TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.1"
    settings.POLL_TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "198.51.100.9"  # the spoofable 1.2.3.4 is never used
    settings.POLL_TRUSTED_PROXY_COUNT = 3
    assert client_address(request) == "10.0.0.1"  # fewer hops than proxies: not trustworthy


def test_percentages_add_up_to_exactly_100():
    assert _percentages([1, 1, 1], 3) == [34, 33, 33]
    assert sum(_percentages([7, 13, 29, 2, 1], 52)) == 100
    assert _percentages([0, 0], 0) == [0, 0]


def test_results_count_votes_per_choice_in_one_query(django_assert_num_queries):
    poll = make_poll(reference=(12, 28, 41, 11, 8))
    labels = choices(poll)
    for i, choice in enumerate([labels[2], labels[2], labels[1], labels[0]]):
        vote(poll, choice, voter=f"v{i}", client=f"c{i}")
    with django_assert_num_queries(1):
        results = poll_results(poll, voted=True)
    assert results.total == 4
    assert [(c.label, c.votes, c.percent, c.reference_percent) for c in results.choices] == [
        ("Happy", 1, 25, 12.0),
        ("Sad", 1, 25, 28.0),
        ("Bittersweet", 2, 50, 41.0),
        ("Open-ended", 0, 0, 11.0),
        ("Ambiguous", 0, 0, 8.0),
    ]
    assert results.reference == {
        "source": "Letterboxd user surveys",
        "url": "https://letterboxd.com/film/her/",
        "sample_size": None,
    }


@pytest.mark.parametrize(
    ("visibility", "voted", "closed", "visible"),
    [
        (Poll.ResultsVisibility.ALWAYS, False, False, True),
        (Poll.ResultsVisibility.AFTER_VOTE, False, False, False),
        (Poll.ResultsVisibility.AFTER_VOTE, True, False, True),
        (Poll.ResultsVisibility.AFTER_VOTE, False, True, True),
        (Poll.ResultsVisibility.AFTER_CLOSE, True, False, False),
        (Poll.ResultsVisibility.AFTER_CLOSE, False, True, True),
    ],
)
def test_results_visibility_rule(visibility, voted, closed, visible):
    poll = (make_closed_poll if closed else make_poll)(visibility=visibility, reference=(12, 28, 41, 11, 8))
    results = poll_results(poll, voted=voted)
    assert results.visible is visible
    if not visible:
        assert results.total is None
        assert all(c.votes is None and c.reference_percent is None for c in results.choices)
        assert results.reference is None
        assert results.hidden_reason


def test_a_choice_added_without_a_position_goes_last():
    from polls.models import Choice

    poll = make_poll()
    added = Choice.objects.create(poll=poll, label="Something else")
    assert list(poll.choices.order_by("position", "id"))[-1] == added


def _published_counts(poll):
    return [c.votes for c in poll_results(poll, voted=True).choices]


def _recounted(poll):
    return [c.votes for c in poll_results(poll, voted=True, recount=True).choices]


def test_public_counts_come_from_the_tally_in_one_query_and_equal_a_recount(django_assert_num_queries):
    poll = make_poll()
    happy, sad, bittersweet, *_ = choices(poll)
    for i, choice in enumerate([bittersweet, bittersweet, sad, happy, bittersweet]):
        assert vote(poll, choice, voter=f"v{i}", client=f"c{i}").accepted
    with django_assert_num_queries(1):
        counts = _published_counts(poll)
    assert counts == [1, 1, 3, 0, 0] == _recounted(poll)


def test_the_tally_follows_every_way_a_vote_row_changes():
    """Triggers keep the tally: ORM inserts, edits, single and bulk deletes all move it."""
    poll = make_poll()
    happy, sad, bittersweet, *_ = choices(poll)
    first = Vote.objects.create(poll=poll, choice=happy, voter_key="k1", client_hash="c1")
    Vote.objects.bulk_create(
        [Vote(poll=poll, choice=sad, voter_key=f"k{i}", client_hash="c2") for i in range(2, 6)]
    )
    assert _published_counts(poll) == [1, 4, 0, 0, 0] == _recounted(poll)
    first.choice = bittersweet
    first.save()
    Vote.objects.filter(voter_key="k2").delete()
    assert _published_counts(poll) == [0, 3, 1, 0, 0] == _recounted(poll)
    Vote.objects.filter(poll=poll).delete()
    assert _published_counts(poll) == [0, 0, 0, 0, 0] == _recounted(poll)
    # Another poll's tally was never touched.
    other = make_poll()
    assert vote(other, choices(other)[0]).accepted
    assert _published_counts(other)[0] == 1
    assert _published_counts(poll) == [0, 0, 0, 0, 0]


def test_a_refused_vote_leaves_the_tally_alone():
    poll = make_poll()
    assert vote(poll, choices(poll)[0]).accepted
    assert vote(poll, choices(poll)[1]).outcome is Outcome.ALREADY_VOTED
    assert _published_counts(poll) == [1, 0, 0, 0, 0]


class _SQLiteFile:
    """Just what ``sql.writers_queue`` reads of a database connection: a SQLite file."""

    vendor = "sqlite"

    def __init__(self, path):
        self.settings_dict = {"NAME": str(path)}

    def is_in_memory_db(self):
        return False


def test_votes_queue_on_a_lock_file_beside_a_sqlite_database(monkeypatch, tmp_path):
    monkeypatch.setattr(sql, "_db", lambda: _SQLiteFile(tmp_path / "db.sqlite3"))
    monkeypatch.setattr(sql, "_sqlite_lock_files", {})
    with sql.writers_queue():
        pass
    assert (tmp_path / "db.sqlite3.vote-lock").exists()


def test_a_lock_file_that_cannot_be_opened_slows_votes_but_never_refuses_them(monkeypatch, tmp_path):
    """The flock queue only paces SQLite writers; SQLite's own locking keeps votes exact."""
    monkeypatch.setattr(sql, "_db", lambda: _SQLiteFile(tmp_path / "missing-dir" / "db.sqlite3"))
    monkeypatch.setattr(sql, "_sqlite_lock_files", {})
    entered = False
    with sql.writers_queue():
        entered = True
    assert entered
    assert list(sql._sqlite_lock_files.values()) == [False]


def test_every_migrate_puts_the_tally_triggers_back_and_recounts():
    """A migration that rebuilds the vote table (SQLite) drops its triggers; migrate restores them."""
    poll = make_poll()
    happy, sad, *_ = choices(poll)
    with connection.cursor() as cursor:
        for statement in triggers._statements(connection)[1]:  # what a table rebuild does
            cursor.execute(statement)
    Vote.objects.create(poll=poll, choice=happy, voter_key="k1", client_hash="c1")
    assert _published_counts(poll)[:2] == [0, 0]  # the lost update the triggers exist to prevent

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # what migrate does last
    assert _published_counts(poll)[:2] == [1, 0]  # recounted from the rows
    assert vote(poll, sad, voter="k2", client="c2").accepted
    assert _published_counts(poll)[:2] == [1, 1] == _recounted(poll)[:2]  # triggers back
