"""Two editors in two browsers work on one article at once; an editor reorders sections.

Each editor has their own browser context (their own cookies and session), as two people on two
machines would. Screenshots of what each sees go to tests/browser/screenshots/.
"""

import pytest
from django.urls import reverse

from articles.models import Section
from tests.factories import make_draft, make_faq, make_film, make_section

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-browser-tests"


@pytest.fixture
def article(django_user_model):
    for name in ("alice", "bob"):
        django_user_model.objects.create_superuser(
            name, f"{name}@example.com", PASSWORD, first_name=name.title()
        )
    article = make_draft(
        title="Her explained", film=make_film("Her", slug="her"), intro="The original intro."
    )
    for position, heading in enumerate(["Samantha leaves", "The letter", "The rooftop"], start=1):
        make_section(article, position=position, heading=heading, body=f"Original {heading} body.")
    make_faq(article, question="Is it sad?", answer="Partly.")
    return article


def editor_page(browser, live_server, username, article):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    return page


def section_field(page, heading, field):
    """The ``field`` input of the section whose heading is ``heading``."""
    row = page.locator(".inline-related").filter(has=page.locator(f'input[value="{heading}"]'))
    return row.locator(f'[name$="-{field}"]').first


def bodies(article):
    return dict(Section.objects.filter(article=article).values_list("heading", "body"))


def test_two_editors_changing_different_parts_both_keep_their_work(browser, live_server, article, screenshot):
    alice = editor_page(browser, live_server, "alice", article)
    bob = editor_page(browser, live_server, "bob", article)

    section_field(alice, "Samantha leaves", "body").fill("Alice rewrote section one.")
    alice.get_by_role("button", name="Save draft").click()
    assert "Draft of “Her explained” saved." in alice.locator(".messagelist").inner_text()

    bob.fill("#id_intro", "Bob's new intro.")
    bob.get_by_role("button", name="Save draft").click()
    message = bob.locator(".messagelist").inner_text()
    assert "Your changes were merged with those Alice saved at" in message
    screenshot(bob, "editing-merged-bob")
    # Bob's form now shows both changes: his intro and Alice's section.
    assert bob.locator("#id_intro").input_value() == "Bob's new intro."
    assert section_field(bob, "Samantha leaves", "body").input_value() == "Alice rewrote section one."
    article.refresh_from_db()
    assert article.intro == "Bob's new intro."
    assert bodies(article)["Samantha leaves"] == "Alice rewrote section one."


def test_a_section_deleted_by_one_editor_and_edited_by_the_other(browser, live_server, article, screenshot):
    alice = editor_page(browser, live_server, "alice", article)
    bob = editor_page(browser, live_server, "bob", article)

    section_field(alice, "The letter", "DELETE").check()
    alice.get_by_role("button", name="Save draft").click()
    assert "saved" in alice.locator(".messagelist").inner_text()
    assert "The letter" not in bodies(article)

    section_field(bob, "The letter", "body").fill("Bob kept working on the letter.")
    bob.get_by_role("button", name="Save draft").click()
    panel = bob.locator(".edit-conflict")
    panel.wait_for()  # the click returns before the next page has loaded
    assert "Section “The letter”" in panel.inner_text()
    assert "They deleted it; you edited it" in panel.inner_text()
    assert "Alice saved this article at" in bob.locator(".errorlist").first.inner_text()
    screenshot(bob, "editing-conflict-bob")
    # Bob's text is still there and the form saves: the section comes back with his work.
    assert section_field(bob, "The letter", "body").input_value() == "Bob kept working on the letter."
    bob.get_by_role("button", name="Save draft").click()
    assert "saved" in bob.locator(".messagelist").inner_text()
    assert bodies(article)["The letter"] == "Bob kept working on the letter."

    # Alice's view of the history shows both steps; the compare view says what changed.
    alice.goto(live_server.url + reverse("admin:articles_article_history", args=[article.pk]))
    assert alice.locator("tbody tr").count() >= 3
    screenshot(alice, "editing-history")
    alice.get_by_role("button", name="Compare the chosen versions").click()
    assert "The letter" in alice.locator("#content-main").inner_text()
    screenshot(alice, "editing-compare")


def test_sections_move_with_buttons_and_keep_that_order(browser, live_server, article, screenshot):
    page = editor_page(browser, live_server, "alice", article)
    page.get_by_role("button", name="Move down: Samantha leaves").click()
    page.get_by_role("button", name="Move up: The rooftop").click()
    page.get_by_role("button", name="Insert section below: The letter").click()
    page.locator(".inline-related:not(.empty-form) .field-heading input").nth(1).fill("Theodore's letters")
    screenshot(page, "editing-sections-tools")
    page.get_by_role("button", name="Save draft").click()
    assert "saved" in page.locator(".messagelist").inner_text()
    order = list(
        Section.objects.filter(article=article).order_by("position").values_list("heading", flat=True)
    )
    assert order == ["The letter", "Theodore's letters", "The rooftop", "Samantha leaves"]


def test_writer_submits_editor_sends_back_writer_fixes_editor_publishes(
    browser, live_server, django_user_model, screenshot
):
    from django.contrib.auth.models import Group

    from articles.models import Article

    for name, group in (("wendy", "Writer"), ("eddie", "Editor")):
        user = django_user_model.objects.create_user(
            name, f"{name}@example.com", PASSWORD, is_staff=True, first_name=name.title()
        )
        user.groups.add(Group.objects.get(name=group))
    wendy = django_user_model.objects.get(username="wendy")
    article = make_draft(title="Her, by Wendy", film=make_film("Her", slug="her"), author=wendy)
    make_section(article, position=1, heading="Why Samantha leaves", body="She grows.", key_points="")

    writer = editor_page(browser, live_server, "wendy", article)
    assert writer.get_by_role("button", name="Publish").count() == 0
    writer.get_by_role("button", name="Submit for review").click()
    writer.locator(".messagelist").wait_for()
    assert "submitted for review" in writer.locator(".messagelist").inner_text()

    editor = editor_page(browser, live_server, "eddie", article)
    editor.goto(live_server.url + reverse("admin:index"))
    assert "Her, by Wendy" in editor.locator("#awaiting-review").inner_text()
    screenshot(editor, "review-editor-index")
    editor.locator("#awaiting-review").get_by_role("link", name="Her, by Wendy").click()
    assert "“Why Samantha leaves” has no key points." in editor.locator(".editorial-checks").inner_text()
    editor.fill("#id_review_comment", "Add key points to “Why Samantha leaves”, please.")
    editor.get_by_role("button", name="Send back").click()
    editor.locator(".messagelist").wait_for()

    writer.reload()
    assert "Add key points" in writer.locator(".review-note").inner_text()
    screenshot(writer, "review-writer-sent-back")
    section_field(writer, "Why Samantha leaves", "key_points").fill("Samantha outgrows the relationship")
    writer.get_by_role("button", name="Submit for review").click()
    writer.locator(".messagelist").wait_for()

    editor.reload()
    assert "✓" in editor.locator(".editorial-checks").inner_text()
    screenshot(editor, "review-editor-approves")
    editor.get_by_role("button", name="Approve and publish").click()
    editor.locator(".messagelist").wait_for()
    assert "Live" in editor.locator(".messagelist").inner_text()
    article.refresh_from_db()
    assert article.is_published() and article.review_state == ""
    editor.goto(live_server.url + reverse("admin:articles_article_history", args=[article.pk]))
    history = editor.locator(".article-history__table").inner_text()
    for step in ("Submitted for review", "Sent back", "Published"):
        assert step in history
    assert Article.objects.get(pk=article.pk).author == wendy
