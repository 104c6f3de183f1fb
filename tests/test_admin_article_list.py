"""The article changelist at 100,000 rows: film and tag filters that search, indexed search,
deep pages and query counts that stay flat (ArticleAdmin's list options)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.admin import ArticleAdmin
from articles.models import Article
from tests.factories import make_article, make_draft, make_film
from tests.test_admin_lists import count_queries, sidebar, titles

pytestmark = pytest.mark.django_db

ARTICLES = reverse("admin:articles_article_changelist")


def test_film_and_tag_filters_are_search_boxes_not_lists(editor_client):
    films = [make_film(f"Listed film {i}") for i in range(25)]
    for i, film in enumerate(films):
        make_article(film=film, tags=[f"listed-tag-{i}"])
    response = editor_client.get(ARTICLES)
    filters = sidebar(response)
    assert "Listed film" not in filters
    assert "listed-tag" not in filters
    for lookup in ("film__id__exact", "tags__id__exact"):
        assert f'data-autocomplete-filter="{lookup}"' in filters
    assert f'data-ajax--url="{reverse("admin:autocomplete")}"' in filters
    assert "filmsite/autocomplete_filter.js" in filters


def test_a_chosen_film_or_tag_filters_the_list_and_shows_in_its_box(editor_client):
    her, other = make_film("Her"), make_film("Arrival")
    make_article(title="Samantha leaves", film=her, tags=["ai"])
    make_article(title="Heptapods", film=other, tags=["aliens"])
    response = editor_client.get(ARTICLES, {"film__id__exact": her.pk})
    assert titles(response) == ["Samantha leaves"]
    assert re.search(rf'<option value="{her.pk}" selected>Her \(2013\)</option>', sidebar(response))
    aliens = Article.tags.get(name="aliens")
    response = editor_client.get(ARTICLES, {"tags__id__exact": aliens.pk})
    assert titles(response) == ["Heptapods"]
    assert f'<option value="{aliens.pk}" selected>aliens</option>' in sidebar(response)


def test_the_boxes_search_through_the_admin_autocomplete(editor_client):
    make_article(tags=["science fiction", "romance"])
    params = {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "scien"}
    response = editor_client.get(reverse("admin:autocomplete"), params)
    assert [r["text"] for r in response.json()["results"]] == ["science fiction"]


def test_search_needs_every_word_in_the_title_standfirst_or_film_title(editor_client):
    her = make_film("Her")
    make_article(title="Samantha leaves", film=her, standfirst="An operating system departs")
    make_article(title="Her again", film=make_film("Arrival"), standfirst="Heptapods")
    make_draft(title="Leaves of grass", film=make_film("Grass"))
    assert sorted(titles(editor_client.get(ARTICLES, {"q": "her"}))) == ["Her again", "Samantha leaves"]
    assert titles(editor_client.get(ARTICLES, {"q": "her leaves"})) == ["Samantha leaves"]
    leaves = sorted(titles(editor_client.get(ARTICLES, {"q": "leaves"})))
    assert leaves == ["Leaves of grass", "Samantha leaves"]
    assert titles(editor_client.get(ARTICLES, {"q": '"operating system"'})) == ["Samantha leaves"]
    assert titles(editor_client.get(ARTICLES, {"q": "arrival heptapods"})) == ["Her again"]
    assert titles(editor_client.get(ARTICLES, {"q": "zebra"})) == []


def test_deep_pages_show_the_rows_of_their_place_in_the_order(editor_client, monkeypatch):
    monkeypatch.setattr(ArticleAdmin, "list_per_page", 4)
    for i in range(11):
        make_article(title=f"Row {i:02d}", published_at=timezone.now() - timedelta(hours=i))
    expected = [a.title for a in Article.objects.order_by("-published_at", "-id")]
    pages = [titles(editor_client.get(ARTICLES, {"p": p})) for p in (1, 2, 3)]
    assert pages == [expected[:4], expected[4:8], expected[8:]]


@pytest.mark.parametrize("params", [{}, {"q": "piece"}, {"p": "2"}, {"status__exact": "published"}])
def test_article_list_queries_do_not_grow_with_rows(editor_client, monkeypatch, params):
    monkeypatch.setattr(ArticleAdmin, "list_per_page", 5)
    film = make_film()
    for _ in range(12):
        make_article(title="A piece", film=make_film(), tags=["a", "b"])
    few = count_queries(editor_client, ARTICLES, params)
    for _ in range(20):
        make_article(title="A piece", film=film, tags=["a", "c"])
    assert count_queries(editor_client, ARTICLES, params) == few
    filtered = {"film__id__exact": film.pk, **params}
    assert count_queries(editor_client, ARTICLES, filtered) == few + 1  # the chosen film's name
