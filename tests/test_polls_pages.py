"""Polls as readers see them: the poll page, results.json, and the embed in cached article and
film pages (no token, no per-user data), with drafts and closed polls behaving everywhere."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from polls.models import Poll, Vote
from tests.factories import make_article, make_film, make_section
from tests.poll_factories import (
    HER_REFERENCE,
    choices,
    make_closed_poll,
    make_poll,
    make_scheduled_poll,
    post_vote,
    results_url,
)

pytestmark = pytest.mark.django_db


def article_with_poll(poll, **kwargs):
    article = make_article(**kwargs)
    make_section(article, position=1, heading="What happens")
    make_section(article, position=2, heading="What the ending means", poll=poll)
    make_section(article, position=3, heading="Themes")
    return article


def cast_votes(poll, labels):
    by_label = {c.label: c for c in choices(poll)}
    for i, label in enumerate(labels):
        response = post_vote(Client(), poll, by_label[label], REMOTE_ADDR=f"198.51.100.{i + 1}")
        assert response.status_code == 303


# --- the poll page -----------------------------------------------------------------------------


def test_poll_page_shows_an_accessible_form_without_a_csrf_token(client):
    poll = make_poll(slug="her-ending", question="How would you describe the ending of Her?")
    response = client.get(poll.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form class="poll__form" method="post" action="/polls/her-ending/vote/">' in html
    assert "<legend" in html and "How would you describe the ending of Her?" in html
    assert html.count('type="radio" name="choice"') == 5
    assert "csrfmiddlewaretoken" not in html
    assert 'aria-live="polite"' in html
    assert 'src="/static/polls/poll.js" defer' in html
    assert "no-store" in response["Cache-Control"]


def test_poll_page_shows_results_instead_of_the_form_after_voting(client):
    poll = make_poll(reference=HER_REFERENCE)
    post_vote(client, poll, choices(poll)[2])
    html = client.get(poll.get_absolute_url()).content.decode()
    assert 'class="poll__form"' not in html
    assert "Thanks for voting." in html
    assert "100% · 1 vote" in html
    assert 'class="poll__results" hidden' not in html


def test_poll_page_404_for_draft_and_unknown(client):
    draft = make_poll(status=Poll.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/polls/no-such-poll/").status_code == 404


def test_poll_page_links_the_articles_that_embed_it(client):
    poll = make_poll()
    article = article_with_poll(poll, title="Her, ending explained")
    response = client.get(poll.get_absolute_url())
    assert f'href="{article.get_absolute_url()}"'.encode() in response.content


# --- results.json --------------------------------------------------------------------------------


def test_results_json_gives_counts_percentages_and_the_reference_with_its_source(client):
    poll = make_poll(slug="her-ending", reference=HER_REFERENCE, reference_sample_size=1200)
    cast_votes(poll, ["Bittersweet", "Bittersweet", "Sad", "Happy"])
    response = client.get(results_url(poll))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["poll"] == "her-ending"
    assert data["open"] is True and data["voted"] is False and data["results_visible"] is True
    assert data["total"] == 4
    assert [(c["label"], c["votes"], c["percent"], c["reference_percent"]) for c in data["choices"]] == [
        ("Happy", 1, 25, 12.0),
        ("Sad", 1, 25, 28.0),
        ("Bittersweet", 2, 50, 41.0),
        ("Open-ended", 0, 0, 11.0),
        ("Ambiguous", 0, 0, 8.0),
    ]
    assert data["reference"] == {
        "source": "Letterboxd user surveys",
        "url": "https://letterboxd.com/film/her/",
        "sample_size": 1200,
    }


def test_results_json_is_never_cached_publicly_and_knows_who_voted(client):
    poll = make_poll()
    first = client.get(results_url(poll))
    assert first["Cache-Control"] == "private, no-cache, no-store, must-revalidate"
    assert "Cookie" in first["Vary"]
    assert "X-Page-Cache" not in first
    assert first.json()["voted"] is False
    post_vote(client, poll, choices(poll)[0])
    assert client.get(results_url(poll)).json()["voted"] is True
    assert Client().get(results_url(poll)).json()["voted"] is False


def test_results_json_hides_counts_until_the_reader_has_voted(client):
    poll = make_poll(visibility=Poll.ResultsVisibility.AFTER_VOTE, reference=HER_REFERENCE)
    cast_votes(poll, ["Sad"])
    data = client.get(results_url(poll)).json()
    assert data["results_visible"] is False
    assert data["total"] is None and data["reference"] is None
    assert all(c["votes"] is None and c["percent"] is None for c in data["choices"])
    assert data["message"] == "Results appear after you vote."
    post_vote(client, poll, choices(poll)[0])
    data = client.get(results_url(poll)).json()
    assert data["results_visible"] is True and data["total"] == 2


def test_results_json_hides_counts_until_closing_even_after_voting(client):
    poll = make_poll(visibility=Poll.ResultsVisibility.AFTER_CLOSE)
    response = post_vote(client, poll, choices(poll)[0], json=True)
    assert response.status_code == 201
    assert response.json()["results"]["results_visible"] is False
    assert client.get(results_url(poll)).json()["total"] is None
    closed = make_closed_poll(visibility=Poll.ResultsVisibility.AFTER_CLOSE)
    data = client.get(results_url(closed)).json()
    assert data["open"] is False and data["results_visible"] is True and data["total"] == 0


def test_results_json_404_for_draft_and_405_for_post(client):
    draft = make_poll(status=Poll.Status.DRAFT)
    response = client.get(results_url(draft))
    assert response.status_code == 404
    assert response.json()["ok"] is False
    live = make_poll()
    assert client.post(results_url(live)).status_code == 405


# --- the embed in cached pages ---------------------------------------------------------------------


def test_article_page_embeds_the_poll_after_its_section_with_no_per_user_data(client):
    poll = make_poll(slug="her-ending")
    article = article_with_poll(poll)
    first = client.get(article.get_absolute_url())
    html = first.content.decode()
    assert first["X-Page-Cache"] == "miss"
    assert 'id="poll-her-ending"' in html
    assert (
        html.index('id="what-the-ending-means"')
        < html.index('id="poll-her-ending"')
        < html.index('id="themes"')
    )
    assert '<form class="poll__form"' in html
    assert f'<input type="hidden" name="next" value="{article.get_absolute_url()}">' in html
    assert "csrfmiddlewaretoken" not in html
    assert not first.cookies
    # A reader who has voted gets the very same cached bytes.
    voter = Client()
    post_vote(voter, poll, choices(poll)[0])
    second = voter.get(article.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_script_is_loaded_once_with_defer_and_no_inline_script(client):
    first, second = make_poll(), make_poll()
    article = make_article()
    make_section(article, position=1, poll=first)
    make_section(article, position=2, poll=second)
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('<section class="poll"') == 2
    assert "<script>" not in html
    assert html.count('<script src="/static/polls/poll.js" defer></script>') == 1


def test_no_js_vote_comes_back_to_the_article_with_results(client):
    poll = make_poll(slug="her-ending", reference=HER_REFERENCE, visibility=Poll.ResultsVisibility.AFTER_VOTE)
    article = article_with_poll(poll)
    client.get(article.get_absolute_url())  # warm the cache
    response = post_vote(
        client, poll, choices(poll)[2], data={"next": article.get_absolute_url()}, follow=True
    )
    assert response.redirect_chain == [
        (f"{article.get_absolute_url()}?voted=her-ending#poll-her-ending", 303)
    ]
    assert "X-Page-Cache" not in response  # rendered fresh for this reader
    html = response.content.decode()
    assert 'class="poll__form"' not in html
    assert "Thanks for voting." in html
    assert f'<li class="poll__result" data-choice-id="{choices(poll)[2].pk}">' in html
    assert "100% · 1 vote" in html
    assert "Letterboxd user surveys: 41%" in html
    assert (
        'Source: <a href="https://letterboxd.com/film/her/" rel="noopener">Letterboxd user surveys</a>'
        in html
    )


def test_voted_marker_without_a_vote_shows_the_form_not_the_results(client):
    poll = make_poll(slug="her-ending", visibility=Poll.ResultsVisibility.AFTER_VOTE)
    article = article_with_poll(poll)
    cast_votes(poll, ["Sad"])
    html = client.get(f"{article.get_absolute_url()}?voted=her-ending").content.decode()
    assert '<form class="poll__form"' in html
    assert "1 vote" not in html


def test_open_poll_counts_are_not_baked_into_the_cached_page(client):
    poll = make_poll()
    article = article_with_poll(poll)
    cast_votes(poll, ["Sad", "Sad"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert "2 votes" not in html
    assert 'class="poll__results" hidden' in html
    assert f'href="{poll.get_absolute_url()}"' in html  # "See the results" without JavaScript


def test_closed_poll_shows_results_and_no_form_everywhere(client):
    poll = make_closed_poll(slug="closed-poll")
    for i, choice in enumerate(choices(poll)[:2]):
        Vote.objects.create(poll=poll, choice=choice, voter_key=f"v{i}", client_hash=f"c{i}")
    article = article_with_poll(poll)
    for url in (article.get_absolute_url(), poll.get_absolute_url()):
        html = client.get(url).content.decode()
        assert 'class="poll__form"' not in html
        assert "This poll closed" in html
        assert "50% · 1 vote" in html


def test_not_yet_open_poll_shows_when_it_opens_and_no_form(client):
    poll = make_scheduled_poll()
    html = client.get(article_with_poll(poll).get_absolute_url()).content.decode()
    assert "This poll opens on" in html
    assert 'class="poll__form"' not in html


def test_draft_poll_is_absent_from_article_and_film_pages(client):
    film = make_film()
    draft = make_poll(status=Poll.Status.DRAFT, film=film, slug="draft-poll")
    article = article_with_poll(draft, film=film)
    for url in (article.get_absolute_url(), film.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert b"draft-poll" not in response.content
        assert b"poll__form" not in response.content


def test_film_page_shows_its_published_polls(client):
    film = make_film()
    make_poll(film=film, slug="film-poll")
    html = client.get(film.get_absolute_url()).content.decode()
    assert 'id="poll-film-poll"' in html
    assert '<form class="poll__form"' in html


def test_article_queries_stay_constant_with_more_polls(client, settings):
    settings.PAGE_CACHE_SECONDS = 0

    def queries_for(n_polls):
        article = make_article(sections=0)
        for position in range(1, n_polls + 1):
            make_section(article, position=position, poll=make_poll())
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(article.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    assert queries_for(1) == queries_for(6)


def test_reference_survey_is_not_in_the_page_while_results_are_hidden(client):
    from polls.models import Poll

    poll = make_poll(
        slug="after-vote",
        reference=HER_REFERENCE,
        visibility=Poll.ResultsVisibility.AFTER_VOTE,
        reference_sample_size=1234,
    )
    html = client.get(poll.get_absolute_url()).content.decode()
    assert "Letterboxd user surveys" not in html
    assert "1234 respondents" not in html
    assert "letterboxd.com/film/her" not in html


def test_a_poll_opens_and_closes_on_time_on_cached_pages(client, monkeypatch):
    start = timezone.now()
    film = make_film()
    make_poll(
        film=film,
        slug="timed-poll",
        opens_at=start + timedelta(minutes=1),
        closes_at=start + timedelta(minutes=10),
    )
    url = film.get_absolute_url()
    assert "This poll opens on" in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"

    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=2))
    opened = client.get(url).content.decode()
    assert "This poll opens on" not in opened and 'name="choice"' in opened

    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=11))
    closed = client.get(url).content.decode()
    assert "This poll closed" in closed and 'name="choice"' not in closed
