"""`manage.py load_demo`: the showcase content, and that reruns converge on the same rows."""

import io
import re

import pytest
from django.core.management import call_command
from taggit.models import Tag

from articles.models import Article, FAQItem, Section, TaggedArticle
from filmsite.models import CastCredit, CrewCredit, Film, Genre, Person

from .factories import make_article, make_film

pytestmark = pytest.mark.django_db

COUNTED = [Film, Person, Genre, CastCredit, CrewCredit, Article, Section, FAQItem, Tag, TaggedArticle]


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot():
    return {
        "counts": {model.__name__: model.objects.count() for model in COUNTED},
        "images": sorted(
            [f.poster.name for f in Film.objects.all()]
            + [a.hero_image.name for a in Article.objects.all()]
            + [a.hero_card.name for a in Article.objects.all()]
            + [s.image.name for s in Section.objects.exclude(image="")]
        ),
    }


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture
def demo(settings, demo_media):
    """The demo loaded, with its images drawn once per module (reruns reuse stored files)."""
    settings.MEDIA_ROOT = demo_media
    load_demo()


@pytest.fixture
def her_article(demo):
    return Article.objects.get(slug="her-ending-explained")


def test_second_run_gives_the_same_rows_and_image_files(settings):
    first_output = load_demo()
    first = snapshot()
    second_output = load_demo()

    assert snapshot() == first
    assert first["counts"]["Film"] == 7
    assert first["counts"]["Article"] == 7
    assert "created film: Her (2013)" in first_output
    assert "unchanged film: Her (2013)" in second_output
    assert "created" not in second_output and "updated" not in second_output
    stored = sorted(p.relative_to(settings.MEDIA_ROOT).as_posix() for p in settings.MEDIA_ROOT.rglob("*.*"))
    assert stored == first["images"]  # no second copies with random suffixes


def test_her_film_has_facts_cast_and_crew(her_article):
    her = Film.objects.get(slug="her")
    assert (her.title, her.year, her.runtime, her.imdb_id, her.tmdb_id, her.letterboxd_slug) == (
        "Her",
        2013,
        126,
        "tt1798709",
        152601,
        "her",
    )
    assert her.release_date.isoformat() == "2013-12-18"
    assert [g.name for g in her.genres.all()] == ["Drama", "Romance", "Science fiction"]
    assert [p.name for p in her.directors.all()] == ["Spike Jonze"]
    cast = {c.person.name: c.character_name for c in her.cast.select_related("person")}
    assert cast["Joaquin Phoenix"] == "Theodore Twombly"
    assert cast["Scarlett Johansson"] == "Samantha (voice)"
    assert cast["Amy Adams"] == "Amy"
    assert cast["Rooney Mara"] == "Catherine"
    crew = her.crew.select_related("person")
    assert [c.person.name for c in crew if c.role == CrewCredit.Role.COMPOSER] == [
        "Arcade Fire",
        "Owen Pallett",
    ]
    assert [c.person.name for c in crew if c.role == CrewCredit.Role.WRITER] == ["Spike Jonze"]
    assert her.poster.name == "posters/demo-her.jpg"
    assert (her.poster.width, her.poster.height) == (800, 1200)


def test_one_person_across_films(demo):
    jonze = Person.objects.get(slug="spike-jonze")
    assert sorted(f.slug for f in jonze.directed_films.all()) == ["adaptation", "being-john-malkovich", "her"]
    assert Person.objects.get(slug="scarlett-johansson").cast_credits.count() == 2


def test_her_article_has_ten_sections_in_order_with_key_points(her_article):
    sections = list(her_article.sections.all())
    assert [s.position for s in sections] == list(range(1, 11))
    assert [s.heading for s in sections[6:]] == [
        "How to prepare",
        "How to apply this",
        "Expert tips",
        "Conclusion",
    ]
    for section in sections[:6]:
        assert len(section.key_points_list) == 3, section.heading
        assert section.body_html.count("<p>") >= 2, section.heading
    assert any('href="https://' in s.body_html for s in sections[:6])
    assert any("<em>" in s.body_html for s in sections[:6])
    with_images = [s for s in sections if s.image]
    assert 2 <= len(with_images) <= 3
    for section in with_images:
        assert section.image_alt and section.image_caption
        assert (section.image.width, section.image.height) == (1200, 675)


def test_step_lists_render_as_html_lists(her_article):
    prepare, apply, tips = her_article.sections.filter(position__in=[7, 8, 9]).order_by("position")

    steps = re.findall(r"<li>(.*?)</li>", prepare.body_html, re.S)
    assert "<ol>" in prepare.body_html and len(steps) == 5
    assert all(step.strip().startswith("<strong>") for step in steps)
    steps = re.findall(r"<li>(.*?)</li>", apply.body_html, re.S)
    assert "<ol>" in apply.body_html and len(steps) == 4
    assert all(step.strip().startswith("<strong>") for step in steps)
    assert "<ul>" in tips.body_html and tips.body_html.count("<li>") == 5


