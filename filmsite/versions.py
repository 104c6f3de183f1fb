"""When did each dependency key last change: the clock that decides whether a cached page is fresh.

Every change takes the next number of one global sequence and writes it under each key it
touches (``bump``). A cached page remembers the sequence number read just before it was rendered;
it is fresh while none of its keys carries a higher number. A change that commits while a page
is being rendered therefore always outdates that page, whatever order things happen in, and a
page costs one read of its keys to validate, however many pages share them.

Two stores, chosen by the cache backend:

* ``SharedMemoryVersions`` beside a per-process cache (Django's local-memory cache): the
  numbers live in a small file mapped into memory by every process of the machine, so an
  unpublish done by one gunicorn worker outdates the pages that the other workers keep in their
  own memory. A key is hashed to one of 65,534 slots (a collision only refreshes a page more
  often than needed); reading a slot is an array index.
* ``CacheVersions`` beside a shared cache (Redis): the numbers are cache entries, read for a page
  with one ``get_many`` (one round trip), so every app server sees every change.

Scheduled changes (an article whose publication time comes, a poll opening or closing) have no
save to hook: the store also holds when the next one is due, read together with a page's keys,
and the first request after that time bumps the keys of what went live (``catch_up``).
"""

import contextlib
import fcntl
import hashlib
import logging
import math
import mmap
import os
import tempfile
import threading
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone

from . import dependencies, failsafe

logger = logging.getLogger(__name__)

NOTHING_SCHEDULED = math.inf


class SharedMemoryVersions:
    """Key versions in a file mapped by every process on this machine (beside a per-process cache)."""

    SLOTS = 1 << 16
    SEQ, NEXT_DUE = 0, 1  # slot 1: microseconds of the next scheduled change; 0 unknown, max none
    NONE_DUE = (1 << 63) - 1

    def __init__(self, path):
        self.path = Path(path)
        self._thread_lock = threading.RLock()
        self._depth = 0  # the file lock is taken by the outermost _locked() of a thread only
        self._slot_of = _Slots(self.SLOTS)
        self._open()
        os.register_at_fork(after_in_child=self._open)  # flock belongs to one process's file

    def _open(self):
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        size = self.SLOTS * 8
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.fstat(fd).st_size < size:
                os.ftruncate(fd, size)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
        self._fd = fd
        self._values = memoryview(mmap.mmap(fd, size)).cast("q")

    def _slot(self, name):
        return self._slot_of[name]

    @contextlib.contextmanager
    def _locked(self):
        with self._thread_lock:
            if self._depth == 0:
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)

    def seq(self):
        return self._values[self.SEQ]

    def read(self, keys):
        values, slots = self._values, self._slot_of
        due = values[self.NEXT_DUE]
        due = None if due == 0 else NOTHING_SCHEDULED if due == self.NONE_DUE else due / 1e6
        return [values[slots[name]] for name in keys], due

    def settle(self, keys, seq):
        return all(value <= seq for value in self.read(keys)[0])

    def bump(self, keys):
        with self._locked():
            values = self._values
            number = values[self.SEQ] + 1
            values[self.SEQ] = number
            for name in keys:
                values[self._slot(name)] = number

    def forget(self, keys):
        self.bump(keys)

    @contextlib.contextmanager
    def schedule_lock(self):
        with self._locked():
            yield True

    def set_next_due(self, due):
        self._values[self.NEXT_DUE] = self.NONE_DUE if due == NOTHING_SCHEDULED else max(1, int(due * 1e6))

    def forget_next_due(self):
        self._values[self.NEXT_DUE] = 0


class _Slots(dict):
    """Key name -> slot of the shared array, worked out once per name (a page check is hot)."""

    def __init__(self, size):
        super().__init__()
        self.size = size

    def __missing__(self, name):
        slot = self[name] = 2 + zlib.crc32(name.encode()) % (self.size - 2)
        return slot


