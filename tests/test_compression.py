"""Pages go out gzip-compressed to clients that accept it: shared public pages compressed once
and reused, anything private (the admin, with its CSRF token) compressed per response with
Django's random padding against BREACH."""

import gzip

import pytest
from django.test import Client

from tests.factories import make_article

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_public_page_is_compressed_once_and_the_same_bytes_are_reused():
    article = make_article(sections=3)
    client = Client()
    plain = client.get(article.get_absolute_url())
    first = client.get(article.get_absolute_url(), **GZIP)
    second = client.get(article.get_absolute_url(), **GZIP)
    assert first["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in first["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert gzip.decompress(first.content) == plain.content
    assert second.content == first.content
    assert int(first["Content-Length"]) == len(first.content) < len(plain.content) / 2


def test_admin_pages_are_compressed_with_breach_padding_each_time(editor_client):
    first = editor_client.get("/admin/articles/article/", **GZIP)
    second = editor_client.get("/admin/articles/article/", **GZIP)
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert "private" in first["Cache-Control"] or "no-cache" in first["Cache-Control"]
    assert first.content != second.content  # random padding (and a freshly masked CSRF token)
    assert b"csrfmiddlewaretoken" in gzip.decompress(first.content)


def test_clients_without_gzip_get_the_page_as_is():
    article = make_article()
    response = Client().get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="identity")
    assert "Content-Encoding" not in response
    assert b"<h1" in response.content
