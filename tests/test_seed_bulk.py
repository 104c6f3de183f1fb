"""manage.py seed_bulk: realistic content in bulk, rendered by the project, once per database."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from articles.models import Article, FAQItem, Section, TaggedArticle
from articles.rendering import render_markdown
from filmsite.models import CastCredit, Film, Person
from polls.models import Choice, ChoiceTally, Poll, Vote
from polls.voting import poll_results, record_vote

pytestmark = pytest.mark.django_db

SMALL = {
    "films": 40,
    "people": 90,
    "articles": 400,
    "sections": 4,
    "tags": 30,
    "polls": 6,
    "votes": 900,
}


def seed_small(**overrides):
    out = io.StringIO()
    call_command("seed_bulk", **{**SMALL, "seed": 7, **overrides}, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    return seed_small()


def content_snapshot():
    return {
        "films": list(Film.objects.order_by("slug").values_list("slug", "title", "year", "synopsis")),
        "people": list(Person.objects.order_by("slug").values_list("slug", "name")),
        "articles": list(
            Article.objects.order_by("slug").values_list("slug", "title", "status", "film__slug", "intro")
        ),
        "sections": list(
            Section.objects.order_by("article__slug", "position").values_list(
                "article__slug", "position", "heading", "anchor", "body", "key_points", "poll__slug"
            )
        ),
        "tags": sorted(TaggedArticle.objects.values_list("content_object__slug", "tag__name")),
        "votes": sorted(Vote.objects.values_list("poll__slug", "choice__label", "voter_key")),
    }


def test_seed_bulk_makes_what_it_was_asked_for(seeded):
    assert "Seeded:" in seeded
    assert Film.objects.count() == 40
    assert Person.objects.count() == 90
    assert Article.objects.count() == 400
    assert Section.objects.count() == 400 * 4
    assert Poll.objects.count() == 6
    assert Vote.objects.count() == 900
    assert not Section.objects.values("article").annotate(n=Count("id")).exclude(n=4).exists()
    # Every film has its cast; most articles are live, a few are drafts or scheduled.
    assert CastCredit.objects.values("film").distinct().count() == 40
    live = Article.objects.published().count()
    assert 370 < live < 400


def test_seeded_pages_render_and_drafts_stay_hidden(client, seeded):
    article = Article.objects.published().first()
    hidden = Article.objects.exclude(pk__in=Article.objects.published()).first()
    tag = TaggedArticle.objects.filter(content_object=article).first().tag
    for url in [
        reverse("filmsite:home"),
        reverse("articles:article_list"),
        reverse("filmsite:film_list"),
        article.get_absolute_url(),
        article.film.get_absolute_url(),
        reverse("articles:tag_detail", args=[tag.slug]),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(article.get_absolute_url()).content.decode()
    assert article.sections.first().heading.replace("'", "&#x27;") in page
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_stored_html_is_what_the_project_renders(seeded):
    """Texts are rendered block by block, once per distinct block; the result must not differ."""
    for body, html in Section.objects.values_list("body", "body_html"):
        assert render_markdown(body) == html
    for intro, html in Article.objects.values_list("intro", "intro_html"):
        assert render_markdown(intro) == html
    for answer, html in FAQItem.objects.values_list("answer", "answer_html"):
        assert render_markdown(answer) == html


def test_vote_tallies_equal_the_recount_and_triggers_still_count(seeded):
    recount = dict(Vote.objects.values("choice").annotate(n=Count("id")).values_list("choice", "n"))
    tallies = dict(ChoiceTally.objects.values_list("choice", "votes"))
    assert {choice: n for choice, n in tallies.items() if n} == recount
    poll = Poll.objects.open().annotate(n=Count("votes")).filter(n__gt=0).first()
    before = poll_results(poll, force_visible=True).total
    assert before == poll_results(poll, force_visible=True, recount=True).total == poll.n

    choice = Choice.objects.filter(poll=poll).first()
    outcome = record_vote(poll=poll, choice=choice, voter_key="a-new-reader", client_hash="a-new-client")
    assert outcome.accepted
    assert poll_results(poll, force_visible=True).total == before + 1  # the triggers are back


def test_the_same_seed_gives_the_same_content():
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        seed_small()
        first = content_snapshot()
        raise Undo
    assert not Article.objects.exists()
    seed_small()
    assert content_snapshot() == first
    assert len(first["articles"]) == 400


def test_another_seed_gives_other_content():
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        seed_small()
        first = content_snapshot()
        raise Undo
    seed_small(seed=8)
    assert content_snapshot()["articles"] != first["articles"]


def test_refuses_to_run_twice(seeded):
    with pytest.raises(CommandError, match="twice"):
        seed_small()
    assert Article.objects.count() == 400


def test_runs_beside_the_demo_content():
    call_command("load_demo", stdout=io.StringIO())
    demo_articles = Article.objects.count()
    seed_small()
    assert Article.objects.count() == demo_articles + 400
    assert Film.objects.filter(slug="her").exists()


@pytest.mark.parametrize(
    "debug, allowed, refused",
    [
        (False, False, True),  # production: DEBUG off, nothing says this is a scratch database
        (True, False, False),  # a developer's machine
        (False, True, False),  # the suite's and the benchmarks' settings, or ALLOW_SEED_BULK=1
    ],
)
def test_refuses_production_settings(settings, debug, allowed, refused):
    settings.DEBUG = debug
    settings.SEED_BULK_ALLOWED = allowed
    if refused:
        with pytest.raises(CommandError, match="production"):
            seed_small()
        assert not Article.objects.exists()
    else:
        seed_small(articles=20, votes=10)
        assert Article.objects.count() == 20


def test_bad_sizes_are_refused_cleanly():
    with pytest.raises(CommandError, match="negative"):
        seed_small(articles=-1)
    with pytest.raises(CommandError, match="sections"):
        seed_small(sections=1000)
    assert not Article.objects.exists()
