"""Editorial checks (articles/checks.py): one test group per check, and the gate on publishing."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import checks, revisions, workflow
from articles.models import Article
from tests.admin_helpers import change_url, form_data
from tests.factories import make_article, make_cast, make_draft, make_film, make_person, make_section
from tests.poll_factories import make_poll

pytestmark = pytest.mark.django_db

GENERIC_FAQ = json.loads((Path(__file__).parent / "fixtures" / "generic_faq.json").read_text())["faq"]


def document(**changes):
    base = {
        "title": "Her explained",
        "slug": "her-explained",
        "standfirst": "Why the ending of Her still stings.",
        "intro": "",
        "film": None,
        "hero_image": "",
        "hero_image_alt": "",
        "sections": [],
        "faq": [],
    }
    base.update(changes)
    return revisions.normalize(base)


def section(heading, **fields):
    return {"heading": heading, "key_points": "A point", **fields}


def problems(check, doc, facts=None):
    return check(doc, facts or checks.Facts())


# -- 1. alt text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "alt", ["", "   ", "IMG_2041.jpg", "her-poster.png", "image", "Photo.", "DSC0042", "pic"]
)
def test_images_without_meaningful_alt_text_are_flagged(alt):
    doc = document(hero_image="articles/a.png", hero_image_alt=alt)
    assert problems(checks.images_have_meaningful_alt_text, doc)
    doc = document(sections=[section("Meaning", image="sections/b.png", image_alt=alt)])
    assert "“Meaning”" in problems(checks.images_have_meaningful_alt_text, doc)[0]


def test_described_images_pass():
    doc = document(
        hero_image="articles/a.png",
        hero_image_alt="Theodore alone on a subway platform",
        sections=[
            section("Meaning", image="sections/b.png", image_alt="Amy and Theodore on the roof at dawn")
        ],
    )
    assert problems(checks.images_have_meaningful_alt_text, doc) == []


# -- 2. headings ------------------------------------------------------------------------------------


def test_empty_and_repeated_headings_are_flagged():
    doc = document(sections=[section("The ending"), section(" "), section("the  Ending")])
    found = problems(checks.headings_are_filled_and_unique, doc)
    assert "Section 2 has no heading." in found
    assert "Sections 1 and 3 have the same heading (“the  Ending”)." in found
    assert (
        problems(checks.headings_are_filled_and_unique, document(sections=[section("A"), section("B")])) == []
    )


# -- 3. key points -----------------------------------------------------------------------------------


def test_analysis_sections_need_key_points_practical_ones_do_not():
    doc = document(
        sections=[
            section("Why Samantha leaves", key_points=""),
            section("How to prepare", key_points=""),
            section("Expert tips", key_points=""),
            section("Conclusion", key_points=""),
            section("The rooftop", key_points="Amy understands"),
        ]
    )
    assert problems(checks.analysis_sections_have_key_points, doc) == [
        "“Why Samantha leaves” has no key points."
    ]


# -- 4. off-topic FAQ --------------------------------------------------------------------------------


@pytest.fixture
def her_demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "demo-media"
    call_command("load_demo", stdout=StringIO())
    article = Article.objects.get(slug="her-ending-explained")
    return article, revisions.snapshot(article)


def test_each_generic_faq_item_of_the_source_article_is_flagged(her_demo):
    article, doc = her_demo
    doc["faq"] = [{"question": item["question"], "answer": item["answer"]} for item in GENERIC_FAQ]
    doc = revisions.normalize(doc)
    found = problems(checks.faq_is_about_the_film, doc, checks.Facts.for_document(doc))
    assert len(found) == 4
    for item, problem in zip(GENERIC_FAQ, found, strict=True):
        assert f"“{item['question']}”" in problem


def test_the_demo_article_passes_every_check_its_real_faq_included(her_demo):
    article, doc = her_demo
    results = checks.run(doc)
    assert [r.problems for r in results if not r.ok] == []
    assert [r.title for r in results][3] == "The FAQ is about this film"


def test_faq_naming_a_character_a_person_or_a_heading_term_passes():
    film = make_film("Ex Machina", directors=[make_person("Alex Garland")])
    make_cast(film, person=make_person("Alicia Vikander"), character_name="Ava")
    doc = document(
        film=film.pk,
        sections=[section("Why Nathan's experiment fails")],
        faq=[
            {"question": "Is Ava conscious?", "answer": "Nobody can say."},
            {"question": "Who wrote it?", "answer": "Garland wrote and directed it."},
            {"question": "Was the experiment fair?", "answer": "Not to anyone in the house."},
            {"question": "Is it worth seeing?", "answer": "Yes, twice."},
        ],
    )
    found = problems(checks.faq_is_about_the_film, doc, checks.Facts.for_document(doc))
    assert len(found) == 1 and "“Is it worth seeing?”" in found[0]


# -- 5. spoilers in the standfirst -------------------------------------------------------------------


def test_spoiler_terms_in_the_standfirst_are_flagged():
    doc = document(
        standfirst="Samantha leaves Theodore for the other OSes.", spoiler_terms="leaves\nOther OSes, dies"
    )
    assert problems(checks.standfirst_keeps_the_ending, doc) == [
        "The standfirst gives the ending away: it mentions “leaves”, “Other OSes”."
    ]
    assert problems(checks.standfirst_keeps_the_ending, document(spoiler_terms="dies")) == []
    assert problems(checks.standfirst_keeps_the_ending, document(spoiler_terms="")) == []


# -- 6. internal links -------------------------------------------------------------------------------


def test_links_to_unpublished_explainers_are_flagged():
    live = make_article(slug="live-one")
    draft = make_draft(slug="draft-one")
    doc = document(
        intro=f"See [the live one]({live.get_absolute_url()}) and [the draft](/articles/{draft.slug}/#part).",
        sections=[
            section(
                "More",
                body="Also [gone](http://testserver/articles/deleted-one/) and [off site](https://example.org/articles/x/).",
            )
        ],
    )
    found = problems(checks.internal_links_are_live, doc, checks.Facts.for_document(doc))
    assert found == [
        "The link to /articles/draft-one/#part points to an explainer that is not published.",
        "The link to http://testserver/articles/deleted-one/ points to an explainer that is not published.",
    ]


# -- 7. placed polls ---------------------------------------------------------------------------------


def test_placed_polls_must_be_published_with_a_valid_reference_survey():
    good = make_poll(question="Good?", reference=(50, 50), labels=("Yes", "No"))
    draft = make_poll(question="Draft?", status="draft")
    bad = make_poll(question="Bad?", reference=(50, 20), labels=("Yes", "No"))
    doc = document(
        sections=[section("A", poll=good.pk), section("B", poll=draft.pk), section("C", poll=bad.pk)]
    )
    found = problems(checks.placed_polls_are_ready, doc, checks.Facts.for_document(doc))
    assert len(found) == 2
    assert "“Draft?” after “B” is a draft" in found[0]
    assert found[1].startswith("The poll “Bad?”: The reference percentages add up to 70%")


def test_reading_stats_count_what_a_reader_reads():
    doc = document(
        standfirst="One two", intro="three four five", sections=[section("six", body=" ".join(["w"] * 455))]
    )
    assert checks.reading_stats(doc) == (2 + 3 + 1 + 455 + 2, 3)  # the key points count too


# -- the gate on publishing ------------------------------------------------------------------------


@pytest.fixture
def failing(editor):
    article = make_draft(title="Has a problem", author=editor)
    make_section(article, position=1, heading="Why it ends so", key_points="")
    return article


def test_publishing_is_refused_while_a_check_fails_and_nothing_changes(editor_client, failing):
    data = form_data(editor_client.get(change_url(failing)))
    page = editor_client.get(change_url(failing)).content.decode()
    assert "✗" in page and "“Why it ends so” has no key points." in page
    data["_publish"] = "Publish"
    response = editor_client.post(change_url(failing), data)
    assert response.status_code == 200
    assert "Not published: “Why it ends so” has no key points." in response.content.decode()
    failing.refresh_from_db()
    assert failing.status == Article.Status.DRAFT


def test_an_editor_may_publish_anyway_with_a_reason_kept_in_the_history(editor_client, failing, reader):
    data = form_data(editor_client.get(change_url(failing)))
    data.update({"_publish": "Publish", "override_reason": "Breaking news; key points follow in an hour."})
    assert editor_client.post(change_url(failing), data).status_code == 302
    failing.refresh_from_db()
    assert failing.is_published()
    comment = failing.revisions.first().comment
    assert "Published despite checks (“Why it ends so” has no key points.)" in comment
    assert "Breaking news" in comment
    assert reader.get(failing.get_absolute_url()).status_code == 200


def test_the_publish_list_action_skips_articles_that_fail_a_check(editor_client, failing):
    fine = make_draft(title="Fine")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [failing.pk, fine.pk]},
        follow=True,
    )
    notes = [str(m) for m in response.context["messages"]]
    assert any(n.startswith("“Has a problem” was not published:") for n in notes)
    assert "1 article was published." in notes
    failing.refresh_from_db(), fine.refresh_from_db()
    assert (failing.status, fine.status) == ("draft", "published")


def test_checks_run_when_the_system_publishes_only_through_people():
    """Commands and scheduled publication (user None) were checked when a person scheduled them."""
    article = make_draft()
    make_section(article, position=1, heading="No points", key_points="")
    workflow.publish(article, user=None)
    article.refresh_from_db()
    assert article.is_published()
