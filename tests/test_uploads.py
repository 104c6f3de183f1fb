"""Uploaded images: only the accepted formats under their own extensions, and originals stored
without their metadata (EXIF with GPS, XMP, text chunks), turned upright first."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from filmsite.models import Film
from tests.admin_helpers import shown_errors
from tests.factories import make_article, make_film
from tests.test_admin_films import ADD_URL, new_film_data

pytestmark = pytest.mark.django_db


def two_colour(size=(60, 40)):
    """Red on the left half, blue on the right."""
    image = Image.new("RGB", size, (255, 0, 0))
    image.paste((0, 0, 255), (size[0] // 2, 0, size[0], size[1]))
    return image


def phone_exif(orientation=6):
    """What a phone writes: the camera, where the photo was taken, and how to turn it."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Model] = "Snap 12"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (51.0, 30.0, 26.0),
            ExifTags.GPS.GPSLongitudeRef: "W",
            ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
        }
    )
    return exif


def encoded(image, fmt, name, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def stored(field_file):
    field_file.open("rb")
    try:
        return field_file.read()
    finally:
        field_file.close()


def test_png_uploaded_as_pdf_is_refused_in_the_admin(editor_client):
    upload = encoded(two_colour(), "PNG", "flyer.pdf")
    errors = shown_errors(editor_client.post(ADD_URL, new_film_data(poster=upload, poster_alt="A flyer")))
    assert any(
        error.startswith("poster: Image files must be named .jpg, .jpeg, .png, .webp") for error in errors
    )
    assert any(error.endswith("(not “flyer.pdf”).") for error in errors), errors
    assert not Film.objects.exists()


def test_image_named_as_another_format_is_refused_in_the_admin(editor_client):
    upload = encoded(two_colour(), "PNG", "poster.jpg")
    errors = shown_errors(editor_client.post(ADD_URL, new_film_data(poster=upload, poster_alt="A poster")))
    assert (
        "poster: This file is a PNG image but its name ends in .jpg: rename it to .png and upload it again."
    ) in errors
    assert not Film.objects.exists()


def test_phone_photo_is_stored_without_exif_or_gps_and_upright(editor_client, settings):
    upload = encoded(two_colour(), "JPEG", "roof.jpg", exif=phone_exif(orientation=6), quality=95)
    assert b"PhoneCo" in upload.read() and upload.seek(0) == 0

    response = editor_client.post(ADD_URL, new_film_data(poster=upload, poster_alt="Theodore on the roof"))
    assert response.status_code == 302, shown_errors(response)

    film = Film.objects.get()
    data = stored(film.poster)
    assert b"PhoneCo" not in data and b"Exif" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        # Orientation 6 means "turn 90° clockwise to show": the left (red) half is now on top.
        assert image.size == (40, 60)
        top, bottom = image.getpixel((20, 10)), image.getpixel((20, 50))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60
    assert (film.poster_width, film.poster_height) == (40, 60)

    # And that is what readers download.
    settings.SERVE_MEDIA = True
    served = b"".join(editor_client.get(film.poster.url).streaming_content)
    assert served == data


def test_png_text_and_exif_chunks_are_removed_losslessly():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "shot at 12 Acacia Avenue")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS here</x:xmpmeta>")
    original = two_colour()
    upload = encoded(original, "PNG", "still.png", pnginfo=info, exif=phone_exif(orientation=1))

    film = make_film(poster=upload, poster_alt="A still")

    data = stored(film.poster)
    assert b"Acacia" not in data and b"xmpmeta" not in data and b"PhoneCo" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.tobytes() == original.tobytes()  # not one pixel changed


def test_lossless_webp_stays_lossless():
    original = two_colour()
    upload = encoded(original, "WEBP", "still.webp", lossless=True, exif=phone_exif(orientation=1))
    film = make_film(poster=upload, poster_alt="A still")
    data = stored(film.poster)
    assert b"PhoneCo" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.convert("RGB").tobytes() == original.tobytes()


def test_image_without_metadata_is_stored_as_uploaded():
    upload = encoded(two_colour(), "JPEG", "clean.jpg", quality=80)
    original = upload.read()
    upload.seek(0)
    film = make_film(poster=upload, poster_alt="Clean")
    assert stored(film.poster) == original


def test_article_images_are_cleaned_on_any_save_and_the_card_is_upright():
    article = make_article(
        hero_image=encoded(two_colour((1200, 800)), "JPEG", "hero.jpg", exif=phone_exif(orientation=6)),
        hero_image_alt="Hero",
    )
    assert b"PhoneCo" not in stored(article.hero_image)
    assert (article.hero_image_width, article.hero_image_height) == (800, 1200)
    with Image.open(io.BytesIO(stored(article.hero_card))) as card:
        assert card.height > card.width
