"""Validators for editor input: external ids and uploaded images."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError, features

imdb_id_validator = RegexValidator(
    r"^tt\d{7,9}$", "An IMDb id looks like tt1798709 ('tt' and 7 to 9 digits)."
)
letterboxd_slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "A Letterboxd slug is the last part of the film's URL, e.g. 'her' or 'ex-machina'.",
)


def _accepted_formats():
    """Pillow format name -> (display name, file extensions); AVIF when this Pillow can read it."""
    formats = {
        "JPEG": ("JPEG", (".jpg", ".jpeg")),
        "PNG": ("PNG", (".png",)),
        "WEBP": ("WebP", (".webp",)),
    }
    if features.check("avif"):
        formats["AVIF"] = ("AVIF", (".avif",))
    return formats


ACCEPTED_FORMATS = _accepted_formats()
ALLOWED_IMAGE_FORMATS = set(ACCEPTED_FORMATS)
ALLOWED_EXTENSIONS = [ext for _, extensions in ACCEPTED_FORMATS.values() for ext in extensions]
_FORMAT_NAMES = [name for name, _ in ACCEPTED_FORMATS.values()]
FORMAT_LIST = ", ".join(_FORMAT_NAMES[:-1]) + " or " + _FORMAT_NAMES[-1]  # "JPEG, PNG, WebP or AVIF"
EXTENSION_LIST = ", ".join(ALLOWED_EXTENSIONS[:-1]) + " or " + ALLOWED_EXTENSIONS[-1]

# Pillow's exceptions for files that are not images, are truncated or are corrupt.
_BROKEN_IMAGE_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
)


def _extension(name):
    return PurePosixPath(name or "").suffix.lower()


def validate_image_file(upload):
    """Accept only real, sanely sized, complete JPEG, PNG, WebP (or AVIF) images named as what they are.

    The name is checked first (a PNG uploaded as ``flyer.pdf`` would be served as a PDF), then the
    byte size and the pixel count (read from the header alone) before any pixel is decoded, so a
    bomb is refused before it costs memory. Only then is the image decoded once, which is what
    catches a truncated or corrupt file: ``verify()`` alone does not look at JPEG data at all.
    JPEGs are decoded at 1/8 scale (``draft``), which still reads every byte. Last, the format
    found in the file must be one we accept and match the name's extension.

    A file already in storage (an unchanged image on a saved object) was checked when it was
    uploaded and is not opened again; re-reading it on every save would cost I/O and would turn
    a missing media file into a server error.
    """
    if upload is None or getattr(upload, "_committed", False):
        return
    extension = _extension(getattr(upload, "name", ""))
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            "Image files must be named %(extensions)s (not “%(name)s”).",
            params={"extensions": EXTENSION_LIST, "name": PurePosixPath(upload.name or "").name},
            code="invalid_image_extension",
        )
    size = getattr(upload, "size", None)
    if size and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            "This image is %(size)s; the limit is %(limit)s.",
            params={"size": filesizeformat(size), "limit": filesizeformat(settings.IMAGE_MAX_BYTES)},
            code="image_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            width, height = image.size
            image_format = image.format
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(
                    "This image is %(w)d × %(h)d pixels; at most %(max)s pixels are allowed.",
                    params={"w": width, "h": height, "max": f"{settings.IMAGE_MAX_PIXELS:,}"},
                    code="image_too_many_pixels",
                )
            image.verify()
        if image_format in ALLOWED_IMAGE_FORMATS:
            # verify() leaves the image unusable, so open it again to decode the pixels.
            upload.seek(0)
            with Image.open(upload) as image:
                if image_format == "JPEG":
                    image.draft("RGB", (max(width // 8, 1), max(height // 8, 1)))
                image.load()
    except ValidationError:
        raise
    except _BROKEN_IMAGE_ERRORS:
        raise ValidationError(
            "This file is not a %(formats)s image, or it is damaged. Export the picture again "
            "as one of those and upload it.",
            params={"formats": FORMAT_LIST},
            code="invalid_image",
        ) from None
    finally:
        if position is not None:
            upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            "Images must be %(formats)s (this one is %(format)s).",
            params={"formats": FORMAT_LIST, "format": image_format},
            code="invalid_image_format",
        )
    display, extensions = ACCEPTED_FORMATS[image_format]
    if extension not in extensions:
        raise ValidationError(
            "This file is a %(format)s image but its name ends in %(extension)s: rename it to "
            "%(expected)s and upload it again.",
            params={"format": display, "extension": extension, "expected": extensions[0]},
            code="image_extension_mismatch",
        )
