"""The search index: what each article puts in it, and keeping it current on every change.

Every article has one ``SearchDocument`` row holding its words in five weighted groups: title
and film title (A), standfirst, section headings and tags (B), directors, cast and characters
(C), intro, section text, key points, captions and the FAQ (D). The text is the plain text of
what readers see (the rendered HTML with its tags removed), so no Markdown or link address is
indexed. Drafts and scheduled articles are indexed too (a scheduled article must be findable
the moment it goes live, with no save to hook); searches only ever return ``published()`` ones.

How each database indexes those columns (both installed by migration 0005):

* PostgreSQL: ``vector`` is the weighted tsvector of the five columns, written here right after
  them, with a GIN index. The text search configuration ``filmsite_search`` is English stemming
  with accents folded (unaccent) and no stop words: "Her", "Up" and "It" are film titles.
* SQLite: an FTS5 table (porter stemming over unicode61 with diacritics removed) that reads its
  text from the document table (external content) and is kept in step by three triggers on it.
  Django rebuilds a SQLite table when a migration alters it, and the old table's triggers go
  with it, so every ``migrate`` ends by checking them (``check_after_migrate``), and rebuilds
  the FTS index when they had to be put back.

Kept current (signal receivers at the end of this module, all in the writer's transaction, so
the index changes exactly when the content does, publication included: publishing writes the
rows with ``Model.save()``):

* an article, one of its sections or FAQ items, its tags: that article's document is rebuilt;
* a tag renamed: the documents of the articles with that tag;
* a film's title, its directors or cast, a person's name: only the film and people columns of
  the affected films' articles are rewritten (a person's films, not the whole archive).
"""

import contextlib
import html
import re
import threading
import unicodedata
from collections import defaultdict

from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete
from django.dispatch import receiver
from taggit.models import Tag

from filmsite.models import CastCredit, Film, Person

from .models import Article, FAQItem, SearchDocument, Section, TaggedArticle

PG_CONFIG = "filmsite_search"
FTS_TABLE = "articles_searchdocument_fts"
TEXT_FIELDS = ["title", "film", "summary", "people", "body"]
# Search results mark matched words with these two private-use characters, which never occur in
# indexed text (removed here), so the snippet can be HTML-escaped and the marks put back after.
MARK_START, MARK_END = "\ue000", "\ue001"
# A body longer than this is indexed up to here: PostgreSQL refuses a tsvector over 1 MB.
MAX_BODY_CHARS = 200_000
CHUNK = 500

# Article fields that change nothing in its document (publishing and unpublishing write these).
NOT_INDEXED_FIELDS = {"status", "published_at", "updated_at", "hero_card", "author"}

VECTOR = (
    SearchVector("title", weight="A", config=PG_CONFIG)
    + SearchVector("film", weight="A", config=PG_CONFIG)
    + SearchVector("summary", weight="B", config=PG_CONFIG)
    + SearchVector("people", weight="C", config=PG_CONFIG)
    + SearchVector("body", weight="D", config=PG_CONFIG)
)

_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|code|em|i|mark|s|small|span|strong|sub|sup)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_NOT_TEXT = dict.fromkeys(map(ord, [MARK_START, MARK_END, "\x00"]), " ")


def _text(*parts):
    """Plain text of ``parts`` (strings or HTML), NFC, whitespace collapsed, no mark characters."""
    joined = " ".join(part for part in parts if part)
    return " ".join(unicodedata.normalize("NFC", joined).translate(_NOT_TEXT).split())


def _html_text(fragment):
    """The words of stored, sanitized HTML: inline tags go, others become spaces (so list items
    and paragraphs stay apart)."""
    return html.unescape(_TAG.sub(" ", _INLINE_TAG.sub("", fragment))) if fragment else ""


