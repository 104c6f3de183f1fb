"""The image validator behind every ImageField: real images pass, anything else is refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from filmsite.validators import ALLOWED_IMAGE_FORMATS, FORMAT_LIST, validate_image_file
from tests.factories import make_film, png_upload

ACCEPTED = ["PNG", "JPEG", "WEBP"] + (["AVIF"] if "AVIF" in ALLOWED_IMAGE_FORMATS else [])
EXTENSION = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "AVIF": "avif", "GIF": "gif", "BMP": "bmp"}
NOT_AN_IMAGE = (
    f"This file is not a {FORMAT_LIST} image, or it is damaged. Export the picture again as one of "
    "those and upload it."
)


def image_bytes(fmt, size=(120, 80)):
    buffer = io.BytesIO()
    Image.effect_noise(size, 40).convert("RGB").save(buffer, fmt)
    return buffer.getvalue()


def upload(data, name="image.png"):
    return SimpleUploadedFile(name, data)


def refusal(file):
    with pytest.raises(ValidationError) as caught:
        validate_image_file(file)
    return caught.value


@pytest.mark.parametrize("fmt", ACCEPTED)
def test_real_images_pass(fmt):
    validate_image_file(upload(image_bytes(fmt), f"image.{EXTENSION[fmt]}"))


def test_jpeg_may_be_named_jpeg_and_extensions_ignore_case():
    validate_image_file(upload(image_bytes("JPEG"), "still.JPEG"))
    validate_image_file(upload(image_bytes("PNG"), "still.PNG"))


def test_png_named_pdf_is_refused_by_its_name():
    error = refusal(upload(image_bytes("PNG"), "flyer.pdf"))
    assert error.code == "invalid_image_extension"
    extensions = ".jpg, .jpeg, .png, .webp or .avif" if "AVIF" in ACCEPTED else ".jpg, .jpeg, .png or .webp"
    assert error.messages == [f"Image files must be named {extensions} (not “flyer.pdf”)."]


def test_image_named_as_another_format_is_refused():
    error = refusal(upload(image_bytes("PNG"), "photo.jpg"))
    assert error.code == "image_extension_mismatch"
    assert error.messages == [
        "This file is a PNG image but its name ends in .jpg: rename it to .png and upload it again."
    ]


def test_validator_leaves_the_file_position_where_it_was():
    file = png_upload()
    file.seek(5)
    validate_image_file(file)
    assert file.tell() == 5


@pytest.mark.parametrize("fmt", ACCEPTED)
def test_truncated_image_is_refused(fmt):
    data = image_bytes(fmt)
    error = refusal(upload(data[: len(data) // 2], f"image.{EXTENSION[fmt]}"))
    assert error.code == "invalid_image"
    assert error.messages == [NOT_AN_IMAGE]


def test_corrupt_png_data_is_refused():
    data = bytearray(image_bytes("PNG"))
    data[len(data) // 2] ^= 0xFF  # one flipped byte inside the pixel data breaks a CRC
    assert refusal(upload(bytes(data))).code == "invalid_image"


def test_text_file_named_png_is_refused():
    error = refusal(upload(b"just some text, not a picture\n", "x.png"))
    assert error.code == "invalid_image"
    assert error.messages == [NOT_AN_IMAGE]


@pytest.mark.parametrize("name", ["x.svg", "x.png"])
def test_svg_is_refused(name):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
    assert refusal(upload(svg, name)).code in {"invalid_image_extension", "invalid_image"}


@pytest.mark.parametrize("fmt", ["BMP", "GIF"])
def test_other_image_formats_are_refused_by_name_and_by_content(fmt):
    assert refusal(upload(image_bytes(fmt), f"x.{EXTENSION[fmt]}")).code == "invalid_image_extension"
    error = refusal(upload(image_bytes(fmt), "x.png"))
    assert error.code == "invalid_image_format"
    assert error.messages == [f"Images must be {FORMAT_LIST} (this one is {fmt})."]


def test_too_big_file_is_refused_with_both_sizes(settings):
    settings.IMAGE_MAX_BYTES = 1024
    file = upload(image_bytes("PNG", size=(200, 200)))
    assert file.size > 1024
    error = refusal(file)
    assert error.code == "image_too_large"
    assert "the limit is 1.0\xa0KB" in error.messages[0]


def test_too_many_pixels_is_refused_before_decoding(settings):
    settings.IMAGE_MAX_PIXELS = 10_000
    error = refusal(png_upload(size=(200, 200)))
    assert error.code == "image_too_many_pixels"
    assert error.messages == ["This image is 200 × 200 pixels; at most 10,000 pixels are allowed."]


def test_image_at_the_pixel_limit_passes(settings):
    settings.IMAGE_MAX_PIXELS = 10_000
    validate_image_file(png_upload(size=(100, 100)))


@pytest.mark.django_db
def test_stored_image_is_not_reopened_on_later_saves(settings):
    film = make_film(poster=png_upload(), poster_alt="A poster")
    film.refresh_from_db()
    film.poster.storage.delete(film.poster.name)  # media lost, or a limit lowered since upload
    settings.IMAGE_MAX_BYTES = 1
    film.full_clean()  # no FileNotFoundError, no new complaint about an accepted image
