"""Keep every cache honest: each content change outdates the pages that show it, and only those.

``dependencies.changed_keys`` decides which keys a change touches; here they are bumped at once
and again when the transaction commits (a reader served between the save and the commit saw the
old rows and may have stored them), and sent to the front cache after the commit.
"""

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from . import dependencies, frontcache, versions

SCHEDULED_MODELS = {"articles.article", "polls.poll"}

_pending = threading.local()


def changed(keys, *, reschedule=False):
    """Outdate ``keys`` now and again on commit; purge them from the front cache after the commit."""
    if not keys and not reschedule:
        return
    versions.bump(keys)
    if reschedule:
        _reschedule()
    batch = getattr(_pending, "keys", None)
    if batch is None:
        batch = _pending.keys = set()
    batch.update(keys)
    _pending.reschedule = getattr(_pending, "reschedule", False) or reschedule
    transaction.on_commit(_flush)
    frontcache.purge_later(keys)


def schedule_changed():
    """Something goes live at a new time with no row saved (a scheduled update of a live
    article): every process works out its next scheduled change again."""
    changed(set(), reschedule=True)


def _flush():
    keys, reschedule = getattr(_pending, "keys", None), getattr(_pending, "reschedule", False)
    _pending.keys, _pending.reschedule = set(), False
    if keys:
        versions.bump(keys)
    if reschedule:
        _reschedule()


def _reschedule():
    versions.reschedule()


def _before_save(sender, instance, raw=False, **kwargs):
    if not raw and sender._meta.label_lower in SCHEDULED_MODELS:
        instance._dependency_snapshot = dependencies.snapshot(instance)


def _after_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    before = None if created else getattr(instance, "_dependency_snapshot", None)
    keys = dependencies.changed_keys(instance, before=before, update_fields=update_fields)
    changed(keys, reschedule=sender._meta.label_lower in SCHEDULED_MODELS)


def _after_delete(sender, instance, **kwargs):
    if sender._meta.label_lower == "polls.vote":
        changed(dependencies.deleted_vote_keys(instance))
        return
    before = dependencies.snapshot(instance, stored=False)
    keys = dependencies.changed_keys(instance, before=before, deleted=True)
    changed(keys, reschedule=sender._meta.label_lower in SCHEDULED_MODELS)


def _m2m_changed(sender, instance, action, model, pk_set, **kwargs):
    # clear() deletes the link rows one by one (post_delete above names both ends of each).
    if action in ("post_add", "post_remove"):
        changed(dependencies.m2m_keys(instance, model, pk_set))


pre_save.connect(_before_save, dispatch_uid="filmsite_deps_pre_save")
post_save.connect(_after_save, dispatch_uid="filmsite_deps_post_save")
post_delete.connect(_after_delete, dispatch_uid="filmsite_deps_post_delete")
m2m_changed.connect(_m2m_changed, dispatch_uid="filmsite_deps_m2m_changed")