def _people(film_ids):
    """Film id -> its directors, then its cast with their characters, as one text."""
    people = defaultdict(list)
    directors = Film.directors.through.objects.filter(film_id__in=film_ids)
    for film_id, name in directors.order_by("film_id", "person__name").values_list("film_id", "person__name"):
        people[film_id].append(name)
    cast = CastCredit.objects.filter(film_id__in=film_ids).order_by("film_id", "position", "id")
    for film_id, name, character in cast.values_list("film_id", "person__name", "character_name"):
        people[film_id] += [name, character]
    return {film_id: _text(*names) for film_id, names in people.items()}


def _documents(article_ids):
    """Unsaved SearchDocuments for these articles, built in five queries whatever their number."""
    articles = list(
        Article.objects.filter(pk__in=article_ids)
        .select_related("film")
        .only("title", "standfirst", "intro_html", "film__title")
        .order_by("pk")  # FTS5 adds rows in rowid order cheaply; out of order, each one flushes
    )
    ids = [article.pk for article in articles]
    headings, bodies = defaultdict(list), defaultdict(list)
    sections = Section.objects.filter(article_id__in=ids).order_by("article_id", "position", "id")
    fields = ("article_id", "heading", "body_html", "key_points", "image_caption")
    for article_id, heading, body_html, key_points, caption in sections.values_list(*fields):
        headings[article_id].append(heading)
        bodies[article_id] += [_html_text(body_html), key_points, caption]
    faq = FAQItem.objects.filter(article_id__in=ids).order_by("article_id", "position", "id")
    for article_id, question, answer_html in faq.values_list("article_id", "question", "answer_html"):
        bodies[article_id] += [question, _html_text(answer_html)]
    tags = defaultdict(list)
    tagged = TaggedArticle.objects.filter(content_object_id__in=ids).order_by("tag__name")
    for article_id, name in tagged.values_list("content_object_id", "tag__name"):
        tags[article_id].append(name)
    people = _people({article.film_id for article in articles})
    return [
        SearchDocument(
            article_id=article.pk,
            title=_text(article.title),
            film=_text(article.film.title),
            summary=_text(article.standfirst, *headings[article.pk], *tags[article.pk]),
            people=people.get(article.film_id, ""),
            body=_text(_html_text(article.intro_html), *bodies[article.pk])[:MAX_BODY_CHARS],
        )
        for article in articles
    ]


def _write_vectors(documents):
    """PostgreSQL: recompute the tsvector of ``documents`` (a queryset) from their columns."""
    if connections[documents.db].vendor == "postgresql":
        documents.update(vector=VECTOR)


_batch = threading.local()


@contextlib.contextmanager
def deferred():
    """Index each article once, when the block ends, instead of after every row it saves.

    For code that writes an article's rows one by one (``articles.revisions.apply``: the
    article, then each changed section and FAQ item). Nothing is indexed if the block fails.
    """
    if getattr(_batch, "ids", None) is not None:  # already inside one
        yield
        return
    _batch.ids = set()
    try:
        yield
        ids = _batch.ids
    finally:
        _batch.ids = None
    index_articles(ids)


def index_articles(article_ids):
    """Rebuild the documents of these articles (any number, a few queries per 500)."""
    pending = getattr(_batch, "ids", None)
    if pending is not None:
        pending.update(article_ids)
        return
    article_ids = list(article_ids)
    for start in range(0, len(article_ids), CHUNK):
        chunk = article_ids[start : start + CHUNK]
        documents = _documents(chunk)
        if documents:
            SearchDocument.objects.bulk_create(
                documents, update_conflicts=True, unique_fields=["article"], update_fields=TEXT_FIELDS
            )
            _write_vectors(SearchDocument.objects.filter(pk__in=[d.article_id for d in documents]))


