"""Tags longer than the tag table allows (100 characters) are a form error in the admin, on
SQLite (which would store them) and on PostgreSQL (which refused them with a 500, losing the edit)."""

import pytest
from taggit.models import Tag

from articles.models import Article
from tests.admin_helpers import change_url, form_data, shown_errors
from tests.factories import make_draft

pytestmark = pytest.mark.django_db

LONG = "an extremely long tag that somebody pasted by mistake " * 2  # 108 characters


def test_tag_over_100_characters_is_a_form_error_and_nothing_changes(editor_client):
    article = make_draft(title="Her Ending Explained", tags=["love"])  # a draft: saves write its rows
    data = form_data(editor_client.get(change_url(article)))
    before = Article.objects.values().get(pk=article.pk)
    data["title"] = "Her Ending Explained, revised"
    data["tags"] = f"love, {LONG}"

    response = editor_client.post(change_url(article), data)

    errors = shown_errors(response)
    assert (
        f"tags: A tag can be at most 100 characters; “{LONG.strip()[:30]}…” has {len(LONG.strip())}."
    ) in errors, errors
    assert "Her Ending Explained, revised" in response.content.decode()  # the edit is still in the form
    assert Article.objects.values().get(pk=article.pk) == before
    assert list(article.tags.names()) == ["love"]
    assert not Tag.objects.filter(name__startswith="an extremely").exists()


def test_tag_of_exactly_100_characters_is_saved(editor_client):
    article = make_draft(tags=["love"])
    data = form_data(editor_client.get(change_url(article)))
    data["tags"] = "x" * 100
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, shown_errors(response)
    assert list(article.tags.names()) == ["x" * 100]
