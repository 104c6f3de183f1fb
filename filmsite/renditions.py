"""Smaller copies of uploaded images, made once when the object is saved.

Listings show an article's hero image at card size; sending the 1200-pixel original to every
card would make a phone download a megabyte for the home page. The rendition is a JPEG drawn
with Pillow from the stored original.
"""

import hashlib
import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

CARD_WIDTH = 640


def card_rendition(original, width=CARD_WIDTH):
    """A ``(name, ContentFile)`` JPEG copy of ``original`` (a stored FieldFile) ``width`` wide.

    Returns ``None`` when the stored file cannot be read (missing or damaged), so a save never
    fails because of an old upload.
    """
    try:
        original.open("rb")
        with Image.open(original) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            if image.width > width:
                image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    except (OSError, ValueError):
        return None
    finally:
        original.close()
    stem = PurePosixPath(original.name).stem
    return f"{stem}-{width}.jpg", ContentFile(buffer.getvalue())


def stored_card(original, field, width=CARD_WIDTH):
    """The storage name of ``original``'s card-size copy, drawn and stored only when missing.

    The name carries a digest of the original's bytes: saving an article again, or loading the
    demo into a fresh database over the same media folder, finds the card already there instead
    of storing one more copy each time, and a different image never gets a stale card. ``field``
    is the card's ImageField (its storage and folder). None when the original cannot be read.
    """
    digest = hashlib.sha256()
    try:
        original.open("rb")
        for chunk in original.chunks():
            digest.update(chunk)
    except OSError:
        return None
    finally:
        original.close()
    stem = PurePosixPath(original.name).stem
    name = field.generate_filename(None, f"{stem}-{width}-{digest.hexdigest()[:12]}.jpg")
    if field.storage.exists(name):
        return name
    rendition = card_rendition(original, width)
    if rendition is None:
        return None
    return field.storage.save(name, rendition[1])