def refresh_films(film_ids):
    """Rewrite the film title and people of these films' articles, where they changed."""
    film_ids = set(film_ids)
    if not film_ids:
        return
    titles = dict(Film.objects.filter(pk__in=film_ids).values_list("pk", "title"))
    people = _people(film_ids)
    for film_id in film_ids:
        title, names = _text(titles.get(film_id, "")), people.get(film_id, "")
        documents = SearchDocument.objects.filter(article__film_id=film_id)
        if documents.exclude(film=title, people=names).update(film=title, people=names):
            _write_vectors(documents)


def articles_missing_documents():
    return Article.objects.filter(search_document__isnull=True).values_list("pk", flat=True)


def rebuild():
    """Rebuild every article's document, 500 at a time (each batch its own transaction, so
    saves go on meanwhile and SQLite's write-ahead log stays small). Returns how many.

    SQLite's triggers update the FTS index as the documents change; documents are written in
    rowid order, which FTS5 appends cheaply.
    """
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    index_articles(ids)
    # Fresh statistics: the search's plan depends on how many documents hold a word (measured at
    # 100k on PostgreSQL: 466 ms for "ending" before ANALYZE, 23 ms after).
    with connections[SearchDocument.objects.db].cursor() as cursor:
        for table in (SearchDocument._meta.db_table, Article._meta.db_table):
            cursor.execute(f"ANALYZE {table}")
    return len(ids)


# Installing the index, per database (migration 0005 and after every migrate) ------------------

POSTGRESQL_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH DICTIONARY filmsite_search_stem (TEMPLATE = snowball, LANGUAGE = english)",
    f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = english)",
    f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG} "
    "ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH filmsite_search_stem",
    f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG} "
    "ALTER MAPPING FOR word, hword, hword_part WITH unaccent, filmsite_search_stem",
    "CREATE INDEX articles_searchdocument_vector ON articles_searchdocument USING gin (vector)",
    # Text and vectors live out of line (TOAST), so the table itself stays narrow (15-25 MB for
    # 100k articles instead of 500 MB): reading thousands of matching rows stays in memory.
    "ALTER TABLE articles_searchdocument SET (toast_tuple_target = 128)",
]
POSTGRESQL_UNINSTALL = [
    "DROP INDEX IF EXISTS articles_searchdocument_vector",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS filmsite_search_stem",
]

_COLUMNS = ", ".join(TEXT_FIELDS)
_NEW = ", ".join(f"new.{name}" for name in TEXT_FIELDS)
_OLD = ", ".join(f"old.{name}" for name in TEXT_FIELDS)
SQLITE_TRIGGERS = {
    f"{FTS_TABLE}_insert": f"""
        CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON articles_searchdocument BEGIN
            INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) VALUES (new.article_id, {_NEW});
        END""",
    f"{FTS_TABLE}_delete": f"""
        CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON articles_searchdocument BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS}) VALUES ('delete', old.article_id, {_OLD});
        END""",
    f"{FTS_TABLE}_update": f"""
        CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE ON articles_searchdocument BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS}) VALUES ('delete', old.article_id, {_OLD});
            INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) VALUES (new.article_id, {_NEW});
        END""",
}
SQLITE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({_COLUMNS}, "
    "content='articles_searchdocument', content_rowid='article_id', "
    "tokenize='porter unicode61 remove_diacritics 2')"
)


def _sqlite_install(cursor):
    cursor.execute(SQLITE_FTS)
    for name, statement in SQLITE_TRIGGERS.items():
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(statement)
    cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def install(apps, schema_editor):
    """Migration step: the GIN index and text configuration, or the FTS5 table and triggers."""
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            for statement in POSTGRESQL_INSTALL:
                cursor.execute(statement)
        elif vendor == "sqlite":
            _sqlite_install(cursor)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            for statement in POSTGRESQL_UNINSTALL:
                cursor.execute(statement)
        elif vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def check_after_migrate(using="default", **kwargs):
    """After every migrate: SQLite's triggers are in place, and every article has a document.

    Articles that came in without signals (a bulk load, a database from before search) are
    indexed here; on an up-to-date database this costs one query.
    """
    connection = connections[using]
    tables = connection.introspection.table_names()
    if "articles_searchdocument" not in tables:
        return  # migrating backwards
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["articles_searchdocument"],
            )
            present = {name for (name,) in cursor.fetchall()}
            if FTS_TABLE not in tables or present != set(SQLITE_TRIGGERS):
                _sqlite_install(cursor)
    index_articles(articles_missing_documents())


