"""Which uploaded files nothing refers to any more, and their removal (``manage.py prune_media``).

Replaced images and the images of deleted articles stay public at their old URLs until they are
deleted. A file is kept when any of these refers to it:

* any file or image field of any model (films' posters, articles' hero images and cards,
  sections' images, and whatever field is added later);
* any article revision's snapshot: ``snapshot["hero_image"]`` and
  ``snapshot["sections"][i]["image"]`` (a revision can be restored, so its files must survive;
  snapshots without those keys are fine).

Only the folders the file fields upload to are looked at, and a file younger than ``min_age``
(an hour by default) is never deleted: an upload is written to storage before the row naming it
is committed, so a file that is being uploaded right now looks unreferenced for a moment.
Files are listed before references are read, for the same reason. Everything goes through the
storage API, so it works for any storage backend.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.db import models
from django.utils import timezone

DEFAULT_MIN_AGE = timedelta(hours=1)


def _file_fields():
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field


def upload_folders():
    """(storage, folder) pairs the file fields upload to (fields with a callable upload_to are skipped)."""
    folders = set()
    for _, model_field in _file_fields():
        if isinstance(model_field.upload_to, str) and "%" not in model_field.upload_to:
            folders.add((model_field.storage, model_field.upload_to.strip("/")))
    return folders


def _walk(storage, folder):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}" if folder else directory)


def _snapshot_names(snapshot):
    if not isinstance(snapshot, dict):
        return
    yield snapshot.get("hero_image")
    sections = snapshot.get("sections")
    for section in sections if isinstance(sections, list) else []:
        if isinstance(section, dict):
            yield section.get("image")


def referenced_names():
    names = set()
    for model, model_field in _file_fields():
        rows = model._default_manager.exclude(**{model_field.attname: ""}).exclude(
            **{f"{model_field.attname}__isnull": True}
        )
        names.update(rows.values_list(model_field.attname, flat=True).iterator())
    revisions = apps.get_model("articles", "ArticleRevision")
    for snapshot in revisions.objects.values_list("snapshot", flat=True).iterator():
        names.update(name for name in _snapshot_names(snapshot) if isinstance(name, str) and name)
    return names


@dataclass
class PruneReport:
    deleted: list = field(default_factory=list)  # (name, bytes)
    kept_recent: list = field(default_factory=list)

    @property
    def deleted_bytes(self):
        return sum(size for _, size in self.deleted)


def prune(*, dry_run=False, min_age=DEFAULT_MIN_AGE, now=None):
    """Delete (or with ``dry_run`` only list) unreferenced uploads older than ``min_age``."""
    now = now or timezone.now()
    listed = {(storage, name) for storage, folder in upload_folders() for name in _walk(storage, folder)}
    referenced = referenced_names()
    report = PruneReport()
    for storage, name in sorted(listed, key=lambda item: item[1]):
        if name in referenced:
            continue
        try:
            modified = storage.get_modified_time(name)
            size = storage.size(name)
        except FileNotFoundError:  # deleted meanwhile
            continue
        if now - modified < min_age:
            report.kept_recent.append(name)
            continue
        if not dry_run:
            storage.delete(name)
        report.deleted.append((name, size))
    return report
