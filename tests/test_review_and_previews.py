"""The review round trip, shareable preview links, and polls that follow their article."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import previews, workflow
from articles.models import Article, PreviewLink
from tests.admin_helpers import change_url, form_data
from tests.factories import make_article, make_draft, make_film, make_section
from tests.poll_factories import ORIGIN, make_poll

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
CHANGELIST = reverse("admin:articles_article_changelist")


def member(django_user_model, username, group, **names):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.com", "pw", is_staff=True, **names
    )
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def newsroom(django_user_model):
    wendy, writer = member(django_user_model, "wendy", "Writer", first_name="Wendy")
    eddie, editor = member(django_user_model, "eddie", "Editor", first_name="Eddie")
    article = make_draft(title="Her, explained by Wendy", author=wendy, intro="First try.")
    make_section(article, position=1, heading="The ending", body="Body.")
    return {"writer": writer, "editor": editor, "article": article, "wendy": wendy, "eddie": eddie}


def press(client, article, button, **changes):
    data = form_data(client.get(change_url(article)))
    data.update(changes)
    data[button] = "1"
    return client.post(change_url(article), data, follow=True)


# -- review ------------------------------------------------------------------------------------------


def test_submit_send_back_fix_and_approve(newsroom, reader):
    writer, editor, article = newsroom["writer"], newsroom["editor"], newsroom["article"]

    response = press(writer, article, "_submit", review_comment="Ready, I think.")
    assert "was submitted for review" in response.content.decode()
    article.refresh_from_db()
    assert article.review_state == Article.Review.IN_REVIEW

    index = editor.get(INDEX).content.decode()
    assert "Awaiting your review (1)" in index and "Her, explained by Wendy" in index
    assert {a.title for a in editor.get(CHANGELIST, {"state": "in_review"}).context["cl"].result_list} == {
        article.title
    }
    assert "Awaiting your review" not in writer.get(INDEX).content.decode()

    response = press(editor, article, "_send_back", review_comment="The ending section needs key points.")
    assert "sent back to its writer" in response.content.decode()
    page = writer.get(change_url(article)).content.decode()
    assert "Sent back by Eddie" in page and "The ending section needs key points." in page
    assert "changes requested" in page

    press(writer, article, "_submit", intro="Second try.")
    article.refresh_from_db()
    assert article.review_state == Article.Review.IN_REVIEW

    response = press(editor, article, "_publish")
    assert "Live." in response.content.decode()
    article.refresh_from_db()
    assert article.is_published() and article.review_state == ""
    assert "Second try." in reader.get(article.get_absolute_url()).content.decode()
    actions = list(article.revisions.order_by("created_at", "id").values_list("action", "editor__username"))
    assert [a for a in actions if a[0] not in ("recorded", "saved")][-4:] == [
        ("submitted", "wendy"),
        ("sent_back", "eddie"),
        ("submitted", "wendy"),
        ("published", "eddie"),
    ]
    assert (
        article.revisions.filter(action="sent_back").get().comment == "The ending section needs key points."
    )
    assert article.revisions.first().summary == "Approved and published."


def test_sending_back_needs_a_note_and_only_editors_may(newsroom):
    writer, editor, article = newsroom["writer"], newsroom["editor"], newsroom["article"]
    press(writer, article, "_submit")
    response = press(editor, article, "_send_back", review_comment="")
    assert "Say what needs changing" in response.content.decode()
    article.refresh_from_db()
    assert article.review_state == Article.Review.IN_REVIEW
    data = form_data(writer.get(change_url(article)))
    data.update({"_send_back": "1", "review_comment": "I send it back myself"})
    assert writer.post(change_url(article), data).status_code == 403


def test_the_buttons_follow_the_role(newsroom):
    writer, editor, article = newsroom["writer"], newsroom["editor"], newsroom["article"]
    page = writer.get(change_url(article)).content.decode()
    assert 'name="_submit"' in page and 'name="_publish"' not in page and 'name="_unpublish"' not in page
    page = editor.get(change_url(article)).content.decode()
    assert 'name="_publish"' in page and 'name="_submit"' not in page


# -- preview links -----------------------------------------------------------------------------------


@pytest.fixture
def shared(newsroom):
    """A live article whose writer shares a preview of a draft that is not published yet."""
    writer, article = newsroom["writer"], newsroom["article"]
    workflow.publish(article, user=None)
    press(writer, article, "_continue", intro="A *secret* draft intro.")
    url = reverse("admin:articles_article_create_preview_link", args=[article.pk])
    response = writer.post(url, {"preview_days": "7"}, follow=True)
    assert "Preview link created" in response.content.decode()
    link = PreviewLink.objects.get(article=article)
    return link, previews.url(link)


def test_a_preview_link_shows_that_version_to_anyone_and_is_never_stored(shared):
    link, url = shared
    assert (link.expires_at - timezone.now()).days in (6, 7)
    stranger = Client()
    response = stranger.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A <em>secret</em> draft intro." in page
    assert "Preview: this version is not published" in page
    assert '<meta name="robots" content="noindex">' in page
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response and not response.cookies
    assert stranger.get(url).status_code == 200  # still not from any cache


def test_the_draft_behind_a_preview_link_leaks_nowhere_else(shared, reader):
    link, url = shared
    Client().get(url)
    article = link.article
    for public in [
        article.get_absolute_url(),
        reverse("filmsite:home"),
        reverse("articles:article_list"),
        reverse("articles:feed"),
        reverse("sitemap_page", kwargs={"section": "articles", "page": 1}),
        reverse("articles:search") + "?q=secret",
        article.film.get_absolute_url(),
    ]:
        body = reader.get(public).content.decode()
        assert "draft intro" not in body, public
    assert "First try." in reader.get(article.get_absolute_url()).content.decode()


def test_expired_revoked_and_forged_links_are_clear_refusals(shared, newsroom):
    link, url = shared
    link.expires_at = timezone.now() - timedelta(minutes=1)
    link.save()
    response = Client().get(url)
    assert response.status_code == 410 and "has expired" in response.content.decode()
    link.expires_at = timezone.now() + timedelta(days=1)
    link.save()
    revoke = reverse("admin:articles_article_revoke_preview_link", args=[link.article.pk, link.pk])
    assert newsroom["editor"].post(revoke).status_code == 302
    response = Client().get(url)
    assert response.status_code == 410 and "was withdrawn" in response.content.decode()
    forged = url.replace(link.key[:6], "abcdef")
    assert Client().get(forged).status_code == 404
    assert Client().get("/preview/not-a-token/").status_code == 404


def test_only_editors_or_its_creator_withdraw_a_link(shared, django_user_model, newsroom):
    link, url = shared
    _, other_writer = member(django_user_model, "walt", "Writer")
    revoke = reverse("admin:articles_article_revoke_preview_link", args=[link.article.pk, link.pk])
    assert other_writer.post(revoke).status_code in (302, 403, 404)
    assert Client().get(url).status_code == 200, "still valid"
    assert newsroom["writer"].post(revoke).status_code == 302
    assert Client().get(url).status_code == 410


# -- polls follow their article -------------------------------------------------------------------


@pytest.fixture
def placed(newsroom):
    film = make_film("Her", slug="her")
    article = make_draft(title="Draft with a poll", film=film)
    poll = make_poll(question="Did Samantha leave?", film=film, standalone=False)
    make_section(article, position=1, heading="The ending", poll=poll)
    return article, poll


def poll_surfaces(poll):
    return [
        poll.get_absolute_url(),
        reverse("polls:results_json", kwargs={"slug": poll.slug}),
    ]


def test_a_poll_placed_in_a_draft_article_stays_hidden_until_the_article_is_live(placed, reader):
    article, poll = placed
    assert "Did Samantha leave?" not in reader.get(poll.film.get_absolute_url()).content.decode()
    for url in poll_surfaces(poll):
        assert reader.get(url).status_code == 404, url
    vote = reader.post(
        reverse("polls:vote", kwargs={"slug": poll.slug}),
        {"choice": poll.choices.first().pk},
        HTTP_ORIGIN=ORIGIN,
    )
    assert vote.status_code == 404
    assert poll.votes.count() == 0

    workflow.publish(article, user=None)
    film_page = reader.get(poll.film.get_absolute_url()).content.decode()
    assert "Did Samantha leave?" in film_page
    assert film_page.index("Spoiler warning") < film_page.index("Did Samantha leave?")
    for url in poll_surfaces(poll):
        assert reader.get(url).status_code == 200, url


def test_a_poll_published_on_its_own_shows_without_its_article(placed, reader):
    _, poll = placed
    poll.standalone = True
    poll.save()
    assert "Did Samantha leave?" in reader.get(poll.film.get_absolute_url()).content.decode()


def test_only_editors_publish_polls(django_user_model, placed):
    _, poll = placed
    poll.status = "draft"
    poll.save()
    user = django_user_model.objects.create_user("pollster", password="pw", is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_poll", "view_poll", "change_choice"])
    )
    client = Client()
    client.force_login(user)
    url = reverse("admin:polls_poll_change", args=[poll.pk])
    data = form_data(client.get(url))
    assert "status" not in data and "standalone" not in data, "shown read-only"
    data.update({"status": "published", "standalone": "on"})
    client.post(url, data)
    poll.refresh_from_db()
    assert (poll.status, poll.standalone) == ("draft", False)


def test_saving_an_article_that_places_a_draft_poll_says_so(editor_client, placed):
    article, poll = placed
    poll.status = "draft"
    poll.save()
    response = editor_client.post(
        change_url(article), form_data(editor_client.get(change_url(article))), follow=True
    )
    assert "The poll “Did Samantha leave?” placed after “The ending” is a draft" in response.content.decode()


def test_a_poll_made_from_the_article_pop_up_starts_with_the_articles_film(editor_client, placed):
    article, _ = placed
    response = editor_client.get(reverse("admin:polls_poll_add"), {"_popup": "1", "film": article.film_id})
    assert response.context["adminform"].form.initial["film"] == str(article.film_id)


def test_placing_a_poll_in_a_live_article_shows_it_there(reader):
    poll = make_poll(question="Happy or sad?", standalone=False)
    live = make_article("Live one")
    make_section(live, position=1, heading="End", poll=poll)
    assert "Happy or sad?" in reader.get(live.get_absolute_url()).content.decode()
    assert reader.get(poll.get_absolute_url()).status_code == 200
