"""Whole-page and fragment cache for anonymous readers, invalidated by dependency keys.

Public pages (home, film and article pages, lists, feed, sitemap) carry no per-user data, so the
rendered bytes can be shared by every anonymous reader. While a page renders, the keys of the
content it shows are collected (``dependencies.recording``); the page is stored with those keys
and the sequence number read before rendering, and served again while none of its keys has
changed since (``versions.fresh``): saving one person outdates the pages that show that person,
and nothing else. The keys also go out in a ``Surrogate-Key`` header so that a front cache
(Varnish, a CDN) can be purged by the same keys (``frontcache.py``).

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
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from . import dependencies, failsafe, versions
from .siteurl import site_url

# What a 304 repeats from the page it stands for.
NOT_MODIFIED_HEADERS = ("Cache-Control", "ETag", "Last-Modified", "Vary", "X-Page-Cache")
# Headers of a stored page that are worked out again for each response.
PER_RESPONSE_HEADERS = {"cache-control", "x-page-cache"}


def shared_cache_control(due=None):
    """Cache-Control for a page any reader may get.

    Browsers keep it PAGE_MAX_AGE seconds (0: they ask again every time, with the ETag, and get a
    304 while it has not changed). A front cache that is purged on every change (Varnish,
    ``FRONT_CACHE_PURGE_URLS``) keeps it FRONT_CACHE_SECONDS (``s-maxage``) and may serve it
    FRONT_CACHE_STALE_SECONDS more while it fetches a new copy (``stale-while-revalidate``).
    No lifetime runs past the next scheduled change (``due``, epoch seconds): nothing purges
    then, so the copies must expire by themselves for the change to go live on time.
    """
    browser, shared = settings.PAGE_MAX_AGE, settings.FRONT_CACHE_SECONDS
    stale = settings.FRONT_CACHE_STALE_SECONDS
    if due is None:  # the cache did not answer: nobody knows when the next change is due
        browser = shared = 0
    elif due != versions.NOTHING_SCHEDULED:
        until = max(0, int(due - timezone.now().timestamp()))
        if until < shared:
            shared, stale = until, 0
        browser = min(browser, until)
    if shared <= 0:
        return f"public, max-age={browser}" if browser > 0 else "public, max-age=0, must-revalidate"
    value = f"public, max-age={browser}, s-maxage={shared}"
    return f"{value}, stale-while-revalidate={stale}" if stale > 0 else value


class LocalCopies:
    """This process's copies of pages and fragments from the shared cache, least recent out first.

    A copy is checked against the shared key versions like the shared entry itself, so it is
    served only while it is current: a hit then costs one read of its keys' versions (one round
    trip) instead of fetching the whole page too. Memory (``max_items``) and the same lifetime as
    the shared entry bound it.
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


# An entry is (payload, keys, seq): what was rendered, the keys it shows, the sequence number
# read before rendering it. Keys name the entry format, so a deploy that changes it never reads
# entries an older release left in a shared cache.
ENTRY_FORMAT = "e2"


def _lookup(key, seconds):
    """The current entry under ``key`` (this process's copy, else the shared cache's), or None."""
    local = local_copies()
    entry = local.get(key) if local is not None else None
    if entry is not None and versions.fresh(entry[1], entry[2]):
        return entry
    entry = cache.get(key)
    if entry is not None and versions.fresh(entry[1], entry[2]):
        if local is not None:
            local.set(key, entry, seconds)
        return entry
    return None


def _store(key, entry, seconds):
    """Keep ``entry`` unless one of its keys changed while it was being rendered."""
    if not versions.store().settle(entry[1], entry[2]):
        return
    cache.set(key, entry, seconds)
    local = local_copies()
    if local is not None:
        local.set(key, entry, seconds)


