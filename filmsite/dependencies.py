"""Dependency keys: which cached pages a piece of content appears on, and what a change touches.

Every cached page (and fragment) records the keys of the content it was built from; every change
of content names the keys it touches; a cached page is stale once any of its keys has changed
after the page was rendered (``filmsite/versions.py``). The same keys go out with each public
response (``Surrogate-Key``) and are what the front cache is told to purge (``frontcache.py``),
so the server's page cache and Varnish or a CDN always drop exactly the same pages.

The vocabulary (short, so that a page's keys fit in one header):

* ``article-<id>``, ``film-<id>``, ``person-<id>``, ``tag-<id>``, ``genre-<id>``, ``poll-<id>``,
  ``user-<id>`` (an article's author): one object, recorded by every page that loaded it;
* ``articles``: the list of published articles, its membership and order (home, ``/articles/``,
  the feed, the sitemap). Only publishing, unpublishing, rescheduling or deleting an article
  touches it, never an edit of its text;
* ``films``: the film catalogue's membership and order (``/films/``, the home page's films);
* ``sitemap``: anything a sitemap prints (every article's and film's ``lastmod``);
* ``all``: every page (kept by every response; touching it empties every cache at once).

Pages record object keys without being told: while a page or fragment renders, a ``post_init``
receiver notes the key of every content object instantiated (``recording()``), so a page that
shows a person records ``person-<id>`` because it loaded that person. What a page shows because
something is *absent* from it (a draft that may be published, a list that may grow) is covered
on the change side: ``changed_keys()`` names the lists, films, tags and people whose pages may
now show or drop the article. Views declare their lists (``articles``, ``films``) in the URLconf.
"""

import contextlib
import contextvars
import logging

from django.apps import apps
from django.db.models.signals import post_init
from django.utils import timezone

logger = logging.getLogger(__name__)

ALL = "all"
ARTICLES = "articles"
FILMS = "films"
SITEMAP = "sitemap"

# A page that would carry more object keys of one kind than this keeps one ``<kind>-any`` key
# instead (bumped by every change of that kind), so its header stays small (sitemaps, big lists).
MAX_KEYS_PER_KIND = 100

# Models whose rows are not public content: saving them invalidates nothing. New votes change no
# cached HTML (live counts come from results.json) and a burst of votes must not empty the cache
# when a film trends; revisions are editors' copies; tallies are kept by database triggers.
NOT_CONTENT = {"polls.vote", "polls.choicetally", "articles.articlerevision", "articles.previewlink"}
CONTENT_APPS = {"filmsite", "articles", "polls", "taggit"}

# The key prefix of each content model's rows ("<prefix>-<pk>").
OBJECT_PREFIX = {
    "articles.article": "article",
    "filmsite.film": "film",
    "filmsite.person": "person",
    "filmsite.genre": "genre",
    "taggit.tag": "tag",
    "polls.poll": "poll",
}
# Rows shown as part of their parent: they touch the parent's key.
PARENT_FIELD = {
    "articles.section": ("article", "article_id"),
    "articles.faqitem": ("article", "article_id"),
    "filmsite.castcredit": ("film", "film_id"),
    "filmsite.crewcredit": ("film", "film_id"),
    "polls.choice": ("poll", "poll_id"),
}
# Fields of a user that pages print (an article's author name); a login's last_login is not one.
USER_FIELDS_SHOWN = {"first_name", "last_name", "username"}


def key(prefix, pk):
    return f"{prefix}-{pk}"


def object_keys(instance):
    """The keys of one row as pages show it: its own key, or its parent's for a child row."""
    label = instance._meta.label_lower
    if label in OBJECT_PREFIX:
        return {key(OBJECT_PREFIX[label], instance.pk)}
    if label in PARENT_FIELD:
        prefix, field = PARENT_FIELD[label]
        parent = getattr(instance, field)
        return {key(prefix, parent)} if parent is not None else set()
    if label == "articles.taggedarticle":
        return {key("article", instance.content_object_id), key("tag", instance.tag_id)}
    if instance._meta.model is _user_model():
        return {key("user", instance.pk)}
    return set()


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


# --- reading: the keys of what a page loaded -----------------------------------------------------

_recorder = contextvars.ContextVar("filmsite_dependency_recorder", default=None)


