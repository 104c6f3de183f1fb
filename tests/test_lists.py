"""Public lists page by cursor: every page costs the same, links stay stable, old links still work."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_draft, make_film, make_scheduled

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_request(settings):
    """These tests read the view's context, which a page-cache hit does not have."""
    settings.PAGE_CACHE_SECONDS = 0


def minutes_ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def next_link(response):
    match = re.search(r'rel="next" href="([^"]+)"', response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else None


def previous_link(response):
    match = re.search(r'rel="prev" href="([^"]+)"', response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else None


def walk(client, url, name="article_list"):
    """Follow 'next' links from ``url``; the items of every page, in order, and the URLs visited."""
    items, urls = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        urls.append(url)
        items.extend(response.context[name])
        url = next_link(response)
    return items, urls


@pytest.fixture
def thirty():
    """30 published articles a minute apart (newest first in the list), plus hidden ones."""
    now = timezone.now()
    articles = [
        make_article(f"Piece {i:02d}", published_at=now - timedelta(minutes=i + 1)) for i in range(30)
    ]
    make_draft(title="Draft piece", published_at=now - timedelta(minutes=5, seconds=30))
    make_scheduled(title="Scheduled piece")
    return articles


def test_every_published_article_is_on_exactly_one_page_in_order(client, thirty):
    items, urls = walk(client, reverse("articles:article_list"))
    assert items == thirty
    assert len(urls) == 3
    assert all("?after=" in url for url in urls[1:])


def test_articles_with_the_same_publication_time_are_neither_lost_nor_repeated(client):
    moment = timezone.now() - timedelta(hours=1)
    same = [make_article(published_at=moment) for _ in range(30)]
    items, _ = walk(client, reverse("articles:article_list"))
    assert sorted(a.pk for a in items) == sorted(a.pk for a in same)
    assert len(items) == len(set(items))


def test_previous_links_lead_back_to_the_same_pages(client, thirty):
    first = reverse("articles:article_list")
    _, urls = walk(client, first)
    third = client.get(urls[2])
    second = client.get(previous_link(third))
    assert list(second.context["article_list"]) == thirty[12:24]
    assert previous_link(second) == first, "the page before the second page is the bare list"
    assert previous_link(client.get(first)) is None


def test_a_cursor_page_keeps_its_articles_when_new_ones_are_published(client, thirty):
    _, urls = walk(client, reverse("articles:article_list"))
    before = list(client.get(urls[1]).context["article_list"])
    make_article("Brand new")
    assert list(client.get(urls[1]).context["article_list"]) == before


@pytest.mark.parametrize("page, expected", [(2, slice(12, 24)), (3, slice(24, 30))])
def test_old_page_numbers_redirect_to_the_cursor_page_with_the_same_articles(client, thirty, page, expected):
    url = reverse("articles:article_list")
    response = client.get(f"{url}?page={page}")
    assert response.status_code == 302
    assert "?after=" in response["Location"]
    assert list(client.get(response["Location"]).context["article_list"]) == thirty[expected]


def test_page_one_is_the_first_page_and_last_is_the_oldest_articles(client, thirty):
    url = reverse("articles:article_list")
    assert list(client.get(f"{url}?page=1").context["article_list"]) == thirty[:12]
    last = client.get(f"{url}?page=last", follow=True)
    assert list(last.context["article_list"]) == thirty[-12:]
    assert next_link(last) is None


@pytest.mark.parametrize(
    "query",
    ["page=4", "page=0", "page=x", "page=99999999", "after=x", "after=-1", "after=1x", "after=" + "9" * 13],
)
def test_pages_that_do_not_exist_are_404(client, thirty, query):
    assert client.get(f"{reverse('articles:article_list')}?{query}").status_code == 404


def test_cursors_must_name_an_article_of_the_list(client, thirty):
    url = reverse("articles:article_list")
    draft = make_draft()
    scheduled = make_scheduled()
    for hidden in (draft, scheduled):
        assert client.get(f"{url}?after={hidden.pk}").status_code == 404
        assert client.get(f"{url}?before={hidden.pk}").status_code == 404
    assert client.get(f"{url}?after=999999999").status_code == 404
    assert client.get(f"{url}?after={thirty[0].pk}&before={thirty[5].pk}").status_code == 404
    other = make_article(tags=["other"])
    tagged = make_article(tags=["shared"])
    tag_url = reverse("articles:tag_detail", args=["shared"])
    assert client.get(f"{tag_url}?after={other.pk}").status_code == 404
    assert client.get(f"{tag_url}?before={tagged.pk}").status_code == 302  # the start: first page


def test_cursor_pages_are_cached_but_made_up_cursors_never_are(client, settings, thirty):
    settings.PAGE_CACHE_SECONDS = 300
    url = reverse("articles:article_list")
    cursor = f"{url}?after={thirty[11].pk}"
    assert client.get(cursor)["X-Page-Cache"] == "miss"
    assert client.get(cursor)["X-Page-Cache"] == "hit"
    for made_up in [f"{url}?after=987654321", f"{url}?after=abc", f"{url}?after={thirty[1].pk}&x=1"]:
        client.get(made_up)
        response = client.get(made_up)
        assert "X-Page-Cache" not in response, made_up
    assert client.get(f"{url}?after=987654321").status_code == 404


@pytest.mark.parametrize("popular", [False, True], ids=["rare tag", "popular tag"])
def test_tag_pages_are_cursor_paginated(client, monkeypatch, popular):
    from articles.views import TagDetailView

    if popular:  # walked along the publication order instead of starting from the tag's rows
        monkeypatch.setattr(TagDetailView, "popular_tag_uses", 3)
    tagged = [
        make_article(tags=["noir"], published_at=timezone.now() - timedelta(minutes=i + 1)) for i in range(14)
    ]
    make_article(tags=["other"])
    make_draft(tags=["noir"])
    items, urls = walk(client, reverse("articles:tag_detail", args=["noir"]))
    assert items == tagged
    assert len(urls) == 2


def test_film_list_pages_by_title_with_counts_of_published_explainers(client):
    films = [make_film(f"Film {i:02d}", slug=f"listed-film-{i:02d}") for i in range(30)]
    make_article(film=films[0])
    make_article(film=films[0])
    make_draft(film=films[0])
    make_article(film=films[29])
    items, urls = walk(client, reverse("filmsite:film_list"), name="film_list")
    assert items == films
    assert len(urls) == 2
    first, second = (client.get(url).content.decode() for url in urls)
    assert "2 explainers" in first
    assert "1 explainer<" in second
    assert (
        client.get(f"{reverse('filmsite:film_list')}?page=2", follow=True).context["film_list"] == films[24:]
    )


def test_home_lists_the_films_of_the_latest_explainers(client):
    old_film = make_film("Old film", year=2024)
    new_film = make_film("New film", year=1950)
    unexplained = make_film("Nobody wrote about me")
    make_article(film=old_film, published_at=timezone.now() - timedelta(days=3))
    make_article(film=new_film, published_at=timezone.now() - timedelta(days=1))
    make_draft(film=unexplained)
    films = client.get(reverse("filmsite:home")).context["films"]
    assert films == [new_film, old_film]


def test_busy_film_page_shows_the_newest_explainers_and_links_to_all_of_them(client):
    film = make_film("Busy", slug="busy")
    articles = [
        make_article(film=film, published_at=timezone.now() - timedelta(minutes=i + 1)) for i in range(30)
    ]
    comparing = [make_article() for _ in range(14)]
    for article in comparing:
        article.related_films.add(film)
    response = client.get(film.get_absolute_url())
    assert list(response.context["articles"]) == articles[:12]
    html = response.content.decode()
    all_url = reverse("filmsite:film_articles", args=["busy"])
    compared_url = reverse("filmsite:film_compared", args=["busy"])
    assert f'href="{all_url}"' in html
    assert f'href="{compared_url}"' in html
    assert walk(client, all_url)[0] == articles
    assert sorted(a.pk for a in walk(client, compared_url)[0]) == sorted(a.pk for a in comparing)
    assert client.get(reverse("filmsite:film_articles", args=["no-such-film"])).status_code == 404


def test_a_quiet_film_page_has_no_link_to_more(client):
    film = make_film("Quiet", slug="quiet")
    make_article(film=film)
    html = client.get(film.get_absolute_url()).content.decode()
    assert reverse("filmsite:film_articles", args=["quiet"]) not in html
