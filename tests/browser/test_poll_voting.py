"""A reader votes in the poll embedded in an explainer, in a real browser, with and without JavaScript.

The article page comes from the shared page cache, so the poll in it is the same form for
everyone; the script asks results.json whether this browser voted and swaps in the results.
"""

import pytest
from playwright.sync_api import expect

from polls.models import Poll, Vote
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS
from tests.factories import make_article, make_film, make_section
from tests.poll_factories import HER_LABELS, HER_REFERENCE, make_poll

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "her-ending"
QUESTION = "How would you describe the ending of Her?"


@pytest.fixture
def poll():
    return make_poll(
        question=QUESTION,
        labels=HER_LABELS,
        reference=HER_REFERENCE,
        slug=SLUG,
        visibility=Poll.ResultsVisibility.AFTER_VOTE,
        reference_sample_size=2400,
    )


@pytest.fixture
def article(poll):
    article = make_article(
        "Her Ending Explained",
        film=make_film("Her", slug="her"),
        slug="her-ending-explained",
        standfirst="Why Samantha leaves.",
        intro="A quiet ending.",
    )
    make_section(article, position=1, heading="What happens", body="Text. " * 80)
    make_section(article, position=2, heading="What the ending means", body="Text. " * 80, poll=poll)
    make_section(article, position=3, heading="Themes", body="Text. " * 80)
    return article


def open_article(page, url):
    """Open the article and wait for the script's results.json check, so it cannot race a vote."""
    with page.expect_response(lambda response: "/results.json" in response.url):
        response = page.goto(url)
    assert response.status == 200
    return response, page.locator(f"#poll-{SLUG}")


def row(poll_block, label):
    label_span = poll_block.page.locator(".poll__label", has_text=label)
    return poll_block.locator(".poll__result").filter(has=label_span)


