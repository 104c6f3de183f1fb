"""Fail safe, never fail closed: a cache that is down, full or slow costs speed, never a page or a save.

Each test runs its own redis-server on a free port (never the shared one) and stops it, fills it
to its memory cap or puts it to sleep while requests keep coming.
"""

import threading

import pytest
from django.test import Client
from django.urls import reverse

from filmsite import failsafe
from polls.models import Vote
from tests.admin_helpers import change_url, form_data
from tests.factories import make_article, make_section
from tests.poll_factories import choices, make_poll
from tests.servers import no_retry, redis_server, wait_until

pytestmark = pytest.mark.django_db


SCRATCH_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "x"}}


def _use(settings, server):
    settings.CACHES = server.cache_settings()
    settings.CACHE_RETRY_SECONDS = 0  # every request tries the cache again (no pause to wait out)
    failsafe.reset()


def _stop_using(settings):
    settings.CACHES = SCRATCH_CACHE  # the suite's own teardown clears the cache
    failsafe.reset()


@pytest.fixture
def redis(settings, tmp_path):
    with redis_server(tmp_path) as server:
        _use(settings, server)
        yield server
        _stop_using(settings)


@pytest.fixture
def full_redis(settings, tmp_path):
    with redis_server(tmp_path, maxmemory="4mb") as server:
        _use(settings, server)
        yield server
        _stop_using(settings)


@pytest.fixture
def editor_browser(editor):
    """An editor in a browser of their own (``client`` stays an anonymous reader)."""
    browser = Client()
    browser.force_login(editor)
    return browser


def save_title_in_admin(editor_client, article, title):
    """Change a live article's title and publish the change (a plain save would wait as a draft)."""
    data = form_data(editor_client.get(change_url(article)))
    data["title"] = title
    data["_publish"] = "Publish changes"
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_pages_saves_and_votes_work_while_redis_is_down(client, editor_browser, redis, caplog):
    poll = make_poll(slug="outage-poll")
    article = make_article(title="Before the outage")
    make_section(article, poll=poll)
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    redis.stop()

    pages = [url, reverse("filmsite:home"), reverse("articles:article_list"), article.film.get_absolute_url()]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert response["X-Page-Cache"] == "bypass", page
    assert "Cache failed" in caplog.text

    save_title_in_admin(editor_browser, article, "Saved during the outage")
    article.refresh_from_db()
    assert article.title == "Saved during the outage"
    assert "Saved during the outage" in client.get(url).content.decode()

    vote = client.post(
        reverse("polls:vote", args=[poll.slug]),
        {"choice": choices(poll)[0].pk},
        HTTP_ORIGIN="http://testserver",
    )
    assert vote.status_code == 303 and Vote.objects.count() == 1

    health = client.get("/health/")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}

    # Back up (an empty Redis): the change made during the outage is what readers get, cached again.
    redis.start()
    response = client.get(url)
    assert "Saved during the outage" in response.content.decode()
    assert response["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get("/health/").json()["cache"] == "ok"


def test_a_full_redis_fails_no_page_and_no_save_and_hides_no_change(
    client, editor_browser, full_redis, caplog
):
    article = make_article(title="Cached before Redis filled up")
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    full_redis.fill()

    other = make_article(title="Never cached")
    response = client.get(other.get_absolute_url())
    assert response.status_code == 200 and "Never cached" in response.content.decode()
    assert "OutOfMemoryError" in caplog.text

    save_title_in_admin(editor_browser, article, "Changed while Redis was full")
    # The page cached before Redis filled up must not come back: the change outdated it.
    response = client.get(url)
    assert response.status_code == 200
    assert "Changed while Redis was full" in response.content.decode()

    article.status = article.Status.DRAFT
    article.save()
    assert client.get(url).status_code == 404


def test_a_slow_redis_is_given_up_on_and_pages_render_without_it(client, redis):
    article = make_article(title="Served while Redis sleeps")
    url = article.get_absolute_url()
    client.get(url)
    asleep = threading.Thread(target=lambda: redis.client().execute_command("DEBUG", "SLEEP", "3"))
    asleep.start()
    wait_until(lambda: not answers_within(redis, 0.05), "redis-server falling asleep", 5)
    try:
        # Redis is busy for 2 s; each cache call gives up after its 0.2 s socket timeout.
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "bypass"
        assert "Served while Redis sleeps" in response.content.decode()
    finally:
        asleep.join()


def answers_within(redis, seconds):
    import redis as redis_library

    try:
        options = {"socket_timeout": seconds, "retry": no_retry()}
        return redis_library.Redis(host="127.0.0.1", port=redis.port, **options).ping()
    except redis_library.exceptions.TimeoutError:
        return False


def test_health_reports_database_and_cache_separately(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_persistent_connections_are_checked_before_use(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
