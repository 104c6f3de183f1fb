"""The cache speeds pages up; it is never needed to serve one or to save an edit.

Every use of the cache by the page cache and by invalidation goes through ``attempt``: when the
cache is down, full (Redis at its ``maxmemory`` with ``noeviction`` refuses writes) or slower
than ``CACHE_TIMEOUT_SECONDS`` (the Redis socket timeouts), the call gives its default, a warning
is logged, and for ``CACHE_RETRY_SECONDS`` the cache is left alone, so an outage costs each
request nothing but a render. Editors' saves commit whatever the cache does (``versions.bump``
keeps the keys it could not write and writes them once the cache answers again).
"""

import logging
import pickle
import time

from django.conf import settings

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency, but the cache may be another one
    RedisError = OSError

logger = logging.getLogger(__name__)

# What a cache backend raises when it cannot answer: connection refused or reset, timeouts, a
# full Redis refusing writes (all RedisError), a file cache's disk errors, a truncated entry.
CACHE_ERRORS = (RedisError, OSError, EOFError, pickle.UnpicklingError)

_down_until = 0.0


def available():
    return time.monotonic() >= _down_until


def failed(error, doing):
    """Note a cache failure: warn, and leave the cache alone for CACHE_RETRY_SECONDS."""
    global _down_until
    _down_until = time.monotonic() + settings.CACHE_RETRY_SECONDS
    logger.warning(
        "Cache failed while %s (%s: %s); pages are rendered without it for %s s.",
        doing,
        type(error).__name__,
        error,
        settings.CACHE_RETRY_SECONDS,
    )


def attempt(function, *args, default=None, doing=""):
    """``function(*args)``, or ``default`` when the cache fails (or failed a moment ago)."""
    if not available():
        return default
    try:
        return function(*args)
    except CACHE_ERRORS as error:
        failed(error, doing or function.__name__)
        return default


def reset():
    """Forget an earlier failure (tests, and a health check that found the cache answering)."""
    global _down_until
    _down_until = 0.0
