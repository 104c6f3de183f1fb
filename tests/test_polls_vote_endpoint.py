"""POST /polls/<slug>/vote/ through the real URL: redirects, JSON, one vote per visitor, limits,
forgery protection and every kind of bad input (a clear 4xx, no count changed, never a 500)."""

import pytest
from django.test import Client

from polls.models import Poll, Vote
from polls.voting import VOTER_COOKIE
from tests.factories import make_article, make_section
from tests.poll_factories import (
    FORM,
    choices,
    make_closed_poll,
    make_poll,
    make_scheduled_poll,
    post_vote,
    vote_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll():
    return make_poll(slug="her-ending")


def test_form_vote_redirects_back_to_the_article_at_the_poll(client, poll):
    article = make_article(slug="her-ending-explained")
    make_section(article, poll=poll)
    response = post_vote(client, poll, choices(poll)[2], data={"next": article.get_absolute_url()})
    assert response.status_code == 303
    assert response["Location"] == "/articles/her-ending-explained/?voted=her-ending#poll-her-ending"
    assert Vote.objects.get().choice.label == "Bittersweet"
    assert "no-store" in response["Cache-Control"]


def test_form_vote_keeps_other_query_parameters_of_the_page(client, poll):
    response = post_vote(client, poll, choices(poll)[0], data={"next": "/articles/x/?page=2&voted=old"})
    assert response["Location"] == "/articles/x/?page=2&voted=her-ending#poll-her-ending"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/path",
        "javascript:alert(1)",
        "",
        "http://testserver.evil/",
        "evil.example",
        "./x",
    ],
)
def test_redirect_target_outside_the_site_falls_back_to_the_poll_page(client, poll, next_url):
    response = post_vote(client, poll, choices(poll)[0], data={"next": next_url})
    assert response.status_code == 303
    assert response["Location"] == "/polls/her-ending/?voted=her-ending#poll-her-ending"


def test_first_vote_sets_a_long_lived_httponly_lax_voter_cookie(client, poll):
    response = post_vote(client, poll, choices(poll)[0])
    cookie = response.cookies[VOTER_COOKIE]
    assert len(cookie.value) >= 40
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 360 * 24 * 3600
    assert cookie["path"] == "/"


def test_json_vote_returns_201_with_live_results(client, poll):
    response = post_vote(client, poll, choices(poll)[2], json=True)
    assert response.status_code == 201
    data = response.json()
    assert data["ok"] is True
    assert data["message"] == "Thanks, your vote is counted."
    results = data["results"]
    assert results["voted"] is True and results["total"] == 1
    assert [(c["label"], c["votes"], c["percent"]) for c in results["choices"]][2] == ("Bittersweet", 1, 100)


def test_second_vote_from_the_same_browser_is_refused_with_409(client, poll):
    assert post_vote(client, poll, choices(poll)[0], json=True).status_code == 201
    response = post_vote(client, poll, choices(poll)[1], json=True)
    assert response.status_code == 409
    data = response.json()
    assert data["ok"] is False and data["error"] == "already_voted"
    assert "already voted" in data["message"]
    assert data["results"]["total"] == 1  # the reader still gets the results
    assert Vote.objects.get().choice.label == "Happy"


def test_second_form_vote_shows_a_409_page_linking_to_the_results(client, poll):
    post_vote(client, poll, choices(poll)[0])
    response = post_vote(client, poll, choices(poll)[1], data={"next": "/articles/x/"})
    assert response.status_code == 409
    assert b"You have already voted" in response.content
    assert b'href="/articles/x/?voted=her-ending#poll-her-ending"' in response.content
    assert Vote.objects.count() == 1


