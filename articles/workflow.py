"""The editing workflow: every change to an article goes through here and leaves a revision.

Rows and revisions (see ``revisions.py`` for documents):

* A *draft* article (never published, or unpublished) has rows equal to its newest revision:
  saving a draft writes both. Nothing about it is public.
* A *published* article's rows are its live version (``live_revision``), or its scheduled one
  when the publication time is still to come. Saving a draft of it writes only a revision
  (``latest_revision``; ``has_unpublished_changes``): readers keep the live page until someone
  publishes. Publishing writes the rows from the revision, now or, for a live article, at a
  chosen time (``scheduled_revision``, applied by ``publish_due()`` when the time comes).
* An editor's form starts from a revision. If the article moved on meanwhile, ``save_draft``
  merges the three versions (``revisions.merge``); what cannot be merged is an ``EditConflict``
  and nothing is written.

Rows changed some other way (a shell, an old script) are noticed the next time the workflow
touches the article and recorded as a revision "changed outside the editor" (``sync``).
"""

import logging
import threading
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from filmsite.signals import schedule_changed

from . import revisions
from .models import Article, ArticleRevision

Action = ArticleRevision.Action
logger = logging.getLogger(__name__)


class EditConflict(Exception):
    """Both editors changed the same thing: nothing was saved; the editor must choose."""

    def __init__(self, merge_result, *, theirs, base, changed_by):
        super().__init__("edit conflict")
        self.result = merge_result
        self.theirs = theirs
        self.base = base
        self.changed_by = changed_by

    @property
    def conflicts(self):
        return self.result.conflicts


class CannotRestore(Exception):
    pass


class ChecksFailed(Exception):
    """Publishing was refused: editorial checks fail and no reason to override them was given."""

    def __init__(self, failures):
        super().__init__("editorial checks failed")
        self.failures = failures


# -- who may do what (``user=None`` is the system: commands and scheduled publication) -----------


def can_publish(user):
    """Publish, schedule, unpublish and review: the ``articles.publish_article`` permission."""
    return user is None or user.has_perm("articles.publish_article")


def can_edit(user, article):
    """Editors edit any article; writers their own (a live one's changes wait for review)."""
    if user is None:
        return True
    return user.has_perm("articles.change_article") and (can_publish(user) or article.author_id == user.pk)


def can_delete(user, article):
    """Editors delete any article; writers only their own work that was never published."""
    if user is None:
        return True
    if not user.has_perm("articles.delete_article"):
        return False
    if can_publish(user):
        return True
    return article.author_id == user.pk and not was_ever_published(article)


def was_ever_published(article):
    if article.status == Article.Status.PUBLISHED or article.live_revision_id:
        return True
    published = (Action.PUBLISHED, Action.SCHEDULED, Action.UNPUBLISHED)
    return ArticleRevision.objects.filter(article_id=article.pk, action__in=published).exists()


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def _check_byline(user, article, document, current_author):
    """Only editors attribute an article to someone else."""
    if can_publish(user):
        return
    if document.get("author") != current_author:
        raise PermissionDenied("Only editors can put another person's name on an article.")


@dataclass
class Saved:
    revision: ArticleRevision | None  # None: there was nothing to save
    merged_with: list  # revisions by others combined into this save (empty if none)


# -- state -------------------------------------------------------------------------------------------


def state(article, now=None):
    """(code, label) of where an article stands, for the admin list, filter and change page."""
    code, label = _publication_state(article, now or timezone.now())
    if article.review_state:
        label = f"{label} · {article.get_review_state_display().lower()}"
    return code, label


def _publication_state(article, now):
    if article.status != Article.Status.PUBLISHED:
        return "draft", "Draft"
    if article.published_at and article.published_at > now:
        return "scheduled", f"Scheduled for {format_time(article.published_at)}"
    if article.scheduled_revision_id and article.scheduled_revision:
        return "scheduled", f"Live, update scheduled for {format_time(article.scheduled_revision.go_live_at)}"
    if article.has_unpublished_changes:
        return "changed", "Live with unpublished changes"
    return "live", "Live"


def format_time(moment):
    """A time as editors read it: local time with its zone ("14:05 UTC, 30 Nov 2026")."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} {local.tzname()}, {local.day} {local:%b %Y}"


# -- reading -----------------------------------------------------------------------------------------


def editing_document(article):
    """The version an editor's form opens: the newest revision, or the rows if there is none."""
    if article.latest_revision_id:
        return revisions.normalize(article.latest_revision.snapshot)
    return revisions.snapshot(article)


