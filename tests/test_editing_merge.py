"""Two editors in two browsers: concurrent saves merge instead of overwriting each other.

Each test opens the same article in two logged-in admin clients (A and B), lets A save first,
then submits B's form, which still starts from the version B opened.
"""

import pytest
from django.urls import reverse

from articles.models import Article, ArticleRevision, Section
from tests.admin_helpers import change_url, form_data
from tests.factories import make_draft, make_faq, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(client, django_user_model):
    from django.test import Client

    alice = django_user_model.objects.create_superuser("alice", "a@example.com", "pw", first_name="Alice")
    bob = django_user_model.objects.create_superuser("bob", "b@example.com", "pw", first_name="Bob")
    a, b = Client(), Client()
    a.force_login(alice)
    b.force_login(bob)
    return a, b


@pytest.fixture
def article():
    """A draft, so each save writes the rows (a live article's saves wait for Publish)."""
    article = make_draft(title="Her explained", intro="The original intro.")
    for position, heading in enumerate(["Samantha leaves", "The letter", "The rooftop"], start=1):
        make_section(article, position=position, heading=heading, body=f"Original {heading} body.")
    make_faq(article, question="Is it sad?", answer="Partly.")
    return article


def row_index(data, heading):
    """The form index of the section with ``heading`` in submitted form data."""
    for key, value in data.items():
        if key.startswith("sections-") and key.endswith("-heading") and value == heading:
            return key.split("-")[1]
    raise AssertionError(f"no section {heading!r} in the form")


def open_form(client, article):
    return form_data(client.get(change_url(article)))


def bodies(article):
    return dict(Section.objects.filter(article=article).values_list("heading", "body"))