def shoot(locator, name):
    """Save a screenshot of just the poll under tests/browser/screenshots/ (for people to look at)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    locator.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def vote_with_the_mouse(poll_block, label):
    poll_block.locator("label", has_text=label).click()
    expect(poll_block.get_by_label(label, exact=True)).to_be_checked()
    poll_block.get_by_role("button", name="Vote").click()
    expect(poll_block.get_by_role("status")).to_have_text("Thanks, your vote is counted.")


def assert_results_with_reference(poll_block, label, percent):
    """One vote for ``label``: our bar at 100% beside the reference survey, with its attribution."""
    expect(poll_block.locator(".poll__form")).to_be_hidden()
    expect(poll_block.locator(".poll__question")).to_have_text(QUESTION)
    expect(poll_block.locator(".poll__results")).to_be_visible()
    expect(row(poll_block, label).locator(".poll__figures")).to_have_text("100% · 1 vote")
    expect(row(poll_block, "Happy").locator(".poll__figures")).to_have_text("0% · 0 votes")
    expect(poll_block.locator(".poll__total")).to_have_text("Total: 1 vote")
    expect(row(poll_block, label).locator(".poll__reference")).to_have_text(
        f"Letterboxd user surveys: {percent}%"
    )
    reference_fill = row(poll_block, label).locator(".poll__bar--reference .poll__fill")
    assert reference_fill.evaluate("el => el.style.width") == f"{percent}%"
    expect(poll_block.locator(".poll__key")).to_contain_text("Our readers")
    expect(poll_block.locator(".poll__key")).to_contain_text("Letterboxd user surveys")
    source = poll_block.locator(".poll__source")
    expect(source).to_contain_text("(2400 respondents)")
    expect(source.get_by_role("link", name="Letterboxd user surveys")).to_have_attribute(
        "href", "https://letterboxd.com/film/her/"
    )


def test_reader_votes_and_the_bars_update_in_place(live_server, page, article, poll):
    navigations = []

    def on_navigation(frame):
        if frame == page.main_frame:
            navigations.append(frame.url)

    page.on("framenavigated", on_navigation)
    _, poll_block = open_article(page, live_server.url + article.get_absolute_url())
    # After-vote visibility: the question and choices, no counts and no reference survey yet.
    expect(poll_block.get_by_role("group", name=QUESTION)).to_be_visible()
    expect(poll_block.locator(".poll__results")).to_be_hidden()
    expect(poll_block.locator(".poll__hidden-note")).to_have_text("Results appear after you vote.")
    assert "Letterboxd" not in poll_block.inner_text(), "no reference survey to anchor on before voting"
    page.evaluate("window.__beforeVote = 'still here'")
    navigations.clear()

    vote_with_the_mouse(poll_block, "Bittersweet")

    assert_results_with_reference(poll_block, "Bittersweet", 41)
    assert page.evaluate("window.__beforeVote") == "still here", "the page must not reload"
    assert navigations == []
    vote = Vote.objects.get(poll=poll)
    assert vote.choice.label == "Bittersweet"


def test_reload_comes_from_the_page_cache_and_shows_results(live_server, page, article, poll):
    url = live_server.url + article.get_absolute_url()
    _, poll_block = open_article(page, url)
    vote_with_the_mouse(poll_block, "Sad")

    with page.expect_response(lambda response: "/results.json" in response.url):
        response = page.reload()

    assert response.headers["x-page-cache"] == "hit"
    assert 'class="poll__form"' in response.text(), "the cached page is the same form for everyone"
    expect(poll_block.get_by_role("status")).to_have_text("You have voted in this poll.")
    assert_results_with_reference(poll_block, "Sad", 28)


def test_a_second_vote_from_the_same_browser_is_refused(live_server, page, article, poll):
    _, poll_block = open_article(page, live_server.url + article.get_absolute_url())
    vote_with_the_mouse(poll_block, "Happy")
    other = poll.choices.get(label="Ambiguous")

    # Same cookies, sent by the page itself (so the browser adds the real Origin header).
    second = page.evaluate(
        """async ([url, choice]) => {
            const response = await fetch(url, {
                method: "POST",
                body: new URLSearchParams({choice: String(choice)}),
                headers: {Accept: "application/json"},
                credentials: "same-origin",
            });
            return {status: response.status, body: await response.json()};
        }""",
        [f"/polls/{SLUG}/vote/", other.pk],
    )

    assert second["status"] == 409
    assert second["body"]["error"] == "already_voted"
    counts = {c["label"]: c["votes"] for c in second["body"]["results"]["choices"]}
    assert counts["Happy"] == 1 and counts["Ambiguous"] == 0
    assert second["body"]["results"]["total"] == 1
    assert list(Vote.objects.values_list("choice__label", flat=True)) == ["Happy"]


def test_without_javascript_the_form_posts_and_comes_back_to_the_poll(live_server, browser, article, poll):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    url = live_server.url + article.get_absolute_url()
    page.goto(url)
    poll_block = page.locator(f"#poll-{SLUG}")
    poll_block.locator("label", has_text="Open-ended").click()

    with page.expect_navigation():
        poll_block.get_by_role("button", name="Vote").click()

    assert page.url == f"{url}?voted={SLUG}#poll-{SLUG}"
    expect(poll_block.locator(".poll__form")).to_have_count(0)
    expect(poll_block.get_by_role("status")).to_have_text("Thanks for voting.")
    assert_results_with_reference(poll_block, "Open-ended", 11)
    # The browser scrolls to the #anchor (smoothly, so wait for it to arrive).
    expect(poll_block).to_be_in_viewport()
    assert list(Vote.objects.values_list("choice__label", flat=True)) == ["Open-ended"]
    context.close()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_poll_screenshots_before_and_after_voting(live_server, browser, article, poll, screenshot, width):
    viewport = PHONE if width == "phone" else DESKTOP
    context = browser.new_context(viewport=viewport, is_mobile=width == "phone")
    page = context.new_page()
    _, poll_block = open_article(page, live_server.url + article.get_absolute_url())
    poll_block.scroll_into_view_if_needed()
    shoot(poll_block, f"poll-{width}-before")

    vote_with_the_mouse(poll_block, "Bittersweet")
    page.wait_for_timeout(500)  # let the bars finish their width transition

    shoot(poll_block, f"poll-{width}-after")
    screenshot(page, f"poll-article-{width}-after")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "no horizontal scrolling"
    assert poll_block.evaluate("el => el.scrollWidth <= el.clientWidth")
    context.close()


def test_the_poll_works_from_the_keyboard(live_server, page, article, poll):
    _, poll_block = open_article(page, live_server.url + article.get_absolute_url())
    first_radio = poll_block.get_by_label("Happy", exact=True)
    for _ in range(60):  # Tab through the page until the poll's radio group takes the focus
        page.keyboard.press("Tab")
        if first_radio.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the poll's radios cannot be reached with Tab")

    page.keyboard.press("Space")
    expect(first_radio).to_be_checked()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(poll_block.get_by_label("Bittersweet", exact=True)).to_be_checked()
    page.keyboard.press("Tab")  # one tab stop for the whole radio group, then the button
    button = poll_block.get_by_role("button", name="Vote")
    expect(button).to_be_focused()
    assert button.evaluate("el => getComputedStyle(el).outlineStyle") != "none", "focus is visible"
    page.keyboard.press("Enter")

    expect(poll_block.get_by_role("status")).to_have_text("Thanks, your vote is counted.")
    expect(row(poll_block, "Bittersweet").locator(".poll__figures")).to_have_text("100% · 1 vote")
    assert list(Vote.objects.values_list("choice__label", flat=True)) == ["Bittersweet"]
