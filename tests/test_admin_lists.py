"""Admin lists built for 100,000 rows: filters that search, indexed search, tallies, flat queries
(films, polls, votes; the article list is in test_admin_article_list.py)."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from filmsite.admin import FilmAdmin
from polls.admin import VoteAdmin
from polls.models import Vote
from tests.factories import make_article, make_film, make_person
from tests.poll_factories import choices, make_poll

pytestmark = pytest.mark.django_db

ARTICLES = reverse("admin:articles_article_changelist")
FILMS = reverse("admin:filmsite_film_changelist")
POLLS = reverse("admin:polls_poll_changelist")
VOTES = reverse("admin:polls_vote_changelist")


def sidebar(response):
    html = response.content.decode()
    start = html.index('id="changelist-filter"')
    return html[start : html.index("</nav>", start)]


def titles(response):
    assert response.status_code == 200
    return [str(obj) for obj in response.context["cl"].result_list]


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def add_votes(poll, per_choice, *, when=None):
    n = Vote.objects.count()
    for choice, count in zip(choices(poll), per_choice, strict=False):
        for _ in range(count):
            n += 1
            Vote.objects.create(
                poll=poll,
                choice=choice,
                voter_key=f"v{n}",
                client_hash=f"c{n}",
                created_at=when or timezone.now(),
            )


# -- films ----------------------------------------------------------------------------------------


def test_film_search_by_director_lists_each_film_once(editor_client):
    coen_j, coen_e = make_person("Joel Coen"), make_person("Ethan Coen")
    make_film("Fargo", directors=[coen_j, coen_e], year=1996)
    make_film("Her", directors=[make_person("Spike Jonze")])
    assert titles(editor_client.get(FILMS, {"q": "coen"})) == ["Fargo (1996)"]
    assert titles(editor_client.get(FILMS, {"q": "fargo coen"})) == ["Fargo (1996)"]


def test_film_list_deep_pages_and_queries(editor_client, monkeypatch):
    monkeypatch.setattr(FilmAdmin, "list_per_page", 3)
    films = [make_film(f"Film {i:02d}", directors=[make_person()]) for i in range(7)]
    make_article(film=films[4])
    third = editor_client.get(FILMS, {"p": 3})
    assert titles(third) == [str(films[6])]
    second = editor_client.get(FILMS, {"p": 2})
    assert [film.article_count for film in second.context["cl"].result_list] == [0, 1, 0]
    few = count_queries(editor_client, FILMS, {"p": 2})
    for i in range(10):
        make_article(film=make_film(f"More {i}", directors=[make_person()]))
    assert count_queries(editor_client, FILMS, {"p": 2}) == few


# -- polls and votes ------------------------------------------------------------------------------


def test_poll_totals_come_from_the_tally_in_the_list_query(editor_client):
    polls = [make_poll(question=f"Poll {i}") for i in range(3)]
    add_votes(polls[0], [2, 1])
    few = count_queries(editor_client, POLLS)
    for i in range(8):
        add_votes(make_poll(question=f"More {i}"), [1, 1, 1])
    assert count_queries(editor_client, POLLS) == few
    html = editor_client.get(POLLS).content.decode()
    assert '<td class="field-vote_total">3</td>' in html


def test_csv_of_many_polls_costs_the_same_queries_as_of_two(editor_client):
    def export(polls):
        data = {"action": "export_results_csv", "_selected_action": [poll.pk for poll in polls]}
        with CaptureQueriesContext(connection) as ctx:
            response = editor_client.post(POLLS, data)
        return list(csv.reader(io.StringIO(response.content.decode()))), len(ctx.captured_queries)

    polls = [make_poll(slug=f"poll-{i:02d}") for i in range(2)]
    add_votes(polls[0], [1, 0, 3])
    rows, few = export(polls)
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in rows[1:4]] == [
        ("poll-00", "Happy", "1", "25", "4"),
        ("poll-00", "Sad", "0", "0", "4"),
        ("poll-00", "Bittersweet", "3", "75", "4"),
    ]
    more = polls + [make_poll(slug=f"poll-{i:02d}") for i in range(2, 12)]
    rows, many = export(more)
    assert many == few
    assert len(rows) == 1 + 12 * 5


def test_votes_per_day_cover_the_sixty_days_up_to_the_last_vote(editor_client):
    poll = make_poll()
    long_ago = timezone.now() - timedelta(days=400)
    add_votes(poll, [2], when=long_ago - timedelta(days=70))  # outside the window
    add_votes(poll, [3], when=long_ago - timedelta(days=10))
    add_votes(poll, [1], when=long_ago)
    html = editor_client.get(reverse("admin:polls_poll_change", args=[poll.pk])).content.decode()
    table = html[html.index('<table class="poll-votes-by-day">') :]
    table = table[: table.index("</table>")]
    assert "The 60 days up to the latest vote" in table
    assert re.findall(r"<td>(\d+)</td>", table) == ["3", "1"]


def test_vote_list_filters_by_poll_in_a_box_and_by_date_ranges(editor_client):
    polls = [make_poll(question=f"Question number {i}") for i in range(12)]
    add_votes(polls[0], [1, 1], when=timezone.now() - timedelta(days=40))
    add_votes(polls[1], [1])
    response = editor_client.get(VOTES)
    filters = sidebar(response)
    assert "Question number" not in filters
    assert 'data-autocomplete-filter="poll__id__exact"' in filters
    assert "Past 7 days" in filters
    by_poll = editor_client.get(VOTES, {"poll__id__exact": polls[0].pk})
    assert len(by_poll.context["cl"].result_list) == 2
    recent = editor_client.get(VOTES + "?" + date_filter_query(response, "Past 7 days"))
    assert [vote.poll for vote in recent.context["cl"].result_list] == [polls[1]]


def date_filter_query(response, choice):
    for spec in response.context["cl"].filter_specs:
        for option in spec.choices(response.context["cl"]):
            if option["display"] == choice:
                return option["query_string"].lstrip("?")
    raise AssertionError(choice)


def test_vote_list_queries_do_not_grow_with_votes(editor_client, monkeypatch):
    monkeypatch.setattr(VoteAdmin, "list_per_page", 5)
    poll = make_poll()
    add_votes(poll, [4, 4])
    urls = [{}, {"p": "2"}, {"poll__id__exact": poll.pk}]
    few = [count_queries(editor_client, VOTES, params) for params in urls]
    add_votes(poll, [10, 10])
    add_votes(make_poll(), [5])
    assert [count_queries(editor_client, VOTES, params) for params in urls] == few


def test_the_whole_vote_table_is_sized_by_the_planners_estimate_filtered_lists_are_counted(
    editor_client, monkeypatch
):
    from filmsite import admin_paginator

    poll = make_poll()
    add_votes(poll, [3, 2])
    monkeypatch.setattr(admin_paginator.EstimatedCountPaginator, "estimate_above", 1000)
    monkeypatch.setattr(admin_paginator, "estimated_rows", lambda model: 1_234_567)
    with CaptureQueriesContext(connection) as ctx:
        response = editor_client.get(VOTES)
    assert response.context["cl"].result_count == 1_234_567
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert editor_client.get(VOTES, {"poll__id__exact": poll.pk}).context["cl"].result_count == 5
    monkeypatch.setattr(admin_paginator, "estimated_rows", lambda model: 900)  # a small table
    assert editor_client.get(VOTES).context["cl"].result_count == 5
