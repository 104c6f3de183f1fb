"""Tell the front cache (Varnish, or a CDN speaking the same protocol) which keys changed.

Every public response names its dependency keys in a header (``Surrogate-Key``); the VCL in
``deploy/varnish/`` indexes cached objects by them (the xkey vmod). After a change commits, the
app sends one ``PURGE`` request to each URL in ``FRONT_CACHE_PURGE_URLS`` with the keys in an
``xkey-purge`` header, and the front cache drops every object carrying one of them at once.

A purge that fails is logged, never raised: the editor's save has committed and must not turn
into an error page. Objects then live at most their ``s-maxage`` (``FRONT_CACHE_SECONDS``).
"""

import logging
import threading
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

PURGE_HEADER = "xkey-purge"

_pending = threading.local()


def enabled():
    return bool(settings.FRONT_CACHE_PURGE_URLS)


def purge_later(keys):
    """Purge ``keys`` once the current transaction commits (at once outside a transaction).

    The keys of every change in one transaction go out together in one request per front cache.
    Keys of a transaction that rolled back go out with the next one: an extra purge costs a miss.
    """
    if not keys or not enabled():
        return
    batch = getattr(_pending, "keys", None)
    if batch is None:
        batch = _pending.keys = set()
    batch.update(keys)
    transaction.on_commit(_flush)


def _flush():
    keys = getattr(_pending, "keys", None)
    if keys:
        _pending.keys = set()
        purge(keys)


def purge(keys):
    """Send one purge of ``keys`` to every configured front cache; returns how many answered 2xx."""
    value = " ".join(sorted(keys))
    done = 0
    for url in settings.FRONT_CACHE_PURGE_URLS:
        request = urllib.request.Request(url, method="PURGE", headers={PURGE_HEADER: value})
        try:
            with urllib.request.urlopen(request, timeout=settings.FRONT_CACHE_PURGE_TIMEOUT) as response:
                response.read()
            done += 1
        except (OSError, urllib.error.URLError) as error:
            logger.warning("Front cache purge of %d keys at %s failed: %s", len(keys), url, error)
    return done
