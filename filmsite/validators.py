"""Validators for editor input: external ids and uploaded images."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from PIL import Image, UnidentifiedImageError

imdb_id_validator = RegexValidator(
    r"^tt\d{7,9}$", "An IMDb id looks like tt1798709 ('tt' and 7 to 9 digits)."
)
letterboxd_slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "A Letterboxd slug is the last part of the film's URL, e.g. 'her' or 'ex-machina'.",
)

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def validate_image_file(upload):
    """Accept only real, sanely sized images; refuse decompression bombs.

    Pillow reads only the header for ``size``; ``verify()`` then checks the file structure
    without decoding the pixels, so a bomb is caught before it costs memory.
    """
    if upload is None:
        return
    if getattr(upload, "size", 0) and upload.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            "This image is %(size)d MB; the limit is %(limit)d MB.",
            params={
                "size": upload.size // (1024 * 1024),
                "limit": settings.IMAGE_MAX_BYTES // (1024 * 1024),
            },
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
                    "This image is %(w)d x %(h)d pixels; at most %(max)d million pixels are allowed.",
                    params={"w": width, "h": height, "max": settings.IMAGE_MAX_PIXELS // 1_000_000},
                    code="image_too_many_pixels",
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
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
