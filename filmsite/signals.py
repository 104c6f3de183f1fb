"""Keep the public page cache honest: any content change invalidates every cached page."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import bump_generation

CONTENT_APPS = {"filmsite", "articles", "polls", "taggit"}
# New votes change no cached HTML (live counts come from results.json), and a burst of votes must
# not empty the page cache exactly when a film trends. Deleting votes (rare: a superuser removing
# fraud) does invalidate, since closed polls print their final counts into pages.
NOT_CONTENT = {"polls.vote", "articles.articlerevision"}
INVALIDATE_ON_DELETE = {"polls.vote"}


def _content_changed(sender, signal=None, **kwargs):
    meta = sender._meta
    label = meta.label_lower
    deleted = signal is post_delete and label in INVALIDATE_ON_DELETE
    if meta.app_label in CONTENT_APPS and (label not in NOT_CONTENT or deleted):
        bump_generation()
        # Again once the change is committed: a reader who arrived between the save and the
        # commit saw the old rows and may have cached them under the new generation.
        transaction.on_commit(bump_generation)


post_save.connect(_content_changed, dispatch_uid="filmsite_cache_post_save")
post_delete.connect(_content_changed, dispatch_uid="filmsite_cache_post_delete")
m2m_changed.connect(_content_changed, dispatch_uid="filmsite_cache_m2m_changed")