# Keeping the index current ------------------------------------------------------------------


def _deleting(origin, model):
    """True when the delete that sent this signal started from a ``model`` instance or queryset."""
    if isinstance(origin, QuerySet):
        return origin.model is model
    return isinstance(origin, model)


@receiver(post_save, sender=Article, dispatch_uid="search_article_saved")
def _article_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    # Publishing and unpublishing change no indexed text (visibility is decided at query time).
    status_only = update_fields is not None and set(update_fields) <= NOT_INDEXED_FIELDS
    if not (status_only and SearchDocument.objects.filter(pk=instance.pk).exists()):
        index_articles([instance.pk])


@receiver(post_save, sender=Section, dispatch_uid="search_section_saved")
@receiver(post_delete, sender=Section, dispatch_uid="search_section_deleted")
@receiver(post_save, sender=FAQItem, dispatch_uid="search_faq_saved")
@receiver(post_delete, sender=FAQItem, dispatch_uid="search_faq_deleted")
def _article_part_changed(sender, instance, raw=False, origin=None, **kwargs):
    # Deleting the article deletes its parts and its document: nothing to rebuild.
    if not raw and not _deleting(origin, Article):
        index_articles([instance.article_id])


@receiver(m2m_changed, sender=TaggedArticle, dispatch_uid="search_tags_changed")
def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Article):
        index_articles([instance.pk])
    elif pk_set:
        index_articles(pk_set)


@receiver(post_delete, sender=TaggedArticle, dispatch_uid="search_tagging_deleted")
def _tagging_deleted(sender, instance, origin=None, **kwargs):
    if _deleting(origin, Tag):  # a tag deleted in the admin takes its taggings with it
        index_articles([instance.content_object_id])


@receiver(post_save, sender=Tag, dispatch_uid="search_tag_saved")
def _tag_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        index_articles(TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True))


@receiver(post_save, sender=Film, dispatch_uid="search_film_saved")
def _film_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        refresh_films([instance.pk])


@receiver(post_save, sender=CastCredit, dispatch_uid="search_cast_saved")
@receiver(post_delete, sender=CastCredit, dispatch_uid="search_cast_deleted")
def _cast_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_films([instance.film_id])


@receiver(m2m_changed, sender=Film.directors.through, dispatch_uid="search_directors_changed")
def _directors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            refresh_films([instance.pk])
    elif action == "pre_clear":  # a person's directing credits are about to go: note the films
        instance._search_films = list(instance.directed_films.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        refresh_films(pk_set or ())
    elif action == "post_clear":
        refresh_films(getattr(instance, "_search_films", ()))


def _films_of(person):
    films = Film.objects.filter(Q(cast__person=person) | Q(directors=person))
    return list(films.values_list("pk", flat=True).distinct())


@receiver(post_save, sender=Person, dispatch_uid="search_person_saved")
def _person_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        refresh_films(_films_of(instance))


@receiver(pre_delete, sender=Person, dispatch_uid="search_person_deleting")
def _person_deleting(sender, instance, **kwargs):
    # Their directing credits go without a signal (an automatic through table): note the films.
    instance._search_films = _films_of(instance)


@receiver(post_delete, sender=Person, dispatch_uid="search_person_deleted")
def _person_deleted(sender, instance, **kwargs):
    refresh_films(getattr(instance, "_search_films", ()))


def connect_post_migrate(app_config):
    post_migrate.connect(check_after_migrate, sender=app_config, dispatch_uid="articles_search_index")