class CacheVersions:
    """Key versions kept in a shared cache (Redis), so every process and machine sees each change."""

    SEQ_KEY = "dep:seq"
    NEXT_DUE_KEY = "dep:next-due"
    LOCK_KEY = "dep:catching-up"

    def __init__(self, cache):
        self.cache = cache

    def seq(self):
        number = self.cache.get(self.SEQ_KEY)
        if number is None:
            # Start above any number an emptied cache may have handed out (the clock in ns).
            self.cache.add(self.SEQ_KEY, time.time_ns(), timeout=None)
            number = self.cache.get(self.SEQ_KEY)
        return number

    def read(self, keys):
        names = [f"dep:{name}" for name in keys]
        found = self.cache.get_many([*names, self.NEXT_DUE_KEY])
        return [found.get(name) for name in names], found.get(self.NEXT_DUE_KEY)

    def settle(self, keys, seq):
        """True when a page rendered from sequence ``seq`` with ``keys`` may be stored.

        A key nobody has bumped yet is written with ``seq``, provided nothing at all changed
        since (a key that vanished from the cache could have been bumped after ``seq``).
        """
        values, _ = self.read(keys)
        if any(value is not None and value > seq for value in values):
            return False
        missing = [name for name, value in zip(keys, values, strict=True) if value is None]
        if not missing:
            return True
        if self.seq() != seq:
            return False
        for name in missing:
            self.cache.add(f"dep:{name}", seq, timeout=None)
        return True

    def bump(self, keys):
        try:
            number = self.cache.incr(self.SEQ_KEY)
        except ValueError:
            self.seq()
            number = self.cache.incr(self.SEQ_KEY)
        self.cache.set_many({f"dep:{name}": number for name in keys}, timeout=None)

    def forget(self, keys):
        """Drop the keys' versions: pages showing them count as outdated until rendered again.

        A full Redis (``maxmemory`` with ``noeviction``) refuses ``bump``'s writes but accepts
        deletes, so an unpublish still takes effect when the cache is full.
        """
        self.cache.delete_many([f"dep:{name}" for name in keys])

    @contextlib.contextmanager
    def schedule_lock(self):
        got = self.cache.add(self.LOCK_KEY, os.getpid(), timeout=30)
        try:
            yield got
        finally:
            if got:
                self.cache.delete(self.LOCK_KEY)

    def set_next_due(self, due):
        self.cache.set(self.NEXT_DUE_KEY, due, timeout=None)

    def forget_next_due(self):
        self.cache.delete(self.NEXT_DUE_KEY)


_store = None


def store():
    """The versions store for the configured default cache (chosen once per process)."""
    global _store
    if _store is None:
        backend = caches[DEFAULT_CACHE_ALIAS]
        if isinstance(backend, LocMemCache | DummyCache):
            _store = SharedMemoryVersions(versions_file())
        else:
            _store = CacheVersions(backend)
    return _store


def versions_file():
    """``CACHE_VERSIONS_FILE``, or a file in the temporary folder named after this site and database.

    Processes of one site on one machine (the workers of one gunicorn, or two gunicorns on the
    same database) share it; other checkouts and test databases get their own.
    """
    if settings.CACHE_VERSIONS_FILE:
        return settings.CACHE_VERSIONS_FILE
    from django.db import connections

    identity = f"{settings.BASE_DIR}|{connections['default'].settings_dict['NAME']}"
    digest = hashlib.md5(identity.encode(), usedforsecurity=False).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"filmsite-versions-{digest}"


@receiver(setting_changed)
def _settings_changed(setting, **kwargs):
    global _store
    if setting in ("CACHES", "CACHE_VERSIONS_FILE"):
        _store = None


# --- checking pages and moving the clock ---------------------------------------------------------