def _digest(*parts):
    return hashlib.md5("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


def _page_key(request):
    # Pages print absolute URLs of SITE_URL only (siteurl.py), so one entry serves every Host
    # variant and scheme: a made-up port or a trailing dot cannot add entries.
    return f"page:{ENTRY_FORMAT}:" + _digest(site_url(), request.get_full_path())


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
    at once even when the fragment is warm. The fragment keeps the keys of what it shows and
    hands them to the page around it. Editors (session cookie) and requests with markers such as
    ``?voted=`` always render fresh.
    """
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if seconds <= 0 or not _cacheable_request(request):
        return render()
    key = f"fragment:{ENTRY_FORMAT}:{name}:" + _digest(site_url(), *map(str, key_parts))
    entry = failsafe.attempt(_lookup, key, seconds, doing="reading a fragment")
    if entry is not None:
        dependencies.depends_on(*entry[1])
        return entry[0]
    seq = failsafe.attempt(versions.start, doing="reading key versions")
    with dependencies.recording() as found:
        html = render()
    if seq is not None:
        entry = (html, dependencies.compact(found), seq)
        failsafe.attempt(_store, key, entry, seconds, doing="storing a fragment")
    return html


def _public(response, keys):
    """Headers every reader gets with a public page, the same on cache hits and misses."""
    response[settings.SURROGATE_KEY_HEADER] = " ".join(keys)
    response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    response["Last-Modified"] = http_date()
    # The same URL gives an editor (session cookie) a private page, so caches must tell them apart.
    patch_vary_headers(response, ["Cookie"])
    return response


def _answer(request, response, due):
    """``response`` with its Cache-Control, or a 304 when the reader already has this version."""
    response["Cache-Control"] = shared_cache_control(due)
    meta = request.META
    if "HTTP_IF_NONE_MATCH" not in meta and "HTTP_IF_MODIFIED_SINCE" not in meta:
        return response
    if meta.get("HTTP_IF_NONE_MATCH") == response["ETag"]:
        answer = HttpResponseNotModified()  # the usual revalidation, answered without parsing
    else:
        modified = parse_http_date_safe(response["Last-Modified"])
        answer = get_conditional_response(
            request, etag=response["ETag"], last_modified=modified, response=response
        )
        if answer is response:
            return response
    # A 304 names the same keys, for a front cache revalidating its copy.
    for header in (*NOT_MODIFIED_HEADERS, settings.SURROGATE_KEY_HEADER):
        if response.has_header(header):
            answer[header] = response[header]
    return answer


def cache_public_page(view=None, *, paginated=False, keys=(), record=True):
    """Serve ``view`` from the page cache to anonymous readers; render and store on a miss.

    ``keys`` are dependency keys the page shows beyond the rows it loads (the lists it is made of:
    ``articles``, ``films``, ``sitemap``); ``record=False`` keeps only those (a sitemap would
    otherwise note every row). Requests carrying a session cookie (editors, who may preview
    drafts) always bypass it. ``paginated=True`` lets ``?page=<number>`` be cached too
    (out-of-range pages are 404s, which are never stored). Use as ``@cache_public_page`` or
    ``cache_public_page(view, paginated=True, keys=[...])``.
    """
    if view is None:
        return functools.partial(cache_public_page, paginated=paginated, keys=keys, record=record)
    declared = set(keys)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request, paginated):
            response = view(request, *args, **kwargs)
            # Rendered for this request only (an editor, or a marker such as ?voted=): no shared
            # cache or CDN may keep it for others.
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
            return response
        seconds = settings.PAGE_CACHE_SECONDS
        page_key = _page_key(request) if seconds > 0 else None
        versions.last_due(reset=True)
        if page_key is not None:
            entry = failsafe.attempt(_lookup, page_key, seconds, doing="reading a page")
            if entry is not None:
                (content, headers), keys, _ = entry
                response = HttpResponse(content, headers=headers)
                response["X-Page-Cache"] = "hit"
                return _answer(request, response, versions.last_due())
        seq = failsafe.attempt(versions.start, doing="reading key versions")
        with dependencies.recording(enabled=record) as found:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.render()
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        page_keys = dependencies.compact(found | declared)
        _public(response, page_keys)
        if page_key is not None and seq is None:
            response["X-Page-Cache"] = "bypass"  # the cache is failing: rendered, not stored
        elif page_key is not None:
            headers = {h: v for h, v in response.items() if h.lower() not in PER_RESPONSE_HEADERS}
            entry = ((response.content, headers), page_keys, seq)
            failsafe.attempt(_store, page_key, entry, seconds, doing="storing a page")
            response["X-Page-Cache"] = "miss"
        return _answer(request, response, versions.last_due() if seq is not None else None)

    return wrapper