def test_clearing_cookies_is_stopped_by_the_per_client_limit(settings, poll):
    settings.POLL_CLIENT_MAX_VOTES = 3
    statuses = []
    for _ in range(5):
        fresh = Client()  # a browser with its cookies cleared
        statuses.append(post_vote(fresh, poll, choices(poll)[0], json=True, REMOTE_ADDR="198.51.100.20"))
    assert [r.status_code for r in statuses] == [201, 201, 201, 429, 429]
    limited = statuses[-1]
    assert int(limited["Retry-After"]) > 0
    assert "Too many votes" in limited.json()["message"]
    assert Vote.objects.count() == 3
    # A different address is still welcome.
    other = post_vote(Client(), poll, choices(poll)[0], json=True, REMOTE_ADDR="198.51.100.21")
    assert other.status_code == 201


def test_a_forged_forwarded_for_header_does_not_dodge_the_limit(settings, poll):
    settings.POLL_CLIENT_MAX_VOTES = 1
    first = post_vote(
        Client(), poll, choices(poll)[0], REMOTE_ADDR="198.51.100.30", HTTP_X_FORWARDED_FOR="1.1.1.1"
    )
    second = post_vote(
        Client(), poll, choices(poll)[0], REMOTE_ADDR="198.51.100.30", HTTP_X_FORWARDED_FOR="2.2.2.2"
    )
    assert (first.status_code, second.status_code) == (303, 429)


def test_the_client_address_is_never_stored(client, poll):
    address = "203.0.113.77"
    post_vote(client, poll, choices(poll)[0], REMOTE_ADDR=address)
    row = Vote.objects.values().get()
    assert all(address not in str(value) for value in row.values())
    assert client.cookies[VOTER_COOKIE].value not in str(row.values())