@contextlib.contextmanager
def recording(enabled=True):
    """Collect the keys of every content object loaded inside the block into the set it yields.

    Blocks nest: an inner block (a fragment) collects its own keys and hands them to the outer one
    (the page), which therefore also depends on everything the fragment showed. ``enabled=False``
    collects nothing (a sitemap declares its keys instead of noting thousands of rows).
    """
    keys = set()
    outer = _recorder.get()
    token = _recorder.set(keys if enabled else None)
    try:
        yield keys
    finally:
        _recorder.reset(token)
        if outer is not None:
            outer |= keys


def depends_on(*keys):
    """Note that the page being rendered shows ``keys`` (no-op outside ``recording()``)."""
    current = _recorder.get()
    if current is not None:
        current.update(keys)


def shows(*instances):
    """Note that the page being rendered shows these rows (for rows loaded while not recording)."""
    current = _recorder.get()
    if current is not None:
        for instance in instances:
            current |= object_keys(instance)


def _record_loaded(sender, instance, **kwargs):
    current = _recorder.get()
    if current is not None:
        current |= object_keys(instance)
        if sender._meta.label_lower == "articles.section" and instance.poll_id is not None:
            # The poll placed after a section shows only once published: a draft poll is not
            # loaded, so the page notes it here to be refreshed when the poll is published.
            current.add(key("poll", instance.poll_id))


def connect_recording():
    models = [apps.get_model(label) for label in [*OBJECT_PREFIX, *PARENT_FIELD, "articles.taggedarticle"]]
    for model in [*models, _user_model()]:
        post_init.connect(_record_loaded, sender=model, dispatch_uid=f"filmsite_deps_{model._meta.label}")


def compact(keys):
    """``keys`` with oversized kinds folded into ``<kind>-any``, sorted for a stable header."""
    by_kind = {}
    for item in keys:
        kind, _, rest = item.partition("-")
        if rest.isdigit():
            by_kind.setdefault(kind, []).append(item)
    result = set(keys)
    for kind, items in by_kind.items():
        if len(items) > MAX_KEYS_PER_KIND:
            result.difference_update(items)
            result.add(f"{kind}-any")
    result.add(ALL)
    return sorted(result)


# --- writing: the keys a change touches -----------------------------------------------------------


def is_content(model):
    label = model._meta.label_lower
    if label in NOT_CONTENT:
        return False
    return model._meta.app_label in CONTENT_APPS or model is _user_model()


def _any(keys):
    """Each object key's ``<kind>-any`` as well (for pages that folded their keys)."""
    return {f"{item.partition('-')[0]}-any" for item in keys if item.partition("-")[2].isdigit()}


def snapshot(instance, *, stored=True):
    """What a change of an article or poll compares with: its row before the save (``stored``,
    read in ``pre_save``) or the instance itself (a deletion)."""
    label = instance._meta.label_lower
    if instance.pk is None or label not in ("articles.article", "polls.poll"):
        return None
    fields = ["status", "film_id"] + (["published_at"] if label == "articles.article" else [])
    if not stored:
        return {name: getattr(instance, name) for name in fields}
    return type(instance)._default_manager.filter(pk=instance.pk).values(*fields).first()


def link_keys(instance):
    """Keys of the rows a row points at (both ends of a many-to-many link: a film's director)."""
    keys = set()
    for field in instance._meta.concrete_fields:
        prefix = OBJECT_PREFIX.get(field.related_model._meta.label_lower) if field.is_relation else None
        value = getattr(instance, field.attname) if prefix else None
        if value is not None:
            keys.add(key(prefix, value))
    return keys


