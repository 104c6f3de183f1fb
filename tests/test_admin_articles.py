"""The article admin as an editor uses it: add and change pages with inlines, list, actions."""

from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, FAQItem, Section
from tests.admin_helpers import (
    change_url,
    form_data,
    inline_rows,
    not_an_image_error,
    shown_errors,
    text_file,
)
from tests.factories import make_article, make_draft, make_faq, make_film, make_section, png_upload
from tests.poll_factories import make_poll

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
CHANGELIST_URL = reverse("admin:articles_article_changelist")


def section_row(heading, **fields):
    return {
        "position": fields.pop("position", "1"),
        "heading": heading,
        "anchor": "",
        "body": "",
        "key_points": "",
        "image_alt": "",
        "image_caption": "",
        **fields,
    }


def faq_row(question, answer, position="1"):
    return {"position": position, "question": question, "answer": answer}


def new_article_data(film, sections=(), faqs=(), **fields):
    data = {
        "title": "Her: the ending explained",
        "slug": "her-ending-explained",
        "standfirst": "Why Samantha leaves, and what Theodore learns.",
        "author": "",
        "film": str(film.pk) if film else "",
        "intro": "",
        "tags": "",
        "hero_image_alt": "",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        **inline_rows("sections", list(sections)),
        **inline_rows("faq_items", list(faqs)),
    }
    data.update(fields)
    return data


def assert_nothing_saved():
    assert Article.objects.count() == 0
    assert Section.objects.count() == 0
    assert FAQItem.objects.count() == 0


@pytest.fixture
def film():
    return make_film("Her", slug="her")


# -- add page -------------------------------------------------------------------------------------