def _lock(article):
    rows = Article.objects.select_related("latest_revision", "live_revision", "scheduled_revision")
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update(of=("self",)) if _supports_of() else rows.select_for_update()
    return rows.get(pk=article.pk)


def _supports_of():
    return transaction.get_connection().features.has_select_for_update_of


def _record(article, document, *, user, action, summary, base=None, comment="", go_live_at=None):
    return ArticleRevision.objects.create(
        article=article,
        editor=user if user is not None and user.is_authenticated else None,
        action=action,
        summary=summary[:300],
        comment=comment,
        base=base,
        go_live_at=go_live_at,
        snapshot=document,
    )


def _set_pointers(article, **values):
    """Revision pointers are not public content: written without save(), so no page is refreshed."""
    for name, value in values.items():
        setattr(article, name, value)
    Article.objects.filter(pk=article.pk).update(**values)


def sync(article, *, user=None, action=None, summary=None):
    """Make sure the newest revision describes the rows; return it.

    An article made before revisions existed (or by a bulk import) gets its first revision here.
    Rows changed outside the workflow are recorded as a revision of their own, so a form opened
    before that change merges with it instead of overwriting it. Call inside a transaction.
    ``action`` and ``summary`` name what changed the rows (a command), when it is known.
    """
    rows = revisions.snapshot(article)
    latest = article.latest_revision
    published = article.status == Article.Status.PUBLISHED
    if latest is None:
        revision = _record(
            article,
            rows,
            user=user,
            action=action or Action.RECORDED,
            summary=summary or "First kept version of this article.",
        )
        _set_pointers(article, latest_revision=revision, live_revision=revision if published else None)
        return revision
    expected = article.live_revision if published else latest
    if (
        expected is not None
        and revisions.same_content(rows, expected.snapshot)
        and (published or expected.snapshot.get("status") == article.status)
    ):
        return latest
    if (
        not published
        and article.live_revision
        and revisions.same_content(rows, article.live_revision.snapshot)
    ):
        # Unpublished outside the editor: the draft in progress stays the draft.
        revisions.apply(article, latest.snapshot, status=Article.Status.DRAFT)
        revision = _record(
            article,
            {**latest.snapshot, "status": article.status},
            user=None,
            action=Action.UNPUBLISHED,
            summary="Unpublished outside the editor.",
            base=latest,
        )
        _set_pointers(article, latest_revision=revision, live_revision=None, has_unpublished_changes=False)
        return revision
    changes = revisions.summary(expected.snapshot, rows) if expected else "Published outside the editor."
    revision = _record(
        article,
        rows,
        user=user,
        action=action or Action.EXTERNAL,
        summary=f"{summary} {changes}" if summary else changes,
        base=expected,
    )
    if published:
        pending = article.has_unpublished_changes and not revisions.same_content(latest.snapshot, rows)
        pointers = {"live_revision": revision}
        if not pending:
            pointers.update(latest_revision=revision, has_unpublished_changes=False)
        _set_pointers(article, **pointers)
        return article.latest_revision
    _set_pointers(article, latest_revision=revision)
    return revision


def record(article, *, user=None, action=Action.IMPORTED, summary=""):
    """Keep a revision of rows a command or an import has just written (nothing if unchanged)."""
    with transaction.atomic():
        return sync(_lock(article), user=user, action=action, summary=summary)


# -- changes -----------------------------------------------------------------------------------------


@transaction.atomic
def create(document, *, user, action=Action.CREATED, summary="Created.", article=None):
    """A new draft article from ``document`` (its rows and its first revision).

    ``article``: an unsaved instance to fill (the admin's, so it learns its primary key).
    """
    doc = revisions.normalize(document)
    _check_byline(user, None, doc, user.pk if user is not None else doc["author"])
    article = article if article is not None else Article()
    article.status = Article.Status.DRAFT
    revisions.apply(article, doc, status=Article.Status.DRAFT)
    revision = _record(article, revisions.snapshot(article), user=user, action=action, summary=summary)
    _set_pointers(article, latest_revision=revision)
    return article


