"""Validators for editor input: external ids and uploaded images."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

imdb_id_validator = RegexValidator(
    r"^tt\d{7,9}$", "An IMDb id looks like tt1798709 ('tt' and 7 to 9 digits)."
)
letterboxd_slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "A Letterboxd slug is the last part of the film's URL, e.g. 'her' or 'ex-machina'.",
)

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}

# Pillow's exceptions for files that are not images, are truncated or are corrupt.
_BROKEN_IMAGE_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
)


def validate_image_file(upload):
    """Accept only real, sanely sized, complete images; refuse decompression bombs.

    The byte size and the pixel count (read from the header alone) are checked before any pixel
    is decoded, so a bomb is refused before it costs memory. Only then is the image decoded
    once, which is what catches a truncated or corrupt file: ``verify()`` alone does not look at
    JPEG data at all. JPEGs are decoded at 1/8 scale (``draft``), which still reads every byte.

    A file already in storage (an unchanged image on a saved object) was checked when it was
    uploaded and is not opened again; re-reading it on every save would cost I/O and would turn
    a missing media file into a server error.
    """
    if upload is None or getattr(upload, "_committed", False):
        return
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
            "Upload a valid image (JPEG, PNG, GIF or WebP). This file is not an image or is corrupted.",
            code="invalid_image",
        ) from None
    finally:
        if position is not None:
            upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            "Images must be JPEG, PNG, GIF or WebP (this one is %(format)s).",
            params={"format": image_format},
            code="invalid_image_format",
        )