def fresh(keys, seq):
    """True when a page rendered at sequence ``seq`` showing ``keys`` is still current.

    Also notices a scheduled change falling due and refreshes what it changes first. Raises the
    cache's errors (callers go through ``failsafe.attempt``).
    """
    if _unwritten or _pending["reschedule"]:
        _write_unwritten()
    versions = store()
    values, due = versions.read(keys)
    if due is None or due <= timezone.now().timestamp():
        if not catch_up():
            return False
        values, due = versions.read(keys)
    _last.due = due
    return all(value is not None and value <= seq for value in values)


def start():
    """The sequence number to remember for a page about to be rendered (scheduled work done first)."""
    if _unwritten or _pending["reschedule"]:
        _write_unwritten()
    versions = store()
    _, due = versions.read(())
    if due is None or due <= timezone.now().timestamp():
        catch_up()
        _, due = versions.read(())
    _last.due = due
    return versions.seq()


_last = threading.local()


def forget_schedule():
    """Forget when the next scheduled change is due: the next request refreshes every page and
    works it out again. For rows changed without signals (a restored backup, a raw UPDATE)."""
    store().forget_next_due()


def last_due(reset=False):
    """When the next scheduled change is due, as last read by this thread (None: not read).

    Read along with a page's keys, so that the response's lifetime can end by then at no cost.
    """
    due = getattr(_last, "due", None)
    if reset:
        _last.due = None
    return due


# Keys of changes this process could not write to a failing cache, written when it answers again,
# and whether the next scheduled time still has to be worked out again.
_unwritten = set()
_pending = {"reschedule": False}


def bump(keys):
    """Outdate every page showing ``keys``. Never raises: a save must commit whatever the cache does.

    When the cache refuses the write it is asked to forget the keys instead (a full Redis still
    deletes); when it does not answer at all, the keys wait in this process until it does.
    """
    if not keys:
        return
    _unwritten.update(keys)
    if failsafe.available():
        _write_unwritten()
    else:
        logger.warning("Cache unavailable: %d changed keys wait to be written.", len(_unwritten))


def reschedule():
    """Work out the next scheduled change again (an article or poll changed). Never raises."""
    _pending["reschedule"] = True
    if failsafe.available():
        _write_unwritten()


def _write_unwritten():
    keys = set(_unwritten)
    if keys:
        try:
            store().bump(keys)
        except failsafe.CACHE_ERRORS as error:
            failsafe.failed(error, "recording a content change")
            try:
                store().forget(keys)
            except failsafe.CACHE_ERRORS:
                return
        _unwritten.difference_update(keys)
    if _pending["reschedule"]:
        _pending["reschedule"] = False
        done = failsafe.attempt(lambda: catch_up(reschedule=True), doing="noting the next scheduled change")
        _pending["reschedule"] = done is None


def catch_up(*, reschedule=False):
    """Refresh what scheduled times that have passed changed, then note the next one.

    Returns False when another process is doing it right now (the caller renders fresh).
    ``reschedule`` recomputes the next time even if none has passed (after an edit that may
    have scheduled something). When the store has lost its note of the next time (a new or
    emptied cache), nobody knows what went live meanwhile, so every page is refreshed.
    """
    from articles.workflow import publish_due

    from . import frontcache

    now = timezone.now()
    # A scheduled update of a live article has no row that goes live by itself: write it first
    # (its saves outdate their own keys).
    publish_due(now)
    versions = store()
    with versions.schedule_lock() as got:
        if not got:
            return False
        _, due = versions.read(())
        keys = set()
        if due is None:
            keys = {dependencies.ALL}
        elif due <= now.timestamp():
            keys = dependencies.going_live_keys(datetime.fromtimestamp(due, tz=UTC), now)
        elif not reschedule:
            return True
        if keys:
            versions.bump(keys)
            frontcache.purge_later(keys)
        upcoming = dependencies.next_scheduled_change(now)
        versions.set_next_due(upcoming.timestamp() if upcoming else NOTHING_SCHEDULED)
    return True
