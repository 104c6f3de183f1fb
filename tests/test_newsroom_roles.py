"""Writers and editors: every path that can make content public checks the publish permission on
the server. Writers post the forms directly here, as a script would, and get a refusal with
nothing changed."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles import workflow
from articles.models import Article, ArticleRevision
from tests.admin_helpers import change_url, form_data
from tests.factories import make_article, make_draft, make_film, make_section

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def member(django_user_model, username, group, **names):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.com", "pw", is_staff=True, **names
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def wendy(django_user_model):
    return member(django_user_model, "wendy", "Writer", first_name="Wendy", last_name="Writes")


@pytest.fixture
def walt(django_user_model):
    return member(django_user_model, "walt", "Writer", first_name="Walt", last_name="Other")


@pytest.fixture
def eddie(django_user_model):
    return member(django_user_model, "eddie", "Editor", first_name="Eddie", last_name="Edits")


@pytest.fixture
def writer(wendy):
    return client_for(wendy)


@pytest.fixture
def own_draft(wendy):
    article = make_draft(title="Wendy's draft", author=wendy, intro="Draft intro.")
    make_section(article, position=1, heading="The ending", body="Body.")
    return article


@pytest.fixture
def own_live(wendy):
    article = make_article("Wendy's live piece", author=wendy, intro="Live intro.")
    make_section(article, position=1, heading="The ending", body="Live body.")
    return article


def unchanged(article):
    """A token of everything a refusal must leave alone."""
    article.refresh_from_db()
    return (article.status, article.published_at, article.intro, article.author_id, article.revisions.count())


# -- roles -----------------------------------------------------------------------------------------


def test_the_roles_are_groups_with_the_publish_permission_only_for_editors():
    writer, editor = Group.objects.get(name="Writer"), Group.objects.get(name="Editor")
    assert not writer.permissions.filter(codename__in=["publish_article", "publish_poll"]).exists()
    assert editor.permissions.filter(codename="publish_article").exists()
    assert editor.permissions.filter(codename="publish_poll").exists()


def test_ensure_editor_makes_an_editor_not_a_superuser_and_a_writer_on_request(django_user_model):
    call_command("ensure_editor", stdout=StringIO())
    call_command(
        "ensure_editor", "--username", "ana", "--role", "writer", "--name", "Ana Ruiz", stdout=StringIO()
    )
    editor, ana = (
        django_user_model.objects.get(username="editor"),
        django_user_model.objects.get(username="ana"),
    )
    assert not editor.is_superuser and editor.is_staff
    assert editor.has_perm("articles.publish_article") and editor.has_perm("polls.publish_poll")
    assert not ana.has_perm("articles.publish_article") and ana.has_perm("articles.add_article")
    assert ana.get_full_name() == "Ana Ruiz"


# -- a writer cannot make anything public ------------------------------------------------------------


def new_article_data(film, **fields):
    return {
        "title": "A writer's piece",
        "slug": "a-writers-piece",
        "standfirst": "Standfirst.",
        "film": str(film.pk),
        "intro": "",
        "tags": "",
        "hero_image_alt": "",
        "spoiler_terms": "",
        "published_at_0": "",
        "published_at_1": "",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "faq_items-TOTAL_FORMS": "0",
        "faq_items-INITIAL_FORMS": "0",
        **fields,
    }


def test_a_writer_creates_drafts_under_their_own_name_only(writer, wendy, eddie):
    film = make_film()
    data = new_article_data(film, status="published", author=str(eddie.pk))
    assert writer.post(ADD, data).status_code == 302
    article = Article.objects.get(slug="a-writers-piece")
    assert article.status == Article.Status.DRAFT, "status is not the writer's to post"
    assert article.author == wendy, "nor is another person's byline"


def test_a_writer_posting_publish_on_the_add_form_gets_403_and_nothing_is_created(writer):
    data = new_article_data(make_film(), _publish="Publish")
    assert writer.post(ADD, data).status_code == 403
    assert not Article.objects.filter(slug="a-writers-piece").exists()


@pytest.mark.parametrize("button", ["_publish", "_unpublish"])
def test_a_writer_posting_publish_or_unpublish_on_the_change_form_gets_403(
    writer, own_draft, own_live, button
):
    for article in (own_draft, own_live):
        data = form_data(writer.get(change_url(article)))  # opening it records a first version
        before = unchanged(article)
        data.update({button: "1", "intro": "Sneaked in."})
        assert writer.post(change_url(article), data).status_code == 403
        assert unchanged(article) == before


def test_a_writer_cannot_schedule_an_update(writer, own_live):
    data = form_data(writer.get(change_url(own_live)))
    before = unchanged(own_live)
    data.update({"_publish": "1", "go_live_at_0": "2099-01-01", "go_live_at_1": "09:00:00"})
    assert writer.post(change_url(own_live), data).status_code == 403
    assert unchanged(own_live) == before and own_live.scheduled_revision_id is None


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_a_writer_posting_list_actions_gets_403(writer, own_draft, own_live, action):
    before = [unchanged(own_draft), unchanged(own_live)]
    response = writer.post(CHANGELIST, {"action": action, "_selected_action": [own_draft.pk, own_live.pk]})
    assert response.status_code == 403
    assert [unchanged(own_draft), unchanged(own_live)] == before


def test_a_writers_change_to_their_live_article_waits_for_an_editor(writer, own_live, reader):
    data = form_data(writer.get(change_url(own_live)))
    data["intro"] = "Rewritten by the writer."
    assert writer.post(change_url(own_live), data).status_code == 302
    assert "Live intro." in reader.get(own_live.get_absolute_url()).content.decode()
    own_live.refresh_from_db()
    assert own_live.has_unpublished_changes


def test_a_writer_sees_and_edits_only_their_own_articles(writer, walt):
    theirs = make_draft(title="Walt's draft", author=walt)
    mine = make_draft(
        title="Mine", author=Article._meta.get_field("author").related_model.objects.get(username="wendy")
    )
    listed = {a.title for a in writer.get(CHANGELIST).context["cl"].result_list}
    assert listed == {"Mine"}
    assert writer.get(change_url(theirs)).status_code == 302  # "doesn't exist" redirect to the index
    data = form_data(writer.get(change_url(mine)))
    assert writer.post(change_url(theirs), data).status_code in (302, 403, 404)
    theirs.refresh_from_db()
    assert theirs.title == "Walt's draft"


def test_a_writer_deletes_own_unpublished_drafts_but_never_published_work(writer, own_draft, own_live):
    assert writer.get(reverse("admin:articles_article_delete", args=[own_live.pk])).status_code == 403
    response = writer.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [own_live.pk], "post": "yes"}
    )
    assert response.status_code == 403
    assert Article.objects.filter(pk=own_live.pk).exists()
    delete = reverse("admin:articles_article_delete", args=[own_draft.pk])
    assert writer.post(delete, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=own_draft.pk).exists()


def test_a_writer_cannot_delete_an_unpublished_article_that_was_once_live(writer, own_live):
    workflow.unpublish(own_live, user=None)
    assert writer.get(reverse("admin:articles_article_delete", args=[own_live.pk])).status_code == 403


def test_restores_check_the_right_to_edit(writer, walt, own_draft):
    theirs = make_draft(title="Walt's", author=walt)
    workflow.publish(theirs, user=None)
    revision = theirs.revisions.first()
    url = reverse("admin:articles_article_restore", args=[theirs.pk, revision.pk])
    assert writer.post(url).status_code in (403, 404)
    with pytest.raises(workflow.PermissionDenied):
        workflow.restore(
            theirs,
            revision,
            user=Article._meta.get_field("author").related_model.objects.get(username="wendy"),
        )


# -- editors --------------------------------------------------------------------------------------


def test_an_editor_publishes_and_sets_bylines(eddie, wendy):
    editor = client_for(eddie)
    article = make_draft(title="Any article", author=wendy)
    data = form_data(editor.get(change_url(article)))
    data.update({"author": str(eddie.pk), "_publish": "Publish"})
    assert editor.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.is_published() and article.author == eddie


# -- previews need the right to edit ----------------------------------------------------------------


def test_draft_previews_need_the_right_to_edit_that_article(
    own_draft, wendy, walt, eddie, django_user_model, reader
):
    url = own_draft.get_absolute_url()
    nobody = django_user_model.objects.create_user("nobody", password="pw")
    assert reader.get(url).status_code == 404
    assert client_for(nobody).get(url).status_code == 404, "logged in is not enough"
    assert client_for(walt).get(url).status_code == 404, "another writer's draft"
    assert client_for(wendy).get(url).status_code == 200
    assert client_for(eddie).get(url).status_code == 200
    preview = reverse("admin:articles_article_preview", args=[own_draft.pk])
    assert client_for(walt).get(preview).status_code in (302, 403, 404)
    assert client_for(wendy).get(preview).status_code == 200


# -- bylines --------------------------------------------------------------------------------------


def test_bylines_use_the_display_name_never_the_login(reader, wendy, django_user_model):
    named = make_article("Named", author=wendy)
    login_only = make_article("Unnamed", author=django_user_model.objects.create_user("jsmith77"))
    assert "By Wendy Writes" in reader.get(named.get_absolute_url()).content.decode()
    page = reader.get(login_only.get_absolute_url()).content.decode()
    assert "jsmith77" not in page and "By " not in page


# -- login throttling -------------------------------------------------------------------------------


def test_many_wrong_passwords_are_not_answered_like_the_first(wendy, settings):
    client = Client()
    login = reverse("admin:login")
    first = client.post(login, {"username": "wendy", "password": "wrong"})
    assert (
        first.status_code == 200
        and "Please enter the correct username and password" in first.content.decode()
    )
    attempts = [first.status_code]
    attempts += [
        client.post(login, {"username": "wendy", "password": f"bad{i}"}).status_code for i in range(199)
    ]
    limit = settings.AXES_FAILURE_LIMIT
    assert attempts.count(200) < limit, "the form with its error only a few times"
    assert set(attempts[limit:]) == {429}, "then a refusal, every time"
    locked = client.post(login, {"username": "wendy", "password": "pw"})
    assert locked.status_code == 429, "even the right password waits for the cool-off"
    assert "Too many wrong passwords" in locked.content.decode()
    # Another account from the same place, or this one from elsewhere, is not locked out.
    assert (
        Client(REMOTE_ADDR="10.0.0.9").post(login, {"username": "wendy", "password": "pw"}).status_code == 302
    )


def test_every_step_is_in_the_history_with_who(writer, eddie, own_draft):
    editor = client_for(eddie)
    writer.post(change_url(own_draft), {**form_data(writer.get(change_url(own_draft))), "_submit": "1"})
    editor.post(change_url(own_draft), {**form_data(editor.get(change_url(own_draft))), "_publish": "1"})
    steps = list(
        ArticleRevision.objects.filter(article=own_draft)
        .order_by("created_at", "id")
        .values_list("action", "editor__username")
    )
    assert steps[-2:] == [("submitted", "wendy"), ("published", "eddie")]


@pytest.mark.parametrize("role", ["wendy", "eddie"])
def test_group_members_edit_sections_and_faq_not_just_superusers(role, wendy, eddie, own_draft):
    """Sections have no permissions of their own: editing the article is enough (a save by a group
    member once dropped every section, which only superusers' tests could not see)."""
    client = client_for(wendy if role == "wendy" else eddie)
    data = form_data(client.get(change_url(own_draft)))
    assert data["sections-0-heading"] == "The ending"
    data["sections-0-body"] = f"Rewritten by {role}."
    data.update(
        {"faq_items-TOTAL_FORMS": "1", "faq_items-0-question": "Why?", "faq_items-0-answer": "Because."}
    )
    assert client.post(change_url(own_draft), data).status_code == 302
    assert list(own_draft.sections.values_list("body", flat=True)) == [f"Rewritten by {role}."]
    assert list(own_draft.faq_items.values_list("question", flat=True)) == ["Why?"]
