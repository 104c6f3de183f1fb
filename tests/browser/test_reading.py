"""A reader opens an explainer in a real browser, at desktop and phone widths."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.factories import make_article, make_faq, make_film, make_section, png_upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def article():
    article = make_article(
        "Her Ending Explained",
        film=make_film("Her", slug="her"),
        slug="her-ending-explained",
        standfirst="Why Samantha leaves.",
        intro="A quiet ending.",
        tags=["romance"],
        hero_image=png_upload("hero.png", size=(1200, 675)),
        hero_image_alt="A city skyline at dusk",
    )
    for position in range(1, 8):
        make_section(article, position=position, heading=f"Part {position}", body="Text. " * 200)
    make_faq(article, question="Who voices Samantha?")
    return article


def test_table_of_contents_jumps_to_the_section(live_server, page, article, screenshot):
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator("h1").inner_text() == "Her Ending Explained"
    page.get_by_role("navigation", name="Contents").get_by_role("link", name="Part 6").click()
    assert page.url.endswith("#part-6")
    # (expect, not wait_for_function: the site's CSP forbids the eval that one relies on)
    expect(page.locator("#part-6")).to_be_in_viewport()
    assert page.get_by_role("heading", name="Part 6").is_visible()
    assert page.get_by_alt_text("A city skyline at dusk").is_visible()
    screenshot(page, "article-desktop")


def test_article_fits_a_phone_screen(live_server, browser, article, screenshot):
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "no horizontal scrolling on a phone"
    screenshot(page, "article-phone")
    context.close()
