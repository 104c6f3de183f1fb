"""Whole-page cache for anonymous readers.

Public pages (home, film and article pages, lists) carry no per-user data, so the rendered
bytes can be shared by every anonymous reader. Keys embed a *content generation* number kept
in the cache itself; saving or deleting any content bumps it (see ``signals.py``), so an edit,
an unpublish or a deletion is visible at once on every worker sharing the cache (Redis in
production; with the per-process local-memory cache each worker has its own generation, and
``PAGE_CACHE_SECONDS`` bounds staleness). Scheduled articles, and polls opening or closing,
go live on time: the clock moves the generation too (``current_generation``).

Why not Django's ``cache_page``: it offers no invalidation, and it would also cache for
logged-in editors.
"""

import collections
import functools
import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

GENERATION_KEY = "pagecache:generation"


def shared_cache_control():
    """Cache-Control for a page any reader may get: browsers and CDNs keep it PAGE_MAX_AGE seconds.

    With 0 they must ask again every time, since nothing outside this server learns of an
    unpublish; the page cache here still answers those requests cheaply.
    """
    seconds = settings.PAGE_MAX_AGE
    return f"public, max-age={seconds}" if seconds > 0 else "public, max-age=0, must-revalidate"


def current_generation():
    """The content generation in every page and fragment key, moved on by edits and the clock.

    Edits bump it through signals. Scheduled changes (an article's publication time, a poll
    opening or closing) have no save to hook, so each process notes when the next one is due
    (worked out once per generation, in two queries) and the first request after that time
    bumps the generation: scheduled content goes live on time, on every page at once. The note
    is kept in process memory, so a cache hit still costs one cache read.
    """
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    noted_generation, due = _next_change
    if noted_generation != generation:
        _next_change[:] = [generation, _next_scheduled_change()]
    elif due is not None and timezone.now().timestamp() >= due:
        bump_generation()
        return current_generation()
    return generation


# [generation, epoch seconds of the next scheduled change or None], for this process.
_next_change = [None, None]


def _next_scheduled_change():
    """Epoch seconds of the next scheduled publication, poll opening or closing (or None)."""
    from articles.models import Article
    from polls.models import Poll

    now = timezone.now()
    times = [Article.objects.next_publication(now), Poll.objects.next_change(now)]
    upcoming = [t for t in times if t is not None]
    return min(upcoming).timestamp() if upcoming else None


def bump_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)


def _fresh_generation():
    """A starting number no earlier cache could have used (the clock in nanoseconds).

    After the cache is emptied the count starts again from here, never from a number that
    already named other content: old keys cannot come back to life, and the per-process note of
    the next scheduled change (keyed by generation) cannot be mistaken for the new content's.
    """
    return time.time_ns()


class LocalCopies:
    """This process's copies of pages and fragments from the shared cache, least recent out first.

    Page and fragment keys name a content generation, so what a key holds never changes: a copy
    can be served without asking the shared cache again, and only memory (``max_items``) and the
    same lifetime as the shared entry bound it. The generation itself is always read from the
    shared cache, so an edit still reaches every process at once.
    """

    def __init__(self, max_items):
        self.max_items = max_items
        self._items = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            value, expires = item
            if expires <= time.monotonic():
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def set(self, key, value, seconds):
        with self._lock:
            self._items[key] = (value, time.monotonic() + seconds)
            self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)

    def size(self):
        return len(self._items)


_local = None  # LocalCopies, or False when unused; decided on first use (and on settings changes)


def local_copies():
    """The process's LocalCopies, or None: off by setting, or needless with a local-memory cache."""
    global _local
    if _local is None:
        items = settings.PAGE_CACHE_LOCAL_ITEMS
        in_process = isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache)
        _local = LocalCopies(items) if items > 0 and not in_process else False
    return _local if _local is not False else None


@receiver(setting_changed)
def _settings_changed(setting, **kwargs):
    global _local
    if setting in ("PAGE_CACHE_LOCAL_ITEMS", "CACHES"):
        _local = None


def _get(key, seconds):
    """The value under ``key``: this process's copy, else the shared cache's (then copied)."""
    local = local_copies()
    value = local.get(key) if local is not None else None
    if value is None:
        value = cache.get(key)
        if value is not None and local is not None:
            local.set(key, value, seconds)
    return value


def _set(key, value, seconds):
    cache.set(key, value, seconds)
    local = local_copies()
    if local is not None:
        local.set(key, value, seconds)


def _key(request, generation):
    # Scheme and host are part of the page: canonical and og:image URLs are absolute.
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()
    return f"page:{generation}:{digest}"


# A paginated list's one parameter: ?page=<number>, or a cursor ?after=<id> / ?before=<id>
# (filmsite/pagination.py). A cursor naming no item of the list is a 404, which is never stored.
PAGINATION_PARAMETERS = {"page": 6, "after": 12, "before": 12}  # name: most digits


def _cacheable_request(request, paginated=False):
    """Anonymous GET/HEAD without query parameters (a paginated list may have one of the above).

    Anything else (an editor's session, ?voted=, junk parameters) is rendered for this request
    alone, so made-up URLs cannot fill the cache.
    """
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    params = set(request.GET)
    if not params:
        return True
    if not paginated or len(params) != 1:
        return False
    (name,) = params
    value = request.GET.get(name, "")
    digits = PAGINATION_PARAMETERS.get(name, 0)
    return value.isascii() and value.isdigit() and len(value) <= digits


def cached_fragment(request, name, *key_parts, render):
    """Return ``render()`` (an HTML string), reusing it across anonymous requests.

    For the costly, content-only part of a page (an article's sections, FAQ and related list):
    the view still runs its own visibility query on every request, so unpublishing takes effect
    at once even when the fragment is warm. Keys embed the content generation and the host.
    Editors (session cookie) and requests with markers such as ``?voted=`` always render fresh.
    """
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if seconds <= 0 or not _cacheable_request(request):
        return render()
    raw = "\x1f".join([request.get_host(), *map(str, key_parts)])
    digest = hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()
    key = f"fragment:{current_generation()}:{name}:{digest}"
    html = _get(key, seconds)
    if html is None:
        html = render()
        _set(key, html, seconds)
    return html


def cache_public_page(view=None, *, paginated=False):
    """Serve ``view`` from the page cache to anonymous readers; render and store on a miss.

    Requests carrying a session cookie (editors, who may preview drafts) always bypass it.
    ``paginated=True`` lets ``?page=<number>`` be cached too (out-of-range pages are 404s, which
    are never stored). Use as ``@cache_public_page`` or ``@cache_public_page(paginated=True)``.
    """
    if view is None:
        return functools.partial(cache_public_page, paginated=paginated)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request, paginated):
            response = view(request, *args, **kwargs)
            # Rendered for this request only (an editor, or a marker such as ?voted=): no shared
            # cache or CDN may keep it for others.
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
            return response
        if settings.PAGE_CACHE_SECONDS <= 0:
            return view(request, *args, **kwargs)
        key = _key(request, current_generation())
        hit = _get(key, settings.PAGE_CACHE_SECONDS)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            response["Cache-Control"] = shared_cache_control()
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            _set(key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
            response["Cache-Control"] = shared_cache_control()
        return response

    return wrapper
