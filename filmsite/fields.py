"""The project's model fields: Django's ImageField with filmsite's own upload rules, and taggit's
tags with a length check.

* The form field checks uploads with ``validate_image_file`` alone, so editors see the project's
  messages (accepted formats and extensions, size and pixel limits) instead of Django's generic
  "Upload a valid image", which would otherwise answer first for anything Pillow cannot open.
* A new upload is stored without its metadata (``filmsite/uploads.py``); the width and height
  fields are then read from the stored file, so a photo turned upright has its turned size.

The database column is the same as Django's ImageField, so migrations name Django's class and
switching a field to this one needs no migration.
"""

import taggit.forms
import taggit.managers
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from .uploads import without_metadata
from .validators import validate_image_file


class ImageUploadField(forms.ImageField):
    default_validators = []  # the extension check is part of validate_image_file, with its message

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            validate_image_file(upload)
        return upload


class ImageField(models.ImageField):
    """Declare with ``validators=[validate_image_file]``, so model validation checks it too."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            cleaned = without_metadata(file)
            if cleaned is not None:
                file.file = cleaned
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs


class TagListField(taggit.forms.TagField):
    """taggit's comma-separated tag field, refusing tags longer than the tag table holds.

    Without this, PostgreSQL refused the row with a server error (the edit was lost) and SQLite
    stored the long name.
    """

    def __init__(self, *args, max_tag_length=100, **kwargs):
        self.max_tag_length = max_tag_length
        super().__init__(*args, **kwargs)

    def clean(self, value):
        tags = super().clean(value)
        for tag in tags:
            if len(tag) > self.max_tag_length:
                raise ValidationError(
                    "A tag can be at most %(limit)d characters; “%(start)s…” has %(length)d.",
                    params={"limit": self.max_tag_length, "start": tag[:30], "length": len(tag)},
                    code="tag_too_long",
                )
        return tags


class TaggableManager(taggit.managers.TaggableManager):
    """taggit's manager whose form field checks each tag's length against the tag model.

    Only the form changes, so migrations keep naming taggit's class (no migration).
    """

    def formfield(self, form_class=TagListField, **kwargs):
        max_length = self.remote_field.model._meta.get_field("name").max_length
        return super().formfield(form_class=form_class, max_tag_length=max_length, **kwargs)

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "taggit.managers.TaggableManager", args, kwargs
