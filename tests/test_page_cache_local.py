"""With a shared cache (Redis in production), each process keeps copies of the pages it served.

A copy is checked against the shared key versions like the shared entry, so it can be served
without fetching the page again, and an edit is never hidden by one. A file-based cache stands in
for Redis here: it is shared between processes the same way, so the local copies are switched on.
"""

import pytest
from django.core.cache import cache

from filmsite import cache as page_cache
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "shared-cache"),
        }
    }
    assert page_cache.local_copies() is not None
    return page_cache.local_copies()


class _RecordingCache:
    """The shared cache, noting which page keys are read from it."""

    def __init__(self, shared):
        self._shared = shared
        self.page_reads = []

    def get(self, key, *args, **kwargs):
        if key.startswith("page:"):
            self.page_reads.append(key)
        return self._shared.get(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._shared, name)


def test_a_hit_is_served_from_this_process_without_fetching_the_page(client, shared_cache, monkeypatch):
    article = make_article(title="Local copies")
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    recorder = _RecordingCache(cache)
    monkeypatch.setattr(page_cache, "cache", recorder)
    for _ in range(3):
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit"
        assert "Local copies" in response.content.decode()
    assert recorder.page_reads == []


def test_an_edit_is_never_hidden_by_a_local_copy(client, shared_cache):
    article = make_article(title="Before the edit")
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    article.title = "After the edit"
    article.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "After the edit" in response.content.decode()


def test_local_copies_are_bounded(client, settings, shared_cache):
    settings.PAGE_CACHE_LOCAL_ITEMS = 2
    copies = page_cache.local_copies()
    for i in range(4):
        client.get(make_article(title=f"Page {i}").get_absolute_url())
    assert copies.size() == 2


def test_no_local_copies_beside_the_local_memory_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert page_cache.local_copies() is None