def test_add_page_offers_inlines_autocomplete_and_slug_from_title(editor_client):
    response = editor_client.get(ADD_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="sections-TOTAL_FORMS"' in content
    assert 'name="faq_items-TOTAL_FORMS"' in content
    assert 'name="sections-0-position"' in content
    assert 'name="tags"' in content
    for field in ("film", "related_films", "author"):
        assert f'data-field-name="{field}"' in content  # Django's autocomplete widget
    assert "django-admin-prepopulated-fields-constants" in content
    assert "#id_slug" in unescape(content)
    for legend in ("Article", "Film", "Text", "Image", "Publishing"):
        assert f">{legend}</" in content


def test_adding_an_article_saves_sections_and_faq_as_safe_html(editor_client, editor, film):
    other = make_film("Lost in Translation", slug="lost-in-translation")
    data = new_article_data(
        film,
        related_films=[str(other.pk)],
        intro="An *intro*. <script>alert('intro')</script>",
        tags="Ending explained, AI",
        sections=[
            section_row(
                "What the ending means",
                position="1",
                body="**Samantha** leaves. <script>alert('x')</script>",
                key_points="She outgrows him\nHe writes to Catherine",
            ),
            section_row("The letter", position="2", body="1. **Lead.** text", anchor="letter"),
            section_row("The rooftop", position="3", body='<a href="javascript:alert(1)">x</a> end'),
        ],
        faqs=[
            faq_row("Does Samantha die?", "No. <img src=x onerror=alert(1)>**She leaves.**", "1"),
            faq_row("Is it sad?", "*Bittersweet.*", "2"),
        ],
    )

    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 302, shown_errors(response)
    article = Article.objects.get()
    assert article.author == editor
    assert article.film == film
    assert list(article.related_films.all()) == [other]
    assert sorted(tag.name for tag in article.tags.all()) == ["AI", "Ending explained"]
    assert article.intro_html == "<p>An <em>intro</em>. </p>"
    sections = list(article.sections.all())
    assert [s.heading for s in sections] == ["What the ending means", "The letter", "The rooftop"]
    assert [s.anchor for s in sections] == ["what-the-ending-means", "letter", "the-rooftop"]
    assert "<strong>Samantha</strong>" in sections[0].body_html
    assert "<script" not in sections[0].body_html
    assert sections[0].key_points_list == ["She outgrows him", "He writes to Catherine"]
    assert "javascript:" not in sections[2].body_html
    faqs = list(article.faq_items.all())
    assert [f.question for f in faqs] == ["Does Samantha die?", "Is it sad?"]
    assert "<strong>She leaves.</strong>" in faqs[0].answer_html
    assert "onerror" not in faqs[0].answer_html
    assert "<img" not in faqs[0].answer_html


def test_author_defaults_to_the_editor_but_a_chosen_author_is_kept(
    editor_client, editor, film, django_user_model
):
    writer = django_user_model.objects.create_user(username="writer")
    editor_client.post(ADD_URL, new_article_data(film, slug="mine"))
    editor_client.post(ADD_URL, new_article_data(film, slug="theirs", author=str(writer.pk)))
    assert Article.objects.get(slug="mine").author == editor
    assert Article.objects.get(slug="theirs").author == writer


def test_blank_anchor_is_made_from_heading_without_taking_an_anchor_asked_for_later(editor_client, film):
    data = new_article_data(
        film,
        sections=[
            section_row("Meaning", position="1"),
            section_row("Another view", position="2", anchor="meaning"),
            section_row("FAQ", position="3"),  # 'faq' is an id of the page itself
        ],
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, shown_errors(response)
    anchors = dict(Section.objects.values_list("heading", "anchor"))
    assert anchors == {"Meaning": "meaning-2", "Another view": "meaning", "FAQ": "faq-2"}


# -- errors on the add page: a form page with the message, never a 500, nothing saved -------------


def test_missing_film_is_a_form_error(editor_client):
    response = editor_client.post(ADD_URL, new_article_data(None, sections=[section_row("A")]))
    assert "film: This field is required." in shown_errors(response)
    assert_nothing_saved()


def test_duplicate_slug_is_a_form_error(editor_client, film):
    make_article(slug="her-ending-explained", film=film)
    before = Article.objects.count()
    response = editor_client.post(ADD_URL, new_article_data(film, sections=[section_row("A")]))
    assert "slug: Article with this Slug already exists." in shown_errors(response)
    assert Article.objects.count() == before
    assert Section.objects.count() == 0


def test_duplicate_anchors_in_one_submission_are_a_form_error(editor_client, film):
    data = new_article_data(
        film,
        sections=[
            section_row("One", position="1", anchor="twist"),
            section_row("Two", position="2"),
            section_row("Three", position="3", anchor="twist"),
        ],
    )
    response = editor_client.post(ADD_URL, data)
    errors = shown_errors(response)
    assert "sections: Each section needs its own anchor; used more than once: twist." in errors
    assert "sections-0-anchor: Another section in this article uses this anchor." in errors
    assert "sections-2-anchor: Another section in this article uses this anchor." in errors
    assert_nothing_saved()


def test_reserved_anchor_is_a_form_error(editor_client, film):
    response = editor_client.post(ADD_URL, new_article_data(film, sections=[section_row("Q", anchor="faq")]))
    assert "sections-0-anchor: “faq” is used by the article page itself; choose another anchor." in (
        shown_errors(response)
    )
    assert_nothing_saved()


def test_hero_image_without_alt_text_is_a_form_error(editor_client, film):
    response = editor_client.post(ADD_URL, new_article_data(film, hero_image=png_upload()))
    assert "hero_image_alt: Describe the image (alt text) for screen readers." in shown_errors(response)
    assert_nothing_saved()


def test_section_image_without_alt_text_is_a_form_error(editor_client, film):
    data = new_article_data(film, sections=[section_row("A", image=png_upload())])
    response = editor_client.post(ADD_URL, data)
    assert "sections-0-image_alt: Describe the image (alt text) for screen readers." in shown_errors(response)
    assert_nothing_saved()


@pytest.mark.parametrize("where", ["hero", "section"])
def test_text_file_named_png_is_a_form_error(editor_client, film, where):
    if where == "hero":
        data = new_article_data(film, hero_image=text_file(), hero_image_alt="A still")
        field = "hero_image"
    else:
        data = new_article_data(film, sections=[section_row("A", image=text_file(), image_alt="A still")])
        field = "sections-0-image"
    errors = shown_errors(editor_client.post(ADD_URL, data))
    assert not_an_image_error(field) in errors, errors
    assert_nothing_saved()


@pytest.mark.parametrize("where", ["hero", "section"])
def test_image_with_too_many_pixels_is_a_form_error(editor_client, film, settings, where):
    settings.IMAGE_MAX_PIXELS = 10_000
    big = png_upload(size=(200, 200))
    if where == "hero":
        data = new_article_data(film, hero_image=big, hero_image_alt="A still")
        field = "hero_image"
    else:
        data = new_article_data(film, sections=[section_row("A", image=big, image_alt="A still")])
        field = "sections-0-image"
    errors = shown_errors(editor_client.post(ADD_URL, data))
    assert f"{field}: This image is 200 × 200 pixels; at most 10,000 pixels are allowed." in errors
    assert_nothing_saved()


def test_valid_images_with_alt_text_are_saved(editor_client, film):
    data = new_article_data(
        film,
        hero_image=png_upload("hero.png"),
        hero_image_alt="Theodore on the roof",
        sections=[section_row("A", image=png_upload("still.png"), image_alt="A still")],
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, shown_errors(response)
    article = Article.objects.get()
    assert article.hero_image.name.startswith("articles/hero")
    assert article.sections.get().image.name.startswith("sections/still")


# -- change page ----------------------------------------------------------------------------------


@pytest.fixture
def article(film):
    article = make_draft(title="Her explained", film=film, tags=["ai"])
    make_section(article, position=1, heading="The meaning")
    make_section(article, position=2, heading="The letter")
    make_faq(article, position=1)
    return article


def test_change_page_shows_inlines_times_and_view_on_site(editor_client, article):
    response = editor_client.get(change_url(article))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="sections-INITIAL_FORMS" value="2"' in content
    assert 'name="faq_items-INITIAL_FORMS" value="1"' in content
    assert 'value="the-meaning"' in content
    assert "Created at" in content and "Updated" in content
    ct = ContentType.objects.get_for_model(Article)
    view_on_site = reverse("admin:view_on_site", args=[ct.pk, article.pk])
    assert f'href="{view_on_site}"' in content
    redirect = editor_client.get(view_on_site)
    assert redirect.status_code == 302
    assert redirect["Location"].endswith(article.get_absolute_url())


def test_unchanged_submit_of_change_page_saves_cleanly(editor_client, article):
    response = editor_client.post(change_url(article), form_data(editor_client.get(change_url(article))))
    assert response.status_code == 302, shown_errors(response)
    assert article.sections.count() == 2
    assert [t.name for t in article.tags.all()] == ["ai"]


def test_editing_a_section_heading_keeps_its_anchor(editor_client, article):
    data = form_data(editor_client.get(change_url(article)))
    assert data["sections-0-heading"] == "The meaning"
    data["sections-0-heading"] = "What it all means"
    data["sections-0-body"] = "Now with **bold**."

    response = editor_client.post(change_url(article), data)

    assert response.status_code == 302, shown_errors(response)
    section = article.sections.get(position=1)
    assert section.heading == "What it all means"
    assert section.anchor == "the-meaning"
    assert section.body_html == "<p>Now with <strong>bold</strong>.</p>"


def test_clearing_an_anchor_makes_a_new_one_from_the_heading(editor_client, article):
    data = form_data(editor_client.get(change_url(article)))
    data["sections-0-heading"] = "The letter again"
    data["sections-0-anchor"] = ""
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, shown_errors(response)
    assert list(article.sections.values_list("anchor", flat=True)) == ["the-letter-again", "the-letter"]


def test_sections_can_swap_anchors(editor_client, article):
    data = form_data(editor_client.get(change_url(article)))
    data["sections-0-anchor"], data["sections-1-anchor"] = "the-letter", "the-meaning"
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, shown_errors(response)
    anchors = dict(article.sections.values_list("heading", "anchor"))
    assert anchors == {"The meaning": "the-letter", "The letter": "the-meaning"}


def test_a_section_may_take_the_anchor_of_one_deleted_in_the_same_submit(editor_client, article):
    data = form_data(editor_client.get(change_url(article)))
    data["sections-0-anchor"] = "the-letter"
    data["sections-1-DELETE"] = "on"
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, shown_errors(response)
    assert list(article.sections.values_list("heading", "anchor")) == [("The meaning", "the-letter")]


def test_new_section_with_an_existing_anchor_is_a_form_error(editor_client, article):
    data = form_data(editor_client.get(change_url(article)))
    data["sections-TOTAL_FORMS"] = "3"
    data.update(
        {f"sections-2-{k}": v for k, v in section_row("New", position="3", anchor="the-letter").items()}
    )
    response = editor_client.post(change_url(article), data)
    assert "sections: Each section needs its own anchor; used more than once: the-letter." in (
        shown_errors(response)
    )
    assert article.sections.count() == 2


def test_invalid_change_leaves_the_article_as_it_was(editor_client, article):
    data = form_data(editor_client.get(change_url(article)))  # opening it keeps a first version
    before = Article.objects.values().get(pk=article.pk)
    revisions_before = article.revisions.count()
    data["title"] = "A new title"
    data["sections-0-heading"] = "A new heading"
    data["film"] = ""
    data["hero_image"] = text_file()

    errors = shown_errors(editor_client.post(change_url(article), data))

    assert "film: This field is required." in errors
    assert not_an_image_error("hero_image") in errors, errors
    assert Article.objects.values().get(pk=article.pk) == before
    assert article.sections.get(position=1).heading == "The meaning"
    assert article.revisions.count() == revisions_before


# -- changelist -----------------------------------------------------------------------------------


def test_changelist_columns_and_view_on_site_links(editor_client, film):
    live = make_article(title="Live one", film=film)
    draft = make_draft(title="Draft one", film=film)
    response = editor_client.get(CHANGELIST_URL)
    content = response.content.decode()
    assert response.status_code == 200
    for header in ("Title", "Film", "State", "Published", "Updated", "On site"):
        assert f">{header}</a>" in content or f"<span>{header}</span>" in content, header
    assert f'<a href="{live.get_absolute_url()}" target="_blank" rel="noopener">View</a>' in content
    assert f'<a href="{draft.get_absolute_url()}" target="_blank" rel="noopener">Preview</a>' in content
    assert '<span class="article-state article-state--live">Live</span>' in content
    assert '<span class="article-state article-state--draft">Draft</span>' in content


def results(response):
    assert response.status_code == 200
    return {article.title for article in response.context["cl"].result_list}


def test_changelist_search_and_filters(editor_client):
    her, arrival = make_film("Her", slug="her-film"), make_film("Arrival", slug="arrival")
    make_article(title="Samantha leaves", film=her, tags=["ai"], standfirst="An operating system")
    make_draft(title="Heptapods", film=arrival, tags=["aliens"], standfirst="Time is a circle")
    old = make_article(title="Old piece", film=arrival, published_at=datetime(2019, 5, 1, tzinfo=UTC))

    assert results(editor_client.get(CHANGELIST_URL, {"q": "operating"})) == {"Samantha leaves"}
    assert results(editor_client.get(CHANGELIST_URL, {"q": "arrival"})) == {"Heptapods", "Old piece"}
    assert results(editor_client.get(CHANGELIST_URL, {"status__exact": "draft"})) == {"Heptapods"}
    assert results(editor_client.get(CHANGELIST_URL, {"film__id__exact": her.pk})) == {"Samantha leaves"}
    aliens = Article.tags.get(name="aliens")
    assert results(editor_client.get(CHANGELIST_URL, {"tags__id__exact": aliens.pk})) == {"Heptapods"}
    assert results(editor_client.get(CHANGELIST_URL, {"published_at__year": "2019"})) == {old.title}
    past_7_days = filter_link(editor_client.get(CHANGELIST_URL), "published", "Past 7 days")
    assert results(editor_client.get(CHANGELIST_URL + past_7_days)) == {"Samantha leaves"}


def filter_link(response, filter_title, choice):
    """The query string of one choice in the changelist's filter sidebar, as an editor clicks it."""
    changelist = response.context["cl"]
    for spec in changelist.filter_specs:
        if spec.title == filter_title:
            for option in spec.choices(changelist):
                if option["display"] == choice:
                    return option["query_string"]
    raise AssertionError(f"no {choice!r} under {filter_title!r}")


def test_changelist_queries_do_not_grow_with_rows(editor_client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(CHANGELIST_URL).status_code == 200
        return len(queries)

    for _ in range(3):
        make_article(tags=["a", "b"], sections=2)
    few = count_queries()
    for _ in range(12):
        make_article(tags=["a", "b"], sections=2)
    assert count_queries() == few


def test_film_autocomplete_finds_films_by_title(editor_client, film):
    make_film("Arrival", slug="arrival")
    url = reverse("admin:autocomplete")
    params = {"app_label": "articles", "model_name": "article", "field_name": "film", "term": "he"}
    response = editor_client.get(url, params)
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Her (2013)"]


# -- actions --------------------------------------------------------------------------------------


def run_action(client, action, articles):
    data = {"action": action, "_selected_action": [str(a.pk) for a in articles]}
    response = client.post(CHANGELIST_URL, data, follow=True)
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


def test_publish_action_publishes_drafts_and_says_how_many(editor_client):
    fresh = make_draft()
    dated = make_draft(published_at=datetime(2020, 5, 1, tzinfo=UTC))
    already = make_article()
    already_at = already.published_at

    messages = run_action(editor_client, "publish", [fresh, dated, already])

    assert messages == ["2 articles were published."]
    fresh.refresh_from_db(), dated.refresh_from_db(), already.refresh_from_db()
    assert fresh.status == dated.status == Article.Status.PUBLISHED
    assert fresh.is_published()
    assert abs(fresh.published_at - timezone.now()).total_seconds() < 60
    assert dated.published_at.year == 2020  # an existing publication time is kept
    assert already.published_at == already_at
    assert LogEntry.objects.filter(object_id=str(fresh.pk), change_message__contains="Published").exists()


def test_unpublish_action_returns_articles_to_draft(editor_client):
    live, draft = make_article(), make_draft()
    assert run_action(editor_client, "unpublish", [live]) == ["1 article was unpublished."]
    live.refresh_from_db()
    assert live.status == Article.Status.DRAFT
    assert not live.is_published()
    assert run_action(editor_client, "unpublish", [live, draft]) == [
        "No article was unpublished: the selected articles were already drafts."
    ]


def test_unchanged_article_saves_without_a_conflict(editor_client):
    article = make_article(intro="Text")
    response = editor_client.post(change_url(article), form_data(editor_client.get(change_url(article))))
    assert response.status_code == 302


def test_every_save_keeps_a_readable_copy_of_the_text(editor_client, editor, film):
    from articles.models import ArticleRevision

    data = new_article_data(film, sections=[section_row("First heading", body="First *body*")])
    assert editor_client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    edit = form_data(editor_client.get(change_url(article)))
    edit["sections-0-body"] = "Rewritten body"
    assert editor_client.post(change_url(article), edit).status_code == 302

    first, second = ArticleRevision.objects.filter(article=article).order_by("created_at", "id")
    assert first.snapshot["sections"][0]["body"] == "First *body*"
    assert second.snapshot["sections"][0]["body"] == "Rewritten body"
    assert first.editor == editor and first.summary == "Created."
    assert second.summary == "Section “First heading”: body"

    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    rows = history.content.decode()
    assert rows.index("Section “First heading”: body") < rows.index("Created."), "newest first"
    earlier = editor_client.get(
        reverse("admin:articles_article_revision_preview", args=[article.pk, first.pk])
    )
    assert "First <em>body</em>" in earlier.content.decode()
    # Versions are a record: there is no admin page that could change or add one.
    assert editor_client.get("/admin/articles/articlerevision/").status_code == 404


def test_publishing_a_draft_with_a_future_time_says_it_is_scheduled(editor_client):
    future = make_draft(published_at=timezone.now() + timedelta(days=3))
    messages = run_action(editor_client, "publish", [future])
    assert messages == [
        "1 article was published.",
        "1 of them has a future publication time: it appears then.",
    ]
    future.refresh_from_db()
    assert future.status == Article.Status.PUBLISHED and not future.is_published()


def test_the_same_poll_twice_in_one_article_is_a_form_error(editor_client, film):
    """Two blocks with one poll would repeat its element id, which the vote returns to."""
    poll = make_poll(question="How would you describe the ending?")
    data = new_article_data(
        film,
        sections=[
            section_row("One", position="1", poll=str(poll.pk)),
            section_row("Two", position="2"),
            section_row("Three", position="3", poll=str(poll.pk)),
        ],
    )
    response = editor_client.post(ADD_URL, data)
    errors = shown_errors(response)
    assert (
        "sections: A poll can be placed once per article; placed more than once: "
        "How would you describe the ending?." in errors
    )
    assert "sections-2-poll: This poll is already placed after another section of this article." in errors
    assert "sections-0-poll: This poll is already placed after another section of this article." not in errors
    assert_nothing_saved()
    # Once in the article is fine.
    data["sections-2-poll"] = ""
    assert editor_client.post(ADD_URL, data).status_code == 302
    assert Section.objects.filter(poll=poll).count() == 1