def changed_keys(instance, *, before=None, deleted=False, update_fields=None):
    """The one map from a content change to the keys of every page it may change.

    ``before`` is ``snapshot()`` of the row as it was (None for a new row); ``deleted`` says the
    row is gone. Returns a set of keys (empty for rows that are not content).
    """
    model = type(instance)
    label = model._meta.label_lower
    if not is_content(model):
        return set()
    if model._meta.auto_created:  # the link row of a many-to-many field
        keys = link_keys(instance)
        return keys | _any(keys)
    if model is _user_model():
        if update_fields is not None and not set(update_fields) & USER_FIELDS_SHOWN:
            return set()
        return object_keys(instance)
    keys = object_keys(instance)
    if label == "articles.article":
        keys |= {SITEMAP}
        now = timezone.now()
        was_public = before is not None and _public(before["status"], before["published_at"], now)
        is_public = not deleted and _public(instance.status, instance.published_at, now)
        moved = before is not None and (
            before["published_at"] != instance.published_at or before["film_id"] != instance.film_id
        )
        # Entering or leaving the published set, or moving in it (a new time, another film).
        if was_public != is_public or (was_public and moved):
            keys |= listing_keys(instance, deleted=deleted)
            if before is not None:
                keys.add(key("film", before["film_id"]))
    elif label == "polls.poll":
        # Film pages list their published polls: publishing or moving a poll changes them.
        published = not deleted and instance.status == instance.Status.PUBLISHED
        was_published = before is not None and before["status"] == instance.Status.PUBLISHED
        if published or was_published:
            keys |= {key("film", f) for f in [instance.film_id, (before or {}).get("film_id")] if f}
    elif label == "filmsite.film":
        keys |= {FILMS, SITEMAP}
    elif label == "taggit.tag" or label == "articles.taggedarticle" or label in PARENT_FIELD:
        pass
    elif label not in OBJECT_PREFIX:
        keys = _unmapped_keys(instance)
    return keys | _any(keys)


_warned = set()


def _unmapped_keys(instance):
    """A content model nobody mapped yet: the pages of the rows it points at (an article, a film),
    or every page when it points at none, rather than a stale page. Map it (or list it in
    NOT_CONTENT) to refresh less: the warning says which."""
    label = instance._meta.label_lower
    keys = link_keys(instance) or {ALL}
    if label not in _warned:
        _warned.add(label)
        logger.warning(
            "No dependency keys are declared for %s; its changes refresh %s.",
            label,
            "every page" if keys == {ALL} else "the pages of the rows it refers to",
        )
    return keys


def deleted_vote_keys(vote):
    """Votes are not content, but deleting one (a superuser removing fraud) changes the final
    counts that closed polls print into pages."""
    return {key("poll", vote.poll_id), "poll-any"}


def m2m_keys(instance, model, pk_set):
    """Keys for a many-to-many change: both sides (a film's directors, an article's tags...)."""
    if not is_content(type(instance)):
        return set()
    keys = object_keys(instance)
    prefix = OBJECT_PREFIX.get(model._meta.label_lower)
    if prefix and pk_set:
        keys |= {key(prefix, pk) for pk in pk_set}
    return keys | _any(keys)


def _public(status, published_at, now):
    return status == "published" and published_at is not None and published_at <= now


def listing_keys(article, *, deleted=False):
    """Pages that may show or drop ``article`` when it goes live or leaves: the lists, its film,
    its tags' pages, and the articles whose "You might also like" may now rank it (those sharing a
    tag, its film, its film's director or a compared film)."""
    from articles.models import Article, TaggedArticle
    from filmsite.models import Film

    keys = {ARTICLES, SITEMAP, key("article", article.pk), key("film", article.film_id)}
    if deleted:
        return keys  # its tags and compared films went with it, each row touching its own keys
    tag_ids = TaggedArticle.objects.filter(content_object_id=article.pk).values_list("tag_id", flat=True)
    keys |= {key("tag", pk) for pk in tag_ids}
    related = Article.related_films.through.objects.filter(article_id=article.pk)
    keys |= {key("film", pk) for pk in related.values_list("film_id", flat=True)}
    directors = Film.directors.through.objects.filter(film_id=article.film_id)
    keys |= {key("person", pk) for pk in directors.values_list("person_id", flat=True)}
    return keys


def going_live_keys(start, end):
    """Keys of what scheduled times in [start, end] change: articles going live, polls opening or
    closing (no save happens then, so ``versions`` fires these when the time comes)."""
    from django.db.models import Q

    from articles.models import Article
    from polls.models import Poll

    keys = set()
    for article in Article.objects.filter(status="published", published_at__gte=start, published_at__lte=end):
        keys |= listing_keys(article)
    polls = Poll.objects.published().filter(
        Q(opens_at__gte=start, opens_at__lte=end) | Q(closes_at__gte=start, closes_at__lte=end)
    )
    keys |= {key("poll", pk) for pk in polls.values_list("pk", flat=True)}
    return keys | _any(keys)


def next_scheduled_change(now):
    """When the next scheduled publication, poll opening or closing is due (or None)."""
    from articles.models import Article
    from polls.models import Poll

    upcoming = [t for t in (Article.objects.next_publication(now), Poll.objects.next_change(now)) if t]
    return min(upcoming) if upcoming else None