def test_her_article_is_published_with_faq_tags_hero_and_comparisons(her_article):
    assert her_article in Article.objects.published()
    assert her_article.standfirst and "\n" not in her_article.standfirst
    assert her_article.intro_html.count("<p>") == 2
    assert her_article.faq_items.count() == 4
    assert all(item.answer_html for item in her_article.faq_items.all())
    assert {"ending explained", "artificial intelligence", "spike jonze"} <= set(her_article.tags.names())
    assert sorted(f.slug for f in her_article.related_films.all()) == ["blade-runner-2049", "ex-machina"]
    assert her_article.hero_image.name == "articles/demo-her-ending-explained.jpg"
    assert her_article.hero_image_alt


def test_demo_objects_pass_model_validation(demo):
    for model in (Film, Person, Genre, CastCredit, CrewCredit, Article, Section, FAQItem):
        for obj in model.objects.all():
            obj.full_clean()


def test_draft_stays_hidden_and_every_article_has_a_hero_image(demo):
    draft = Article.objects.get(slug="lost-in-translation-ending-explained")
    assert draft.status == Article.Status.DRAFT
    assert draft not in Article.objects.published()
    assert Article.objects.published().count() == 6
    assert not Article.objects.filter(hero_image="").exists()


def test_rerun_resets_edited_demo_text_and_leaves_other_content_alone(her_article):
    her = her_article.film
    editors_article = make_article(
        title="Her, ten years on", film=her, tags=["spike jonze"], sections=2, intro="Mine."
    )
    other_film = make_film(title="Not a demo film")
    her_article.intro = "Edited by an editor."
    her_article.save()
    Section.objects.create(article=her_article, position=11, heading="Extra")
    first = her_article.sections.get(position=1)
    first.heading = "Changed"
    first.body = "Rewritten."
    first.save()
    her_article.tags.add("editor tag")

    output = load_demo()

    assert "updated article: Her Ending Explained" in output
    assert "deleted section: Extra" in output
    her_article.refresh_from_db()
    assert "gentlest endings" in her_article.intro
    assert her_article.sections.count() == 10
    first.refresh_from_db()
    assert first.heading == "What happens at the end of Her"
    assert "8,316 people" in first.body_html  # rendered again, not just the Markdown reset
    assert "editor tag" not in her_article.tags.names()
    editors_article.refresh_from_db()
    assert editors_article.intro == "Mine."
    assert editors_article.sections.count() == 2
    assert list(editors_article.tags.names()) == ["spike jonze"]
    assert Film.objects.filter(pk=other_film.pk).exists()


def test_demo_poll_is_placed_in_the_her_article_with_its_reference_survey(client):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    from polls.models import Poll

    poll = Poll.objects.get(slug="her-ending")
    assert [c.label for c in poll.choices.order_by("position")] == [
        "Happy",
        "Sad",
        "Bittersweet",
        "Open-ended",
        "Ambiguous",
    ]
    assert [int(c.reference_percent) for c in poll.choices.order_by("position")] == [12, 28, 41, 11, 8]
    assert poll.reference_source == "Letterboxd user surveys"
    assert Article.objects.get(slug="her-ending-explained").sections.filter(poll=poll).count() == 1
    html = client.get("/articles/her-ending-explained/").content.decode()
    assert "How would you describe the ending of Her?" in html


def test_demo_articles_do_not_claim_an_update_on_the_day_they_were_loaded(client):
    call_command("load_demo", stdout=io.StringIO())
    article = Article.objects.get(slug="her-ending-explained")
    assert article.updated_at == article.published_at
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()


def test_every_demo_article_has_a_version_and_a_rerun_records_only_what_changed(her_article):
    from articles.models import ArticleRevision

    first = ArticleRevision.objects.get(article=her_article)
    assert (first.action, first.summary) == ("imported", "Loaded by load_demo.")
    assert first.snapshot["sections"][0]["heading"] == "What happens at the end of Her"
    assert her_article.latest_revision_id == her_article.live_revision_id == first.pk

    load_demo()
    assert ArticleRevision.objects.filter(article=her_article).count() == 1, "nothing changed"

    # An editor publishes a change; rerunning the demo resets it, and the history says so.
    from articles import revisions, workflow

    document = revisions.snapshot(her_article)
    document["intro"] = "Edited by an editor."
    workflow.save_draft(her_article, document=document, user=None)
    workflow.publish(her_article, user=None)
    load_demo()
    newest = ArticleRevision.objects.filter(article=her_article).first()
    assert newest.action == "imported" and newest.summary == "Loaded by load_demo. Intro"
    assert "Edited by an editor." in ArticleRevision.objects.filter(article=her_article)[1].snapshot["intro"]


def test_reruns_and_fresh_databases_reuse_the_card_thumbnails(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cards_folder = settings.MEDIA_ROOT / "articles" / "cards"
    load_demo()
    cards = sorted(path.name for path in cards_folder.iterdir())
    assert len(cards) == Article.objects.exclude(hero_card="").count()

    load_demo()
    Article.objects.all().delete()  # as if the database were new and the media folder kept
    load_demo()

    assert sorted(path.name for path in cards_folder.iterdir()) == cards
    assert sorted(a.hero_card.name.rsplit("/", 1)[1] for a in Article.objects.all()) == cards
