"""Drafts of live articles, publishing and scheduling, history, compare, restore and delete."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleRevision, Section
from tests.admin_helpers import change_url, form_data
from tests.factories import make_article, make_draft, make_film, make_section, png_upload
from tests.poll_factories import make_poll

pytestmark = pytest.mark.django_db


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def row_index(data, heading):
    for key, value in data.items():
        if key.startswith("sections-") and key.endswith("-heading") and value == heading:
            return key.split("-")[1]
    raise AssertionError(heading)


@pytest.fixture
def live(settings):
    article = make_article("Her explained", slug="her-explained", intro="Live intro.")
    make_section(article, position=1, heading="The ending", body="Live reading of the ending.")
    make_section(article, position=2, heading="The letter", body="Live reading of the letter.")
    return article


def edit(client, article, **changes):
    data = form_data(client.get(change_url(article)))
    for key, value in changes.items():
        data[key] = value
    return data


# -- drafts of live articles ------------------------------------------------------------------------


def test_saving_a_live_article_keeps_readers_on_the_live_version(reader, editor_client, live):
    data = edit(editor_client, live, intro="Half-finished rewrite.")
    data[f"sections-{row_index(data, 'The ending')}-body"] = "A draft reading."
    response = editor_client.post(change_url(live), data, follow=True)
    assert "Draft saved. Readers still see the published version" in response.content.decode()

    page = reader.get(live.get_absolute_url()).content.decode()
    assert "Live intro." in page and "Live reading of the ending." in page
    assert "Half-finished rewrite." not in page and "A draft reading." not in page

    # The editor reopens the form on the draft, and the admin says what state it is in.
    again = editor_client.get(change_url(live)).content.decode()
    assert "Half-finished rewrite." in again
    assert "Live with unpublished changes" in again
    live.refresh_from_db()
    assert live.has_unpublished_changes


def test_preview_shows_the_draft_to_editors_only_never_cached_and_noindex(reader, editor_client, live):
    editor_client.post(change_url(live), edit(editor_client, live, intro="Draft *intro*."))
    response = editor_client.get(preview_url(live))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft <em>intro</em>." in page and "Live intro." not in page
    assert "Preview of the version saved" in page
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in page
    # A reader (or anyone without the admin) is sent to log in, and the public page is unchanged.
    assert reader.get(preview_url(live)).status_code == 302
    assert "Draft" not in reader.get(live.get_absolute_url()).content.decode()


def test_publish_makes_the_draft_live(reader, editor_client, live):
    data = edit(editor_client, live, intro="The rewrite, finished.")
    data["_publish"] = "Publish changes"
    response = editor_client.post(change_url(live), data, follow=True)
    assert "“Her explained”: Live." in response.content.decode()
    assert "The rewrite, finished." in reader.get(live.get_absolute_url()).content.decode()
    live.refresh_from_db()
    assert not live.has_unpublished_changes
    assert live.live_revision_id == live.latest_revision_id


def test_scheduling_an_update_of_a_live_article_keeps_the_live_version_until_then(
    reader, editor_client, live, monkeypatch
):
    at = timezone.localtime() + timedelta(hours=2)
    data = edit(editor_client, live, intro="The version for tomorrow.")
    data.update(
        {"go_live_at_0": at.strftime("%Y-%m-%d"), "go_live_at_1": at.strftime("%H:%M:%S"), "_publish": "1"}
    )
    response = editor_client.post(change_url(live), data, follow=True)
    assert "Live, update scheduled for" in response.content.decode()
    url = live.get_absolute_url()
    assert "Live intro." in reader.get(url).content.decode()
    assert reader.get(url)["X-Page-Cache"] == "hit"

    later = timezone.now() + timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = reader.get(url).content.decode()
    assert "The version for tomorrow." in page
    live.refresh_from_db()
    assert live.scheduled_revision_id is None
    assert live.revisions.filter(summary="Published as scheduled.").exists()


def test_publishing_a_new_draft_with_a_future_time_schedules_it(reader, editor_client):
    draft = make_draft(title="Coming soon")
    at = timezone.localtime() + timedelta(days=1)
    data = edit(
        editor_client,
        draft,
        published_at_0=at.strftime("%Y-%m-%d"),
        published_at_1=at.strftime("%H:%M:%S"),
        _publish="Publish",
    )
    response = editor_client.post(change_url(draft), data, follow=True)
    assert "“Coming soon”: Scheduled for" in response.content.decode()
    assert "UTC" in response.content.decode()
    assert reader.get(draft.get_absolute_url()).status_code == 404


def test_unpublish_from_the_form_takes_the_article_off_the_site(reader, editor_client, live):
    data = edit(editor_client, live, _unpublish="Unpublish")
    editor_client.post(change_url(live), data)
    assert reader.get(live.get_absolute_url()).status_code == 404
    live.refresh_from_db()
    assert live.status == Article.Status.DRAFT
    assert live.revisions.first().action == ArticleRevision.Action.UNPUBLISHED


def test_unpublishing_a_live_article_with_a_draft_keeps_the_draft(editor_client, live):
    editor_client.post(change_url(live), edit(editor_client, live, intro="Work in progress."))
    workflow.unpublish(live, user=None)
    live.refresh_from_db()
    assert live.intro == "Work in progress.", "a draft's rows hold its newest version"


# -- states in the list -------------------------------------------------------------------------------


def test_the_list_shows_each_state_and_filters_by_it(editor_client, live):
    draft = make_draft(title="Just a draft")
    scheduled = make_article("Later", published_at=timezone.now() + timedelta(days=1))
    changed = make_article("Being rewritten")
    editor_client.post(change_url(changed), edit(editor_client, changed, intro="New words."))

    changelist = reverse("admin:articles_article_changelist")
    page = editor_client.get(changelist).content.decode()
    assert "Live with unpublished changes" in page
    assert "Scheduled for" in page and "UTC" in page
    for state, title in [
        ("draft", draft.title),
        ("scheduled", scheduled.title),
        ("live", live.title),
        ("changed", changed.title),
    ]:
        response = editor_client.get(changelist, {"state": state})
        found = {a.title for a in response.context["cl"].result_list}
        assert found == {title}, state


def test_list_actions_record_a_version(editor_client):
    draft = make_draft(title="Act on me")
    changelist = reverse("admin:articles_article_changelist")
    editor_client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    editor_client.post(changelist, {"action": "unpublish", "_selected_action": [draft.pk]})
    actions = list(draft.revisions.order_by("created_at", "id").values_list("action", flat=True))
    assert actions == ["recorded", "published", "unpublished"]
    assert all(r.editor is not None for r in draft.revisions.exclude(action="recorded"))


# -- history, compare, restore ---------------------------------------------------------------------


def test_history_lists_every_version_newest_first_with_who_and_what(editor_client, editor, live):
    editor_client.post(change_url(live), edit(editor_client, live, title="Her, explained again"))
    response = editor_client.get(history_url(live))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Draft saved") < page.index("Recorded as found")
    assert "ed</td>" in page and "Title" in page
    assert "UTC" in page


def test_compare_shows_word_changes_and_section_states(editor_client, live):
    make_section(live, position=3, heading="The rooftop", body="Rooftop.")
    make_section(live, position=4, heading="The credits", body="Credits.")
    data = edit(editor_client, live, intro="Live intro, rewritten.")
    data[f"sections-{row_index(data, 'The letter')}-DELETE"] = "on"
    total = int(data["sections-TOTAL_FORMS"])
    data.update({"sections-TOTAL_FORMS": str(total + 1), f"sections-{total}-heading": "The city"})
    data[f"sections-{row_index(data, 'The ending')}-position"] = "9"
    data[f"sections-{row_index(data, 'The rooftop')}-body"] = "Rooftop at dawn."
    editor_client.post(change_url(live), data)
    old, new = live.revisions.order_by("created_at", "id")[:2]
    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[live.pk]), {"a": old.pk, "b": new.pk}
    )
    page = response.content.decode()
    assert "Live intro<ins>, rewritten</ins>." in page
    assert "The city" in page and "comparison__child--added" in page
    assert "comparison__child--removed" in page and "The letter" in page
    assert "comparison__child--moved" in page, page[page.index("<h2>Sections") :]
    assert "Rooftop<ins> at dawn</ins>." in page


def test_compare_refuses_versions_of_another_article(editor_client, live):
    other = make_article()
    workflow.publish(other, user=None)
    revision = other.revisions.first()
    url = reverse("admin:articles_article_compare", args=[live.pk])
    assert editor_client.get(url, {"a": revision.pk, "b": revision.pk}).status_code == 404
    assert editor_client.get(url, {"a": "x", "b": "1"}).status_code == 404


def test_restoring_reproduces_the_article_exactly_as_a_new_draft(reader, editor_client, live, settings):
    poll = make_poll(question="Happy or sad?")
    film = make_film("Lost in Translation")
    data = edit(editor_client, live, hero_image_alt="Theodore on the beach", related_films=str(film.pk))
    data["tags"] = "love, loneliness"
    letter = row_index(data, "The letter")
    data[f"sections-{letter}-poll"] = str(poll.pk)
    data[f"sections-{letter}-image_alt"] = "The letter on screen"
    data[f"sections-{letter}-image_caption"] = "The last letter"
    data["hero_image"] = png_upload("hero.png")
    data[f"sections-{letter}-image"] = png_upload("letter.png")
    data["_publish"] = "1"
    assert editor_client.post(change_url(live), data).status_code == 302
    good = live.revisions.first()
    anchors = dict(Section.objects.filter(article=live).values_list("heading", "anchor"))
    live.refresh_from_db()
    hero, card = live.hero_image.name, live.hero_card.name
    assert card
    letter_image = Section.objects.get(article=live, heading="The letter").image.name

    # A later, worse version goes live: the letter section is gone, the image and tags replaced.
    worse = edit(editor_client, live, title="Worse", hero_image_alt="Something else", tags="other")
    worse[f"sections-{row_index(worse, 'The letter')}-DELETE"] = "on"
    worse["hero_image"] = png_upload("other.png", color=(10, 200, 10))
    worse["_publish"] = "1"
    editor_client.post(change_url(live), worse)

    confirm = editor_client.get(reverse("admin:articles_article_restore", args=[live.pk, good.pk]))
    assert "Restore this version" in confirm.content.decode()
    response = editor_client.post(
        reverse("admin:articles_article_restore", args=[live.pk, good.pk]), follow=True
    )
    assert "The earlier version is now the newest draft" in response.content.decode()
    assert "Worse" in reader.get(live.get_absolute_url()).content.decode(), "not live until published"

    workflow.publish(live, user=None)
    live.refresh_from_db()
    assert live.title == "Her explained"
    assert live.hero_image.name == hero and live.hero_image_alt == "Theodore on the beach"
    assert live.hero_card.name == card, "the listing card is the restored image's, not the later one's"
    assert list(live.related_films.all()) == [film]
    assert sorted(live.tags.names()) == ["loneliness", "love"]
    restored = Section.objects.get(article=live, heading="The letter")
    assert restored.image.name == letter_image
    assert (restored.image_alt, restored.image_caption, restored.poll) == (
        "The letter on screen",
        "The last letter",
        poll,
    )
    assert dict(Section.objects.filter(article=live).values_list("heading", "anchor")) == anchors
    page = reader.get(live.get_absolute_url()).content.decode()
    assert f'id="{anchors["The letter"]}"' in page, "old #fragment links keep working"


def test_a_text_only_copy_from_before_is_shown_but_not_restored(editor_client, live):
    legacy = ArticleRevision.objects.create(
        article=live,
        action=ArticleRevision.Action.LEGACY,
        complete=False,
        snapshot={"title": "Old", "sections": [{"uid": "", "heading": "Old heading", "body": "Old body"}]},
    )
    assert editor_client.get(history_url(live)).status_code == 200
    preview = editor_client.get(reverse("admin:articles_article_revision_preview", args=[live.pk, legacy.pk]))
    assert "Old body" in preview.content.decode()
    response = editor_client.post(
        reverse("admin:articles_article_restore", args=[live.pk, legacy.pk]), follow=True
    )
    assert "cannot be restored" in response.content.decode()
    live.refresh_from_db()
    assert live.title == "Her explained"


# -- deleting ---------------------------------------------------------------------------------------


def test_an_article_with_versions_can_be_deleted_and_its_history_goes_with_it(editor_client, live):
    editor_client.post(change_url(live), edit(editor_client, live, intro="Another version."))
    url = reverse("admin:articles_article_delete", args=[live.pk])
    confirm = editor_client.get(url)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Its history goes with it" in page and "saved versions" in page
    assert "permission" not in page
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=live.pk).exists()
    assert not ArticleRevision.objects.filter(article_id=live.pk).exists()


def test_publish_scheduled_command_publishes_due_updates(live, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from articles import revisions

    document = revisions.snapshot(live)
    document["title"] = "Scheduled title"
    workflow.save_draft(live, document=document, user=None)
    workflow.publish(live, user=None, at=timezone.now() + timedelta(minutes=5))
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert out.getvalue().strip() == "0 scheduled updates published."
    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", stdout=out)
    assert "1 scheduled update published." in out.getvalue()
    live.refresh_from_db()
    assert live.title == "Scheduled title" and live.scheduled_revision_id is None