@transaction.atomic
def save_draft(article, *, document, user, base=None, action=Action.SAVED, summary=None, comment=""):
    """Save an editor's version of ``article``, started from revision ``base``.

    Drafts write their rows too; a published article keeps its live rows and gains a newer
    revision. When others saved after ``base``, the versions are merged; if both changed the
    same thing an ``EditConflict`` is raised and nothing is saved.
    """
    article = _lock(article)
    _require(can_edit(user, article), "You may not edit this article.")
    latest = sync(article, user=user)
    doc = revisions.normalize(document)
    _check_byline(user, article, doc, latest.snapshot.get("author"))
    merged_with = []
    if base is not None and base.pk != latest.pk:
        result = revisions.merge(base.snapshot, latest.snapshot, doc)
        later = list(
            ArticleRevision.objects.filter(article=article, pk__gt=base.pk)
            .select_related("editor")
            .defer("snapshot")
            .order_by("created_at", "id")
        )
        if result.conflicts:
            raise EditConflict(result, theirs=latest, base=base, changed_by=later)
        doc = result.document
        merged_with = later
    doc["status"] = article.status
    if revisions.same_content(doc, latest.snapshot) and action == Action.SAVED:
        return Saved(None, merged_with)
    if article.status != Article.Status.PUBLISHED:
        revisions.apply(article, doc)
        doc = revisions.snapshot(article)
    revision = _record(
        article,
        doc,
        user=user,
        action=action,
        summary=summary or revisions.summary(latest.snapshot, doc),
        base=base or latest,
        comment=comment,
    )
    live = article.live_revision
    _set_pointers(
        article,
        latest_revision=revision,
        has_unpublished_changes=article.status == Article.Status.PUBLISHED
        and not (live and revisions.same_content(doc, live.snapshot)),
    )
    return Saved(revision, merged_with)


@transaction.atomic
def publish(article, *, user, at=None, comment="", override_reason=""):
    """Make the newest version public: now, or at ``at`` (a future time schedules it).

    A draft's publication time is ``at``, else the time it already has, else now. A live article
    keeps its publication time; with a future ``at`` its update waits in ``scheduled_revision``
    while readers keep the live version. Needs the publish permission. When a person publishes,
    the editorial checks (``checks.py``) must pass, or ``override_reason`` says why not; the
    reason is kept in the history.
    """
    article = _lock(article)
    _require(can_publish(user), "Only editors can publish.")
    latest = sync(article, user=user)
    now = timezone.now()
    doc = dict(latest.snapshot)
    if user is not None:
        from . import checks

        failures = checks.failures(revisions.normalize(doc), article)
        if failures and not override_reason.strip():
            raise ChecksFailed(failures)
        if failures:
            names = "; ".join(f.message for f in failures)
            comment = "\n".join(
                filter(None, [comment, f"Published despite checks ({names}): {override_reason}"])
            )
    reviewed = article.review_state == Article.Review.IN_REVIEW
    if article.is_published() and at is not None and at > now:
        doc["status"] = Article.Status.PUBLISHED
        revision = _record(
            article,
            doc,
            user=user,
            action=Action.SCHEDULED,
            summary=f"Update scheduled for {format_time(at)}.",
            base=latest,
            comment=comment,
            go_live_at=at,
        )
        _set_pointers(article, latest_revision=revision, scheduled_revision=revision, review_state="")
        schedule_changed()
        return revision
    if article.is_published():
        published_at = article.published_at
    else:
        stored = parse_datetime(doc["published_at"]) if doc.get("published_at") else None
        published_at = at or stored or now
    revisions.apply(article, doc, status=Article.Status.PUBLISHED, published_at=published_at)
    doc = revisions.snapshot(article)
    scheduled = article.published_at > now
    revision = _record(
        article,
        doc,
        user=user,
        action=Action.SCHEDULED if scheduled else Action.PUBLISHED,
        summary=(
            f"{'Approved and s' if reviewed else 'S'}cheduled for {format_time(article.published_at)}."
            if scheduled
            else ("Approved and published." if reviewed else "Published.")
        ),
        base=latest,
        comment=comment,
        go_live_at=article.published_at if scheduled else None,
    )
    _set_pointers(
        article,
        latest_revision=revision,
        live_revision=revision,
        scheduled_revision=None,
        has_unpublished_changes=False,
        review_state="",
    )
    return revision


@transaction.atomic
def unpublish(article, *, user, comment=""):
    """Take an article off the site; it becomes a draft holding its newest version."""
    article = _lock(article)
    _require(can_publish(user), "Only editors can unpublish.")
    latest = sync(article, user=user)
    if article.status != Article.Status.PUBLISHED:
        return None
    revisions.apply(article, latest.snapshot, status=Article.Status.DRAFT)
    doc = revisions.snapshot(article)
    revision = _record(
        article,
        doc,
        user=user,
        action=Action.UNPUBLISHED,
        summary="Unpublished (back to draft).",
        base=latest,
        comment=comment,
    )
    _set_pointers(
        article,
        latest_revision=revision,
        live_revision=None,
        scheduled_revision=None,
        has_unpublished_changes=False,
    )
    return revision