def test_fetch_from_our_page_is_accepted_with_sec_fetch_site_and_no_origin(client, poll):
    response = post_vote(client, poll, choices(poll)[0], origin=None, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 303


def test_same_site_referer_is_accepted_when_origin_is_missing(client, poll):
    response = post_vote(
        client, poll, choices(poll)[0], origin=None, HTTP_REFERER="http://testserver/articles/x/"
    )
    assert response.status_code == 303


def test_trusted_origins_from_settings_are_accepted(settings, client, poll):
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.filmsite.example"]
    response = post_vote(client, poll, choices(poll)[0], origin="https://www.filmsite.example")
    assert response.status_code == 303


def bad_inputs():
    """(name, how to send it, expected status, words of the message)."""
    return [
        ("missing choice", lambda c, p: post_vote(c, p, None, json=True), 400, "Choose an answer"),
        ("empty choice", lambda c, p: post_vote(c, p, "", json=True), 400, "Choose an answer"),
        ("non-numeric choice", lambda c, p: post_vote(c, p, "abc", json=True), 400, "not valid"),
        ("negative choice", lambda c, p: post_vote(c, p, "-1", json=True), 400, "not valid"),
        ("huge choice", lambda c, p: post_vote(c, p, "9" * 40, json=True), 400, "not valid"),
        ("unknown choice id", lambda c, p: post_vote(c, p, 987654321, json=True), 400, "not one of"),
        (
            "two choices",
            lambda c, p: post_vote(c, p, choices(p)[0], json=True, data={"choice": [1, 2]}),
            400,
            "only one",
        ),
        (
            "choice of another poll",
            lambda c, p: post_vote(c, p, choices(make_poll())[0], json=True),
            400,
            "not one of",
        ),
        ("unknown poll", lambda c, p: post_vote(c, "no-such-poll", 1, json=True), 404, "no such poll"),
        ("GET", lambda c, p: c.get(vote_url(p), HTTP_ACCEPT="application/json"), 405, "POST"),
        (
            "PUT",
            lambda c, p: c.put(vote_url(p), "choice=1", content_type=FORM, HTTP_ACCEPT="application/json"),
            405,
            "POST",
        ),
        (
            "oversized body",
            lambda c, p: post_vote(c, p, choices(p)[0], json=True, data={"filler": "x" * 5000}),
            413,
            "too large",
        ),
        (
            "no Origin or Referer",
            lambda c, p: post_vote(c, p, choices(p)[0], json=True, origin=None),
            403,
            "no Origin",
        ),
        (
            "foreign Origin",
            lambda c, p: post_vote(c, p, choices(p)[0], json=True, origin="https://evil.example"),
            403,
            "another site",
        ),
        (
            "null Origin",
            lambda c, p: post_vote(c, p, choices(p)[0], json=True, origin="null"),
            403,
            "another site",
        ),
        (
            "foreign Referer",
            lambda c, p: post_vote(
                c, p, choices(p)[0], json=True, origin=None, HTTP_REFERER="https://evil.example/x"
            ),
            403,
            "another site",
        ),
        (
            "cross-site fetch",
            lambda c, p: post_vote(
                c, p, choices(p)[0], json=True, origin=None, HTTP_SEC_FETCH_SITE="cross-site"
            ),
            403,
            "another site",
        ),
        (
            "malformed multipart",
            lambda c, p: c.post(
                vote_url(p),
                b"garbage",
                content_type="multipart/form-data; boundary=",
                HTTP_ORIGIN="http://testserver",
                HTTP_ACCEPT="application/json",
            ),
            400,
            "could not be read",
        ),
    ]


@pytest.mark.parametrize(("name", "send", "status", "words"), bad_inputs(), ids=[b[0] for b in bad_inputs()])
def test_bad_input_gets_a_clear_4xx_and_changes_no_count(client, poll, name, send, status, words):
    post_vote(Client(), poll, choices(poll)[0])  # one honest vote already counted
    response = send(client, poll)
    assert response.status_code == status, response.content
    data = response.json()
    assert data["ok"] is False
    assert words.lower() in data["message"].lower()
    assert Vote.objects.count() == 1
    assert "no-store" in response["Cache-Control"]


def test_wrong_method_names_the_allowed_one(client, poll):
    response = client.get(vote_url(poll))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert b"Votes must be sent with POST." in response.content


def test_form_post_errors_render_a_page_with_the_message_and_a_way_back(client, poll):
    response = post_vote(client, poll, None, data={"next": "/articles/x/"})
    assert response.status_code == 400
    assert b"Your vote was not counted" in response.content
    assert b"Choose an answer before voting." in response.content
    assert b'href="/articles/x/#poll-her-ending"' in response.content


@pytest.mark.parametrize(
    ("factory", "status", "words"),
    [(make_closed_poll, 410, "closed"), (make_scheduled_poll, 403, "not open")],
)
def test_closed_and_not_yet_open_polls_refuse_votes(client, factory, status, words):
    poll = factory()
    response = post_vote(client, poll, choices(poll)[0], json=True)
    assert response.status_code == status
    assert words in response.json()["message"]
    assert not Vote.objects.exists()


def test_draft_poll_takes_no_vote_and_is_not_found(client):
    poll = make_poll(status=Poll.Status.DRAFT)
    response = post_vote(client, poll, choices(poll)[0], json=True)
    assert response.status_code == 404
    assert not Vote.objects.exists()


def test_a_forged_voter_cookie_is_replaced_not_trusted(client, poll):
    client.cookies[VOTER_COOKIE] = "short"
    response = post_vote(client, poll, choices(poll)[0])
    assert response.status_code == 303
    assert response.cookies[VOTER_COOKIE].value != "short"


def test_a_refused_vote_hands_out_no_voter_cookie(client):
    closed = make_closed_poll(slug="closed-one")
    response = post_vote(client, closed, choices(closed)[0])
    assert response.status_code == 410
    assert VOTER_COOKIE not in response.cookies


def test_deleting_votes_refreshes_cached_pages(client):
    """A closed poll prints its final counts into cached pages; removing a vote must show."""
    article = make_article()
    poll = make_closed_poll(slug="final-counts")
    make_section(article, poll=poll)
    Vote.objects.create(poll=poll, choice=choices(poll)[0], voter_key="k1", client_hash="c")
    vote = Vote.objects.create(poll=poll, choice=choices(poll)[0], voter_key="k2", client_hash="c")
    url = article.get_absolute_url()
    assert "2 votes" in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    vote.delete()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "1 vote<" in response.content.decode()
