"""The polls admin as an editor uses it: choices inline, reference survey validation, votes that
cannot be lost, read-only results with bars, CSV export, the voting filter, the vote audit trail."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polls.models import Choice, Poll, Vote
from tests.factories import make_article, make_section
from tests.poll_factories import HER_LABELS, HER_REFERENCE, choices, make_closed_poll, make_poll

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:polls_poll_add")
CHANGELIST_URL = reverse("admin:polls_poll_changelist")


def change_url(poll):
    return reverse("admin:polls_poll_change", args=[poll.pk])


def split(dt):
    local = timezone.localtime(dt)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def form_data(poll=None, rows=(), **fields):
    """What the change form posts: the poll fields, then the choices inline.

    ``rows``: dicts with label, position, reference_percent, and optionally id / DELETE.
    """
    opens = split(timezone.now() - timedelta(hours=1))
    data = {
        "question": "How would you describe the ending of Her?",
        "title": "",
        "slug": "her-ending",
        "film": "",
        "status": "published",
        "opens_at_0": opens[0],
        "opens_at_1": opens[1],
        "closes_at_0": "",
        "closes_at_1": "",
        "results_visibility": "after_vote",
        "reference_source": "",
        "reference_url": "",
        "reference_sample_size": "",
    }
    if poll is not None:
        data.update(
            question=poll.question,
            slug=poll.slug,
            status=poll.status,
            results_visibility=poll.results_visibility,
            reference_source=poll.reference_source,
            reference_url=poll.reference_url,
        )
        data["opens_at_0"], data["opens_at_1"] = split(poll.opens_at)
    data.update(fields)
    initial = sum(1 for row in rows if row.get("id"))
    data.update(
        {
            "choices-TOTAL_FORMS": str(len(rows)),
            "choices-INITIAL_FORMS": str(initial),
            "choices-MIN_NUM_FORMS": "0",
            "choices-MAX_NUM_FORMS": "1000",
        }
    )
    for i, row in enumerate(rows):
        data[f"choices-{i}-label"] = row["label"]
        data[f"choices-{i}-position"] = str(row.get("position", i + 1))
        percent = row.get("reference_percent")
        data[f"choices-{i}-reference_percent"] = "" if percent is None else str(percent)
        data[f"choices-{i}-id"] = str(row.get("id", ""))
        data[f"choices-{i}-poll"] = str(poll.pk) if poll is not None else ""
        if row.get("DELETE"):
            data[f"choices-{i}-DELETE"] = "on"
    return data


def her_rows(reference=HER_REFERENCE):
    return [
        {"label": label, "reference_percent": reference[i] if reference else None}
        for i, label in enumerate(HER_LABELS)
    ]


def existing_rows(poll, **changes_by_label):
    rows = []
    for choice in choices(poll):
        row = {
            "id": choice.pk,
            "label": choice.label,
            "position": choice.position,
            "reference_percent": choice.reference_percent,
        }
        row.update(changes_by_label.get(choice.label, {}))
        rows.append(row)
    return rows


def errors_of(response):
    """All error text on an admin change form response."""
    assert response.status_code == 200, "the form was expected to be refused"
    text = []
    context = response.context
    text += [str(e) for e in context["errors"]]
    for formset in context["inline_admin_formsets"]:
        text += [str(e) for e in formset.formset.non_form_errors()]
        text += [str(e) for form_errors in formset.formset.errors for e in form_errors.values()]
    return " ".join(text)


def test_editor_adds_a_poll_with_its_choices_inline(editor_client):
    data = form_data(rows=her_rows(), reference_source="Letterboxd user surveys")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, errors_of(response)
    poll = Poll.objects.get(slug="her-ending")
    assert [(c.label, c.reference_percent) for c in choices(poll)] == list(
        zip(HER_LABELS, HER_REFERENCE, strict=True)
    )


def test_add_form_shows_the_choices_inline(editor_client):
    response = editor_client.get(ADD_URL)
    assert response.status_code == 200
    assert b'name="choices-TOTAL_FORMS"' in response.content
    assert b"choices-0-reference_percent" in response.content


@pytest.mark.parametrize(
    ("reference", "source", "message"),
    [
        ((12, 28, 41, 11, 150), "Letterboxd user surveys", "less than or equal to 100"),
        ((12, 28, 41, 11, -1), "Letterboxd user surveys", "greater than or equal to 0"),
        ((10, 20, 30, 20, 10), "Letterboxd user surveys", "add up to 90%"),
        ((12, 28, 41, 11, None), "Letterboxd user surveys", "for every choice, or for none"),
        ((12, 28, 41, 11, 8), "", "Name the reference survey's source"),
        (None, "Letterboxd user surveys", "has a source but no percentages"),
    ],
)
def test_reference_percentages_are_validated(editor_client, reference, source, message):
    rows = her_rows(reference)
    response = editor_client.post(ADD_URL, form_data(rows=rows, reference_source=source))
    assert message in errors_of(response)
    assert not Poll.objects.exists()


def test_reference_rounding_within_two_points_is_accepted(editor_client):
    data = form_data(rows=her_rows((12, 28, 41, 11, 9)), reference_source="Letterboxd user surveys")
    assert editor_client.post(ADD_URL, data).status_code == 302


def test_a_published_poll_needs_two_choices(editor_client):
    response = editor_client.post(ADD_URL, form_data(rows=[{"label": "Happy"}]))
    assert "at least two choices" in errors_of(response)


def test_closing_before_opening_is_refused(editor_client):
    now = timezone.now()
    opens, closes = split(now), split(now - timedelta(days=1))
    data = form_data(
        rows=her_rows(None),
        opens_at_0=opens[0],
        opens_at_1=opens[1],
        closes_at_0=closes[0],
        closes_at_1=closes[1],
    )
    assert "must close after it opens" in errors_of(editor_client.post(ADD_URL, data))


def test_deleting_a_choice_that_has_votes_is_refused_with_a_clear_message(editor_client):
    poll = make_poll(slug="her-ending")
    sad = choices(poll)[1]
    Vote.objects.create(poll=poll, choice=sad, voter_key="v1", client_hash="c1")
    rows = existing_rows(poll, Sad={"DELETE": True})
    response = editor_client.post(change_url(poll), form_data(poll, rows))
    assert "“Sad” has 1 vote and cannot be deleted" in errors_of(response)
    assert Choice.objects.filter(pk=sad.pk).exists()
    assert Vote.objects.count() == 1


def test_deleting_a_choice_without_votes_is_allowed(editor_client):
    poll = make_poll(slug="her-ending")
    rows = existing_rows(poll, Ambiguous={"DELETE": True})
    response = editor_client.post(change_url(poll), form_data(poll, rows))
    assert response.status_code == 302, errors_of(response)
    assert [c.label for c in choices(poll)] == list(HER_LABELS[:4])


def test_deleting_a_poll_with_votes_is_refused(editor_client):
    poll = make_poll()
    Vote.objects.create(poll=poll, choice=choices(poll)[0], voter_key="v1", client_hash="c1")
    url = reverse("admin:polls_poll_delete", args=[poll.pk])
    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert b"protected" in response.content
    assert Poll.objects.filter(pk=poll.pk).exists()


def add_votes(poll, counts):
    i = 0
    for choice, n in zip(choices(poll), counts, strict=False):
        for _ in range(n):
            Vote.objects.create(poll=poll, choice=choice, voter_key=f"v{i}", client_hash=f"c{i}")
            i += 1


def test_change_page_shows_read_only_results_with_bars_totals_and_votes_per_day(editor_client):
    poll = make_poll(reference=HER_REFERENCE, visibility=Poll.ResultsVisibility.AFTER_CLOSE)
    add_votes(poll, [1, 1, 2])
    html = editor_client.get(change_url(poll)).content.decode()
    assert '<table class="poll-results">' in html
    assert '<th scope="row">Bittersweet</th><td>2</td><td>50%</td>' in html
    assert "width:50%" in html
    assert '<th scope="row">Total</th><td>4</td>' in html
    assert "41%" in html  # the reference beside our readers
    assert '<table class="poll-votes-by-day">' in html
    assert reverse("admin:polls_poll_results_csv", args=[poll.pk]) in html
    assert 'name="results_panel"' not in html  # read-only, not a form field


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_export_of_one_poll(editor_client):
    poll = make_poll(slug="her-ending", reference=HER_REFERENCE)
    add_votes(poll, [1, 0, 3])
    rows = read_csv(editor_client.get(reverse("admin:polls_poll_results_csv", args=[poll.pk])))
    assert rows[0] == [
        "poll",
        "question",
        "choice",
        "votes",
        "percent",
        "total",
        "reference_percent",
        "reference_source",
    ]
    assert rows[1][0] == "her-ending"
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in rows[1:]] == [
        ("Happy", "1", "25", "4", "12.0"),
        ("Sad", "0", "0", "4", "28.0"),
        ("Bittersweet", "3", "75", "4", "41.0"),
        ("Open-ended", "0", "0", "4", "11.0"),
        ("Ambiguous", "0", "0", "4", "8.0"),
    ]


def test_csv_export_action_for_selected_polls_neutralises_formulas(editor_client):
    first = make_poll(slug="a-poll", labels=("=HYPERLINK(1)", "Fine"))
    second = make_poll(slug="b-poll")
    data = {"action": "export_results_csv", "_selected_action": [first.pk, second.pk]}
    rows = read_csv(editor_client.post(CHANGELIST_URL, data))
    assert len(rows) == 1 + 2 + 5
    assert rows[1][2] == "'=HYPERLINK(1)"


def test_voting_filter_separates_open_scheduled_closed_and_draft(editor_client):
    now = timezone.now()
    polls = {
        "open": make_poll(question="Open one"),
        "scheduled": make_poll(question="Scheduled one", opens_at=now + timedelta(days=1)),
        "closed": make_closed_poll(question="Closed one"),
        "draft": make_poll(question="Draft one", status=Poll.Status.DRAFT),
    }
    for state, poll in polls.items():
        response = editor_client.get(CHANGELIST_URL, {"voting": state})
        assert list(response.context["cl"].queryset) == [poll], state


def test_changelist_shows_vote_totals(editor_client):
    poll = make_poll(question="Counted one")
    add_votes(poll, [2, 1])
    response = editor_client.get(CHANGELIST_URL)
    assert response.status_code == 200
    assert b'<td class="field-vote_total">3</td>' in response.content


def test_votes_are_an_audit_trail_readers_cannot_add_or_edit(editor_client):
    poll = make_poll()
    add_votes(poll, [1])
    vote = Vote.objects.get()
    assert editor_client.get(reverse("admin:polls_vote_add")).status_code == 403
    response = editor_client.get(reverse("admin:polls_vote_change", args=[vote.pk]))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    listing = editor_client.get(reverse("admin:polls_vote_changelist"))
    assert listing.status_code == 200


def test_article_sections_offer_a_poll_to_show_after_them(editor_client):
    poll = make_poll(question="How would you describe the ending?")
    article = make_article()
    make_section(article, position=1, poll=poll)
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = response.content.decode()
    assert 'name="sections-0-poll"' in html
    assert f'<option value="{poll.pk}" selected>How would you describe the ending?</option>' in html