@transaction.atomic
def submit_for_review(article, *, user, comment=""):
    """A writer asks an editor to publish the newest version (a single review step)."""
    article = _lock(article)
    _require(can_edit(user, article), "You may not edit this article.")
    latest = sync(article, user=user)
    if article.review_state == Article.Review.IN_REVIEW:
        return None
    revision = _record(
        article,
        latest.snapshot,
        user=user,
        action=Action.SUBMITTED,
        summary="Submitted for review.",
        base=latest,
        comment=comment,
    )
    _set_pointers(article, latest_revision=revision, review_state=Article.Review.IN_REVIEW)
    return revision


@transaction.atomic
def send_back(article, *, user, comment):
    """An editor returns the article to its writer with a comment the writer sees on the article."""
    if not comment.strip():
        raise ValueError("Say what needs changing: the writer sees this comment.")
    article = _lock(article)
    _require(can_publish(user), "Only editors can review.")
    latest = sync(article, user=user)
    revision = _record(
        article,
        latest.snapshot,
        user=user,
        action=Action.SENT_BACK,
        summary="Sent back to the writer.",
        base=latest,
        comment=comment.strip(),
    )
    _set_pointers(article, latest_revision=revision, review_state=Article.Review.CHANGES_REQUESTED)
    return revision


def review_comment(article):
    """The editor's latest comment when the article was sent back (None otherwise)."""
    if article.review_state != Article.Review.CHANGES_REQUESTED:
        return None
    return (
        ArticleRevision.objects.filter(article=article, action=Action.SENT_BACK)
        .select_related("editor")
        .defer("snapshot")
        .first()
    )


def restore(article, revision, *, user):
    """Make an earlier revision the newest draft (public only once someone publishes it)."""
    _require(can_edit(user, article), "You may not edit this article.")
    if revision.article_id != article.pk:
        raise CannotRestore("That version belongs to another article.")
    if not revision.complete:
        raise CannotRestore(
            "This copy was kept before versions held the whole article (images, film and tags are "
            "missing), so it cannot be restored; copy its text by hand."
        )
    document = revisions.normalize(revision.snapshot)
    if not revisions.Film.objects.filter(pk=document["film"]).exists():
        raise CannotRestore("The film of that version has been deleted; it cannot be restored.")
    with transaction.atomic():
        current = _lock(article)
        latest = sync(current, user=user)
        changes = revisions.summary(latest.snapshot, document)
        return save_draft(
            current,
            document=document,
            user=user,
            action=Action.RESTORED,
            summary=f"Restored the version of {format_time(revision.created_at)}. {changes}",
        )


def publish_due(now=None):
    """Apply every scheduled update of a live article whose time has come; return how many.

    Called when the clock passes a scheduled time (``filmsite.cache``) and by the
    ``publish_scheduled`` command; safe to call at any time and from several processes at once.
    """
    if getattr(_publishing, "active", False):
        return 0  # the saves below notice the schedule changed and ask again: already on it
    _publishing.active = True
    try:
        return _publish_due(now or timezone.now())
    finally:
        _publishing.active = False


_publishing = threading.local()


def _publish_due(now):
    due = Article.objects.filter(scheduled_revision__go_live_at__lte=now).values_list("pk", flat=True)
    done = 0
    for pk in list(due):
        with transaction.atomic():
            article = _lock(Article(pk=pk))
            scheduled = article.scheduled_revision
            if scheduled is None or scheduled.go_live_at > now:
                continue
            try:
                with transaction.atomic():
                    revisions.apply(article, scheduled.snapshot, status=Article.Status.PUBLISHED)
            except revisions.CannotApply as error:
                logger.warning("Scheduled update of article %s not published: %s", article.pk, error)
                _set_pointers(article, scheduled_revision=None)
                continue
            doc = revisions.snapshot(article)
            revision = _record(
                article,
                doc,
                user=scheduled.editor,
                action=Action.PUBLISHED,
                summary="Published as scheduled.",
                base=scheduled,
            )
            newer = article.latest_revision_id != scheduled.pk
            _set_pointers(
                article,
                live_revision=revision,
                scheduled_revision=None,
                latest_revision=article.latest_revision if newer else revision,
                has_unpublished_changes=newer
                and not revisions.same_content(article.latest_revision.snapshot, doc),
            )
            done += 1
    return done