def headings(article):
    return list(
        Section.objects.filter(article=article).order_by("position").values_list("heading", flat=True)
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_changes_to_different_sections_are_both_kept(two_editors, article):
    """The issue's first case: B never touched section 1, so A's change there must survive."""
    a, b = two_editors
    form_a, form_b = open_form(a, article), open_form(b, article)

    form_a[f"sections-{row_index(form_a, 'Samantha leaves')}-body"] = "Alice rewrote section one."
    assert a.post(change_url(article), form_a).status_code == 302

    form_b["intro"] = "Bob's new intro."
    response = b.post(change_url(article), form_b, follow=True)
    assert response.status_code == 200
    notes = " ".join(messages_of(response))
    assert "merged with those Alice saved at" in notes and "UTC" in notes

    article.refresh_from_db()
    assert article.intro == "Bob's new intro."
    assert bodies(article)["Samantha leaves"] == "Alice rewrote section one."


def test_same_section_changed_by_both_shows_both_versions_and_saves_nothing(two_editors, article):
    a, b = two_editors
    form_a, form_b = open_form(a, article), open_form(b, article)
    letter = row_index(form_a, "The letter")
    form_a[f"sections-{letter}-body"] = "Alice's reading of the letter."
    form_a["title"] = "Her, explained by Alice"
    assert a.post(change_url(article), form_a).status_code == 302

    form_b[f"sections-{row_index(form_b, 'The letter')}-body"] = "Bob's reading of the letter."
    response = b.post(change_url(article), form_b)

    assert response.status_code == 200, "shown again, not saved"
    page = response.content.decode()
    assert "You and a colleague changed the same parts" in page
    assert "Alice saved this article at" in page and "UTC" in page
    assert "Section “The letter”: body" in page
    assert "Alice&#x27;s reading of the letter." in page and "Bob&#x27;s reading of the letter." in page
    assert bodies(article)["The letter"] == "Alice's reading of the letter.", "nothing of Bob's written"

    # The form holds Bob's text where both changed it, and Alice's changes elsewhere.
    again = form_data(response)
    assert again[f"sections-{row_index(again, 'The letter')}-body"] == "Bob's reading of the letter."
    assert again["title"] == "Her, explained by Alice"
    # Saving it as it stands keeps Bob's text there and Alice's title: the form can be saved.
    assert b.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert bodies(article)["The letter"] == "Bob's reading of the letter."
    assert article.title == "Her, explained by Alice"


def test_the_editor_can_take_their_colleagues_version_of_a_conflict(two_editors, article):
    a, b = two_editors
    form_a, form_b = open_form(a, article), open_form(b, article)
    form_a["intro"] = "Alice's intro."
    assert a.post(change_url(article), form_a).status_code == 302
    form_b["intro"] = "Bob's intro."
    form_b[f"sections-{row_index(form_b, 'The rooftop')}-body"] = "Bob on the rooftop."
    response = b.post(change_url(article), form_b)
    assert response.status_code == 200

    again = form_data(response)
    again["_take_theirs"] = "intro"
    assert b.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert article.intro == "Alice's intro."
    assert bodies(article)["The rooftop"] == "Bob on the rooftop."


def test_section_deleted_by_one_and_edited_by_the_other_is_a_named_conflict_never_a_stuck_form(
    two_editors, article
):
    """The issue's second case: B's form still holds a section A deleted."""
    a, b = two_editors
    form_a, form_b = open_form(a, article), open_form(b, article)
    form_a[f"sections-{row_index(form_a, 'The letter')}-DELETE"] = "on"
    assert a.post(change_url(article), form_a).status_code == 302
    assert "The letter" not in bodies(article)

    form_b[f"sections-{row_index(form_b, 'The letter')}-body"] = "Bob kept working on the letter."
    response = b.post(change_url(article), form_b)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Section “The letter”" in page
    assert "They deleted it; you edited it" in page

    # Bob's text is still in the form and the form saves: the section comes back with his edits.
    again = form_data(response)
    assert again[f"sections-{row_index(again, 'The letter')}-body"] == "Bob kept working on the letter."
    assert b.post(change_url(article), again).status_code == 302
    assert bodies(article)["The letter"] == "Bob kept working on the letter."
    assert headings(article) == ["Samantha leaves", "The letter", "The rooftop"]


def test_accepting_a_colleagues_deletion_after_a_conflict(two_editors, article):
    a, b = two_editors
    form_a, form_b = open_form(a, article), open_form(b, article)
    form_a[f"sections-{row_index(form_a, 'The letter')}-DELETE"] = "on"
    assert a.post(change_url(article), form_a).status_code == 302
    form_b[f"sections-{row_index(form_b, 'The letter')}-body"] = "Bob's letter."
    again = form_data(b.post(change_url(article), form_b))
    again[f"sections-{row_index(again, 'The letter')}-DELETE"] = "on"
    assert b.post(change_url(article), again).status_code == 302
    assert headings(article) == ["Samantha leaves", "The rooftop"]


def test_section_edited_by_one_and_deleted_by_the_other(two_editors, article):
    a, b = two_editors
    form_a, form_b = open_form(a, article), open_form(b, article)
    form_a[f"sections-{row_index(form_a, 'The letter')}-body"] = "Alice's letter."
    assert a.post(change_url(article), form_a).status_code == 302

    form_b[f"sections-{row_index(form_b, 'The letter')}-DELETE"] = "on"
    response = b.post(change_url(article), form_b)
    assert response.status_code == 200
    assert "You deleted it; they edited it" in response.content.decode()
    assert bodies(article)["The letter"] == "Alice's letter."

    # Shown again with Alice's text and Delete ticked: saving as is deletes it, as Bob asked...
    again = form_data(response)
    index = row_index(again, "The letter")
    assert again[f"sections-{index}-body"] == "Alice's letter."
    assert again[f"sections-{index}-DELETE"] == "on"
    assert b.post(change_url(article), again).status_code == 302
    assert "The letter" not in bodies(article)


def test_unticking_delete_keeps_the_colleagues_edit(two_editors, article):
    a, b = two_editors
    form_a, form_b = open_form(a, article), open_form(b, article)
    form_a[f"sections-{row_index(form_a, 'The letter')}-body"] = "Alice's letter."
    assert a.post(change_url(article), form_a).status_code == 302
    form_b[f"sections-{row_index(form_b, 'The letter')}-DELETE"] = "on"
    again = form_data(b.post(change_url(article), form_b))
    del again[f"sections-{row_index(again, 'The letter')}-DELETE"]
    assert b.post(change_url(article), again).status_code == 302
    assert bodies(article)["The letter"] == "Alice's letter."


def test_a_section_added_by_one_is_kept_when_the_other_edits(two_editors, article):
    a, b = two_editors
    form_a, form_b = open_form(a, article), open_form(b, article)
    total = int(form_a["sections-TOTAL_FORMS"])
    form_a.update(
        {
            "sections-TOTAL_FORMS": str(total + 1),
            f"sections-{total}-position": "2",  # between the first and the second
            f"sections-{total}-heading": "Theodore's letters",
            f"sections-{total}-body": "New section by Alice.",
        }
    )
    for i in range(total):
        form_a[f"sections-{i}-position"] = str(1 if i == 0 else i + 2)
    assert a.post(change_url(article), form_a).status_code == 302
    assert headings(article) == ["Samantha leaves", "Theodore's letters", "The letter", "The rooftop"]

    form_b[f"sections-{row_index(form_b, 'The rooftop')}-body"] = "Bob's rooftop."
    assert b.post(change_url(article), form_b).status_code == 302
    assert headings(article) == ["Samantha leaves", "Theodore's letters", "The letter", "The rooftop"]
    assert bodies(article)["Theodore's letters"] == "New section by Alice."
    assert bodies(article)["The rooftop"] == "Bob's rooftop."


def test_a_reordering_by_one_merges_with_an_edit_by_the_other(two_editors, article):
    a, b = two_editors
    form_a, form_b = open_form(a, article), open_form(b, article)
    order = {"The rooftop": 1, "Samantha leaves": 2, "The letter": 3}
    for heading, position in order.items():
        form_a[f"sections-{row_index(form_a, heading)}-position"] = str(position)
    assert a.post(change_url(article), form_a).status_code == 302
    assert headings(article) == ["The rooftop", "Samantha leaves", "The letter"]

    form_b[f"sections-{row_index(form_b, 'Samantha leaves')}-body"] = "Bob's Samantha."
    assert b.post(change_url(article), form_b).status_code == 302
    assert headings(article) == ["The rooftop", "Samantha leaves", "The letter"]
    assert bodies(article)["Samantha leaves"] == "Bob's Samantha."


def test_anchors_survive_merges_and_reorders(two_editors, article):
    anchors = dict(Section.objects.filter(article=article).values_list("heading", "anchor"))
    a, b = two_editors
    form_a, form_b = open_form(a, article), open_form(b, article)
    form_a[f"sections-{row_index(form_a, 'The letter')}-heading"] = "The last letter"
    assert a.post(change_url(article), form_a).status_code == 302
    form_b[f"sections-{row_index(form_b, 'The rooftop')}-position"] = "0"
    assert b.post(change_url(article), form_b).status_code == 302
    after = dict(Section.objects.filter(article=article).values_list("heading", "anchor"))
    assert after["The last letter"] == anchors["The letter"]
    assert after["The rooftop"] == anchors["The rooftop"]


def test_each_save_records_who_and_what_changed(two_editors, article):
    a, b = two_editors
    form_a, form_b = open_form(a, article), open_form(b, article)
    form_a["title"] = "New title"
    a.post(change_url(article), form_a)
    form_b["intro"] = "New intro."
    b.post(change_url(article), form_b)
    newest, previous = ArticleRevision.objects.filter(article=article)[:2]
    assert (newest.editor.username, newest.summary) == ("bob", "Intro")
    assert (previous.editor.username, previous.summary) == ("alice", "Title")
    assert newest.base_id is not None


def test_a_change_made_outside_the_editor_is_merged_not_overwritten(editor_client, article):
    """A shell or script that saves the rows directly is recorded and merged like a colleague."""
    form = open_form(editor_client, article)
    article.standfirst = "Changed from a shell"
    article.save()
    form["intro"] = "The editor's intro."
    assert editor_client.post(change_url(article), form).status_code == 302
    article.refresh_from_db()
    assert (article.standfirst, article.intro) == ("Changed from a shell", "The editor's intro.")
    assert ArticleRevision.objects.filter(article=article, action="external").exists()


def test_a_tampered_section_key_is_a_form_error_not_a_500(editor_client, article):
    form = open_form(editor_client, article)
    form[f"sections-{row_index(form, 'The letter')}-key"] = "not-a-uuid"
    response = editor_client.post(change_url(article), form)
    assert response.status_code == 200
    assert "This form was altered: reload the page." in response.content.decode()
    assert Article.objects.get(pk=article.pk).revisions.filter(action="saved").count() == 0


def test_two_unchanged_saves_write_no_new_version(editor_client, article):
    form = open_form(editor_client, article)
    editor_client.post(change_url(article), form)
    count = ArticleRevision.objects.filter(article=article).count()
    response = editor_client.post(change_url(article), open_form(editor_client, article), follow=True)
    assert "There were no changes to save." in messages_of(response)
    assert ArticleRevision.objects.filter(article=article).count() == count


def test_history_link_on_the_change_page_leads_to_the_one_history(editor_client, article):
    page = editor_client.get(change_url(article)).content.decode()
    assert reverse("admin:articles_article_history", args=[article.pk]) in page
