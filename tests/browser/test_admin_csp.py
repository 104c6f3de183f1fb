"""The admin and the reader pages work in Chromium under the site's Content-Security-Policy.

Every page records the browser's `securitypolicyviolation` events; the admin's own scripts
(slug prepopulation, inline rows, calendar shortcuts, autocomplete over fetch) are exercised, and
any blocked script, style or request fails the test.
"""

import pytest
from playwright.sync_api import expect

from polls.voting import record_vote
from tests.factories import make_article, make_film, make_section
from tests.poll_factories import HER_LABELS, HER_REFERENCE, make_poll

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""


@pytest.fixture
def csp_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and errors.append(message.text)
    )
    page.errors = errors
    yield page
    context.close()


def violations(page):
    return page.evaluate("window.__violations") + page.errors


def test_admin_pages_and_scripts_work_under_the_policy(csp_page, django_user_model, screenshot):
    page = csp_page
    django_user_model.objects.create_superuser("ed", "ed@example.com", "pw-for-tests-only")
    make_film("Her", slug="her")

    response = page.goto("/admin/login/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.fill("#id_username", "ed")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()

    page.goto("/admin/articles/article/add/")
    page.locator("#id_title").press_sequentially("Her Ending Explained Again")  # keyup events
    expect(page.locator("#id_slug")).to_have_value("her-ending-explained-again")  # prepopulate.js

    # Autocomplete (select2, asking the autocomplete view with fetch/XHR).
    page.locator("#id_film").locator("xpath=following-sibling::span[contains(@class,'select2')]").click()
    page.keyboard.type("Her")
    page.locator(".select2-results__option", has_text="Her").first.click()
    expect(page.locator("#select2-id_film-container")).to_contain_text("Her")

    # Calendar shortcuts (DateTimeShortcuts.js) and an extra inline row (inlines.js).
    page.locator("#id_published_at_0").locator("xpath=following-sibling::span//a", has_text="Today").click()
    expect(page.locator("#id_published_at_0")).not_to_have_value("")
    sections = page.locator(".inline-related.dynamic-sections")
    before = sections.count()
    page.locator("#sections-group .add-row a").click()
    expect(sections).to_have_count(before + 1)

    screenshot(page, "admin-article-add-with-csp")
    assert violations(page) == []

    page.goto("/admin/")
    page.goto("/admin/articles/article/")
    screenshot(page, "admin-article-list-with-csp")
    assert violations(page) == []

    # The poll's results in the admin: bars drawn with style attributes (the policy's one allowance).
    poll = make_poll(labels=HER_LABELS)
    record_vote(poll=poll, choice=poll.choices.first(), voter_key="v" * 64, client_hash="c" * 64)
    page.goto(f"/admin/polls/poll/{poll.pk}/change/")
    expect(page.get_by_text("100%").first).to_be_visible()
    screenshot(page, "admin-poll-results-with-csp")
    assert violations(page) == []


def test_article_page_with_poll_and_json_ld_works_under_the_policy(csp_page, screenshot):
    page = csp_page
    poll = make_poll(
        question="How would you describe the ending?", labels=HER_LABELS, reference=HER_REFERENCE
    )
    article = make_article(
        "Her Ending Explained", film=make_film("Her", slug="her"), slug="her-ending-explained"
    )
    make_section(article, position=1, heading="What the ending means", body="Text. " * 40, poll=poll)

    with page.expect_response(lambda response: "/results.json" in response.url):
        page.goto(article.get_absolute_url())
    assert page.locator('script[type="application/ld+json"]').count() >= 1
    page.locator(".poll__option label").first.click()
    page.locator(".poll__submit").click()
    expect(page.locator(".poll__status")).to_contain_text("Thanks")  # poll.js posted with fetch
    page.wait_for_timeout(500)  # let the bars finish their width transition
    screenshot(page, "article-poll-with-csp")
    assert violations(page) == []
