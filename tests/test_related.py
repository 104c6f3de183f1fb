"""'You might also like' ranks a few candidates found by index, with the ranking of a full scan."""

import random

import pytest
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL

from articles import related
from articles.models import Article
from tests.factories import make_article, make_draft, make_film, make_person, make_scheduled

pytestmark = pytest.mark.django_db


def full_scan(article, limit=4):
    """The previous implementation: score every published article (the reference ranking)."""
    params = (article.pk, article.film_id, article.film_id, article.film_id, article.pk)
    ranked = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .annotate(score=RawSQL(related._score_sql(), params, output_field=IntegerField()))
        .order_by("-score", "-published_at", "-pk")[:limit]
    )
    return [candidate for candidate in ranked if candidate.score > 0]


@pytest.fixture
def catalogue():
    """A small site with every kind of relation: shared films, directors, tags, comparisons."""
    rng = random.Random(9)
    people = [make_person() for _ in range(5)]
    films = [make_film(directors=rng.sample(people, rng.choice((1, 1, 2)))) for _ in range(10)]
    tags = [f"tag{i}" for i in range(12)]
    articles = []
    for i in range(40):
        maker = make_draft if i % 13 == 0 else make_scheduled if i % 17 == 0 else make_article
        article = maker(film=rng.choice(films), tags=rng.sample(tags, rng.randint(0, 4)))
        article.related_films.set(rng.sample(films, rng.choice((0, 0, 1, 2))))
        articles.append(article)
    return articles


def test_ranking_is_that_of_a_full_scan_when_tags_are_rare(catalogue):
    for article in catalogue:
        assert related.related_articles(article) == full_scan(article), article.slug


def test_popular_tags_bring_their_newest_articles_ranked_the_same(catalogue, monkeypatch):
    """Every tag counted as popular, and each one sampled deeply: still the full scan's ranking."""
    monkeypatch.setattr(related, "RARE_TAG_USES", 0)
    monkeypatch.setattr(related, "SAMPLED_TAGS", 10)
    monkeypatch.setattr(related, "NEWEST_PER_COMMON_TAG", 1000)
    for article in catalogue:
        assert related.related_articles(article) == full_scan(article), article.slug


def test_an_article_whose_tags_are_all_popular_still_gets_related_articles(monkeypatch):
    monkeypatch.setattr(related, "RARE_TAG_USES", 3)
    popular = [make_article(tags=["everywhere"]) for _ in range(6)]
    lonely = make_article(tags=["everywhere"])  # its film has no other explainer, no director
    found = related.related_articles(lonely)
    assert len(found) == 4
    assert set(found) <= set(popular)


def test_drafts_and_scheduled_articles_are_never_related(catalogue):
    hidden = set(Article.objects.exclude(pk__in=Article.objects.published()))
    assert hidden
    for article in catalogue:
        assert not hidden & set(related.related_articles(article))
