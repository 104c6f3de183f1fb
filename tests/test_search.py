"""Full-text search through /search/, on SQLite (FTS5) and PostgreSQL (tsvector) alike.

Whole words, stemming, people, ranking, snippets, what is never found, the index following
every kind of edit, the capped count and pages, the rate limit, the time limit and input that
must never cause a server error.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, SearchDocument
from filmsite.models import Film, Person
from tests.admin_helpers import change_url, form_data
from tests.factories import (
    make_article,
    make_cast,
    make_draft,
    make_faq,
    make_film,
    make_person,
    make_scheduled,
    make_section,
)

pytestmark = pytest.mark.django_db

URL = reverse("articles:search")


def found(client, query, **params):
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200, (query, response.status_code)
    return [article.title for article in response.context["article_list"]]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.SEARCH_RATE_LIMIT = 0  # tests of the limit turn it back on


# -- what matches ---------------------------------------------------------------------------


def test_whole_words_only_her_does_not_match_other(client):
    make_article("Her Ending Explained", film=make_film("Her"))
    other = make_article("The other side", film=make_film("Elsewhere"))
    make_section(other, body="Others gather; another voice; hero and herald and there.")
    assert found(client, "her") == ["Her Ending Explained"]
    assert found(client, "other") == ["The other side"]


def test_stemming_explained_finds_explains_and_endings(client):
    article = make_article("Samantha leaves", film=make_film("Her"))
    make_section(article, body="She explains that the endings were always open.")
    assert found(client, "explained") == ["Samantha leaves"]
    assert found(client, "ending") == ["Samantha leaves"]


def test_accents_and_case_do_not_matter(client):
    make_article("Amélie Ending Explained", film=make_film("Le Fabuleux Destin d'Amélie Poulain"))
    assert found(client, "amelie") == found(client, "AMÉLIE") == ["Amélie Ending Explained"]


def test_cast_director_and_character_names_find_the_films_explainers(client):
    her = make_film("Her", directors=[make_person("Spike Jonze")])
    make_cast(her, make_person("Amy Adams"), character_name="Amy")
    make_article("Her Ending Explained", film=her)
    make_article("Arrival Ending Explained", film=make_film("Arrival"))
    assert found(client, "Amy Adams") == ["Her Ending Explained"]
    assert found(client, "spike jonze") == ["Her Ending Explained"]


def test_every_field_an_article_shows_is_searched(client):
    article = make_article(
        "Plain title",
        film=make_film("Her"),
        standfirst="About longing.",
        intro="A *lonely* writer.",
        tags=["artificial intelligence"],
    )
    make_section(
        article,
        heading="The letter",
        body="Samantha goes.",
        key_points="Growth\nLetting go",
        image_caption="Theodore on the roof",
    )
    make_faq(article, question="Is Samantha real?", answer="As real as **any** feeling.")
    for query in [
        "longing",
        "lonely",
        "artificial intelligence",
        "letter",
        "samantha",
        "growth",
        "roof",
        "real",
        "feeling",
    ]:
        assert found(client, query) == ["Plain title"], query


def test_phrases_either_and_excluded_words(client):
    make_article("Blade Runner 2049 explained", film=make_film("Blade Runner 2049"))
    make_article("Runner blade sharpening", film=make_film("Knives"))
    make_article("Ex Machina explained", film=make_film("Ex Machina"))
    assert found(client, '"blade runner"') == ["Blade Runner 2049 explained"]
    assert set(found(client, "machina or 2049")) == {"Ex Machina explained", "Blade Runner 2049 explained"}
    assert found(client, "explained -machina") == ["Blade Runner 2049 explained"]
    assert found(client, "-machina") == []  # nothing asked for: nothing found, not everything


# -- ranking and snippets -------------------------------------------------------------------


def test_a_title_match_ranks_above_matches_in_the_text_even_when_older(client):
    now = timezone.now()
    in_text = make_article("Reading the final scene", film=make_film("Solaris"), published_at=now)
    make_section(in_text, body="The ocean, the ocean again, and the ocean at the very end.")
    make_article("Why the ocean matters", film=make_film("Abyss"), published_at=now - timedelta(days=30))
    assert found(client, "ocean") == ["Why the ocean matters", "Reading the final scene"]


def test_equal_matches_come_newest_first(client):
    now = timezone.now()
    for days, title in [(3, "Oldest lighthouse"), (1, "Newest lighthouse"), (2, "Middle lighthouse")]:
        make_article(title, film=make_film("Film"), published_at=now - timedelta(days=days))
    assert found(client, "lighthouse") == ["Newest lighthouse", "Middle lighthouse", "Oldest lighthouse"]


def test_snippets_highlight_the_words_and_escape_everything_else(client):
    article = make_article("Code talk", film=make_film("Hackers"))
    make_section(article, body="Type `<script>alert(1)</script>` and if 5 < 6 & 7 > 1 the kernel panics.")
    html = client.get(URL, {"q": "kernel"}).content.decode()
    snippet = html.split('class="card__snippet">', 1)[1].split("</p>", 1)[0]
    assert "<mark>kernel</mark>" in snippet
    assert "5 &lt; 6 &amp; 7 &gt; 1" in snippet
    assert "<script" not in html.split("<main", 1)[1]
    assert snippet.replace("<mark>kernel</mark>", "").count("<") == 0  # no other markup


def test_query_is_shown_back_escaped(client):
    response = client.get(URL, {"q": '<b>"bold"</b>'})
    assert response.status_code == 200
    assert "<b>" not in response.content.decode().split("<main", 1)[-1]


# -- never found: drafts and scheduled articles --------------------------------------------------


def test_drafts_and_scheduled_articles_are_never_found_or_counted(client):
    past = timezone.now() - timedelta(days=1)
    make_article("Zeppelin published", film=make_film("Up"))
    make_draft(title="Zeppelin draft dated in the past", film=make_film("Up 2"), published_at=past)
    make_draft(title="Zeppelin draft", film=make_film("Up 3"))
    make_scheduled(title="Zeppelin scheduled", film=make_film("Up 4"))
    response = client.get(URL, {"q": "zeppelin"})
    assert [a.title for a in response.context["article_list"]] == ["Zeppelin published"]
    assert "1 result for" in response.content.decode()
    assert found(client, "draft") == found(client, "scheduled") == []


def test_a_scheduled_article_is_found_once_its_time_comes(client):
    article = make_scheduled(title="Tomorrow's zeppelin", film=make_film("Up"))
    assert found(client, "zeppelin") == []
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert found(client, "zeppelin") == ["Tomorrow's zeppelin"]  # no save needed: it was indexed


# -- the index follows every edit ----------------------------------------------------------------


def test_index_follows_an_editor_publishing_changes_in_the_admin(editor_client):
    article = make_article("Admin title", film=make_film("Her"))
    make_section(article, body="Original wording about a lighthouse.")
    data = form_data(editor_client.get(change_url(article)))
    data["sections-0-body"] = "New wording about a zeppelin."
    data["title"] = "Renamed in the admin"
    data["_publish"] = "Publish changes"  # a live article's plain save is a draft readers never search
    assert editor_client.post(change_url(article), data).status_code == 302
    editor_client.logout()
    assert found(editor_client, "zeppelin") == ["Renamed in the admin"]
    assert found(editor_client, "lighthouse") == []


def test_index_follows_publish_and_unpublish_in_the_admin(editor_client, client):
    draft = make_draft(title="Quasar draft", film=make_film("Space"))
    assert found(client, "quasar") == []
    action = {"action": "publish", "_selected_action": [str(draft.pk)]}
    editor_client.post(reverse("admin:articles_article_changelist"), action)
    assert found(client, "quasar") == ["Quasar draft"]
    action["action"] = "unpublish"
    editor_client.post(reverse("admin:articles_article_changelist"), action)
    assert found(client, "quasar") == []


def test_publishing_new_text_replaces_the_old_in_the_index(client):
    """Publishing a draft of a live article writes its rows with save(), in one transaction."""
    article = make_article("Live title", film=make_film("Her"))
    section = make_section(article, body="The published text mentions a lighthouse.")
    with transaction.atomic():
        article.title = "Published again"
        article.save()
        section.body = "The new text mentions a zeppelin."
        section.save()
        make_faq(article, question="Why the quasar?")
    assert found(client, "zeppelin") == found(client, "quasar") == ["Published again"]
    assert found(client, "lighthouse") == found(client, "live") == []


def test_index_follows_deleted_sections_faq_and_articles(client):
    article = make_article("Kept article", film=make_film("Her"))
    section = make_section(article, body="A zeppelin passes.")
    faq = make_faq(article, question="Why the quasar?")
    gone = make_article("Deleted zeppelin article", film=make_film("Up"))
    section.delete()
    faq.delete()
    gone.delete()
    assert found(client, "zeppelin") == found(client, "quasar") == []
    assert not SearchDocument.objects.filter(article_id=gone.pk).exists()


def test_index_follows_tags_added_removed_and_renamed(client):
    article = make_article("Tagged article", film=make_film("Her"))
    article.tags.add("loneliness")
    assert found(client, "loneliness") == ["Tagged article"]
    tag = article.tags.get()
    tag.name = "solitude"
    tag.save()
    assert found(client, "solitude") == ["Tagged article"]
    assert found(client, "loneliness") == []
    article.tags.clear()
    assert found(client, "solitude") == []


def test_renaming_a_film_or_a_person_reindexes_only_their_films_explainers(client):
    director = make_person("Kelly Reichardt")
    actor = make_person("Michelle Williams")
    film = make_film("Wendy and Lucy", directors=[director])
    make_cast(film, actor, character_name="Wendy")
    make_article("Wendy explained", film=film)
    make_article("Wendy again", film=film)
    bystander = make_article("Unrelated", film=make_film("Other"))
    before = SearchDocument.objects.get(article=bystander).people
    Person.objects.filter(pk=actor.pk).update(name="Michelle W.")  # no signal: index unchanged
    actor.refresh_from_db()
    actor.name = "Michelle Ingrid Williams"
    actor.save()
    director.name = "K. Reichardt"
    director.save()
    film.title = "Wendy & Lucy"
    film.save()
    assert set(found(client, "Ingrid")) == {"Wendy explained", "Wendy again"}
    assert found(client, "Kelly") == []
    assert set(found(client, "Reichardt lucy")) == {"Wendy explained", "Wendy again"}
    assert SearchDocument.objects.get(article=bystander).people == before


def test_cast_and_director_changes_reach_the_index(client):
    film = make_film("Paterson")
    make_article("Paterson explained", film=film)
    credit = make_cast(film, make_person("Adam Driver"), character_name="Paterson")
    assert found(client, "driver") == ["Paterson explained"]
    credit.delete()
    assert found(client, "driver") == []
    jarmusch = make_person("Jim Jarmusch")
    film.directors.add(jarmusch)
    assert found(client, "jarmusch") == ["Paterson explained"]
    jarmusch.directed_films.clear()
    assert found(client, "jarmusch") == []
    film.directors.add(jarmusch)
    jarmusch.delete()  # directing credits go with the person
    assert found(client, "jarmusch") == []


def test_articles_without_a_document_are_indexed_after_migrate(client):
    article = make_article("Bulk loaded zeppelin", film=make_film("Up"))
    SearchDocument.objects.filter(article=article).delete()  # as if bulk_create had skipped signals
    assert found(client, "zeppelin") == []
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    assert found(client, "zeppelin") == ["Bulk loaded zeppelin"]


def test_rebuild_command_rebuilds_every_document(client):
    article = make_article("Stale zeppelin", film=make_film("Up"))
    SearchDocument.objects.filter(article=article).update(body="", title="", film="")
    from django.core.management import call_command

    call_command("rebuild_search_index", stdout=__import__("io").StringIO())
    assert found(client, "zeppelin") == ["Stale zeppelin"]
    article.title = "Fresh quasar"  # and saves keep the index current afterwards
    article.save()
    assert found(client, "quasar") == ["Fresh quasar"]
    assert found(client, "zeppelin") == []


# -- count and pages ------------------------------------------------------------------------------


def test_count_is_capped_and_pages_stop_at_the_cap(client, settings):
    settings.SEARCH_MAX_RESULTS = 24
    film = make_film("Lighthouse")
    for i in range(30):
        make_article(f"Lighthouse {i}", film=film)
    first = client.get(URL, {"q": "lighthouse"})
    assert "More than 24 results" in first.content.decode()
    assert len(first.context["article_list"]) == 12
    second = client.get(URL, {"q": "lighthouse", "page": "2"})
    assert len(second.context["article_list"]) == 12
    assert 'rel="next"' not in second.content.decode()
    assert client.get(URL, {"q": "lighthouse", "page": "3"}).status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99", "1" * 20, "２"])
def test_pages_that_are_not_there_are_404(client, page):
    make_article("Lighthouse", film=make_film("Film"))
    assert client.get(URL, {"q": "lighthouse", "page": page}).status_code == 404


# -- protection -----------------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after_per_client(client, settings):
    settings.SEARCH_RATE_LIMIT = 2
    settings.SEARCH_RATE_WINDOW_SECONDS = 60
    make_article("Lighthouse", film=make_film("Film"))
    assert client.get(URL, {"q": "lighthouse"}).status_code == 200
    assert client.get(URL, {"q": "lighthouse"}).status_code == 200
    refused = client.get(URL, {"q": "lighthouse"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "searched a lot" in refused.content.decode()
    assert client.get(URL).status_code == 200  # the empty form costs nothing and is not counted
    assert client.get(URL, {"q": "lighthouse"}, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_rate_limit_honours_the_trusted_proxy_setting(client, settings):
    settings.SEARCH_RATE_LIMIT = 1
    settings.POLL_TRUSTED_PROXY_COUNT = 1
    make_article("Lighthouse", film=make_film("Film"))

    def via_proxy(client_address):
        return client.get(URL, {"q": "lighthouse"}, HTTP_X_FORWARDED_FOR=client_address).status_code

    assert via_proxy("198.51.100.1") == 200
    assert via_proxy("198.51.100.1") == 429
    assert via_proxy("198.51.100.2") == 200  # same proxy address, another reader
    assert via_proxy("forged, 198.51.100.1") == 429  # a made-up earlier hop changes nothing


def test_a_search_that_runs_out_of_time_gets_a_503_page(client, settings):
    """Many long documents make ranking and snippets take far longer than 1 ms on any machine."""
    film = make_film("Film")
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            title=f"Reel {i}",
            slug=f"reel-{i}",
            film=film,
            standfirst="s",
            status="published",
            published_at=now - timedelta(minutes=i),
        )
        for i in range(1000)
    )
    body = " ".join(["reel"] * 200)
    SearchDocument.objects.bulk_create(SearchDocument(article=a, title=a.title, body=body) for a in articles)
    from articles.search_index import _write_vectors

    _write_vectors(SearchDocument.objects.all())
    settings.SEARCH_MAX_RESULTS = 1000
    settings.SEARCH_TIMEOUT_MS = 1
    response = client.get(URL, {"q": "reel"})
    assert response.status_code == 503
    assert "Search took too long" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    settings.SEARCH_TIMEOUT_MS = 60_000  # the connection is fine afterwards, and so is the search
    assert len(found(client, "reel")) == 12


HOSTILE = [
    '"',
    '"unterminated phrase',
    '""',
    "her AND other",
    "her & other | !x <-> y:* (z)",
    "NEAR(her other) title:her ^her her* {her}",
    "-",
    "- - -",
    "or",
    "her or",
    "or her",
    "-her -other",
    "'; DROP TABLE articles_article; --",
    "her\x00\x07\x1b",
    "\x00",
    "🙂 ️ 日本映画 Ａｍé\u0301lie \u202eevil",
    "\ue000her\ue001",
    "%s %% %(x)s ? :1 $1",
    "\\\\ \\' \\\"",
    "x" * 10_000,
    "her " * 2_500,
    '"' * 5000,
    "a" * 101,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_is_answered_never_a_server_error(client, query):
    make_article("Her Ending Explained", film=make_film("Her"))
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert len(response.context["query"]) <= 100


def test_an_overlong_query_is_cut_and_still_searched(client):
    make_article("Her Ending Explained", film=make_film("Her"))
    response = client.get(URL, {"q": "her " + "x" * 10_000})
    assert response.status_code == 200
    assert response.context["query"] == ("her " + "x" * 10_000)[:100]


def test_the_demo_finds_the_her_explainer_by_its_cast(client):
    from django.core.management import call_command

    call_command("load_demo", stdout=__import__("io").StringIO())
    assert found(client, "Amy Adams")[0] == "Her Ending Explained"
    assert found(client, "her")[0] == "Her Ending Explained"
    assert Film.objects.filter(title="Her").exists()


def test_search_answers_while_the_cache_is_down(client, monkeypatch, settings):
    """The rate limit lives in the cache: an outage costs the limit, never the search."""
    from filmsite import failsafe

    settings.SEARCH_RATE_LIMIT = 30
    make_article("Lighthouse keepers", film=make_film("Sea"))

    def down(*args, **kwargs):
        raise ConnectionRefusedError("cache down")

    monkeypatch.setattr("articles.search.cache.add", down)
    assert found(client, "lighthouse") == ["Lighthouse keepers"]
    failsafe.reset()
