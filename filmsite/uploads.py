"""Uploaded originals are stored without their metadata (EXIF with GPS, XMP, IPTC, comments).

Phones write where a photo was taken into its EXIF; an original served as uploaded tells every
reader. Before an upload is stored, an image that carries any metadata is written again without
it. The EXIF orientation is applied to the pixels first, so the picture still shows the right
way up once the tag that said how to turn it is gone. The colour profile is kept.

Images without metadata are stored byte for byte as uploaded. JPEGs are written again with
their own quantization tables and subsampling (``quality="keep"``), so the one re-encode loses
as little as possible; PNG and lossless WebP stay lossless.
"""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

# What Pillow reports about an image that is not metadata about the photo or its author.
_HARMLESS_INFO = {
    "dpi", "icc_profile", "jfif", "jfif_version", "jfif_unit", "jfif_density", "adobe",
    "adobe_transform", "progressive", "progression", "transparency", "gamma", "srgb",
    "chromaticity", "interlace", "aspect", "loop", "duration", "background", "timestamp",
    "blend", "disposal",
}  # fmt: skip


def has_metadata(image):
    return bool(image.getexif()) or any(key not in _HARMLESS_INFO for key in image.info)


def _webp_is_lossless(data):
    return b"VP8L" in data[12:4096] and b"VP8 " not in data[12:4096]


def without_metadata(upload):
    """A ``ContentFile`` of ``upload`` without metadata, or None when it has none to remove."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        cleaned = _rewrite(data)
    except (OSError, SyntaxError, ValueError, EOFError):  # not an image: refusing it is the validator's job
        return None
    # Named: Django reads the stored image's width and height through this file, and a nameless
    # file counts as "no image".
    return None if cleaned is None else ContentFile(cleaned, name=upload.name)


def _rewrite(data):
    """The image's bytes written again without metadata, or None when it has none."""
    with Image.open(io.BytesIO(data)) as image:
        if not has_metadata(image):
            return None
        image_format = image.format
        options = {"icc_profile": image.info.get("icc_profile")}
        if image_format == "JPEG":
            options.update(quality="keep", subsampling="keep", progressive="progressive" in image.info)
        elif image_format == "PNG":
            options.update({key: image.info[key] for key in ("transparency", "dpi") if key in image.info})
        elif image_format == "WEBP" and _webp_is_lossless(data):
            options.update(lossless=True, exact=True)
        else:  # lossy WebP, AVIF
            options.update(quality=90)
        # In place, so the image stays a JPEG with its quantization tables for quality="keep".
        ImageOps.exif_transpose(image, in_place=True)
        buffer = io.BytesIO()
        options = {key: value for key, value in options.items() if value is not None}
        image.save(buffer, image_format, **options)
    return buffer.getvalue()
