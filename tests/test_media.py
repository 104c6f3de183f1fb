"""Uploaded files served by Django (SERVE_MEDIA=1, as `make run` sets it): the right type,
`nosniff`, no script, and a clean 404 for paths that try to leave the media folder."""

import logging

import pytest


@pytest.fixture
def media(settings, tmp_path):
    settings.SERVE_MEDIA = True
    root = settings.MEDIA_ROOT
    (root / "posters").mkdir(parents=True)
    (root / "posters" / "her.png").write_bytes(b"\x89PNG\r\n\x1a\n fake but typed by name")
    (root / "posters" / "flyer.pdf").write_bytes(b"\x89PNG\r\n\x1a\n a PNG named .pdf by an old upload")
    (tmp_path / "secret.txt").write_text("outside the media folder")
    return root


def test_media_is_not_served_when_serve_media_is_off(client, media, settings):
    settings.SERVE_MEDIA = False
    assert client.get("/media/posters/her.png").status_code == 404


def test_images_are_served_with_their_type_nosniff_and_no_script(client, media):
    response = client.get("/media/posters/her.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_other_files_are_downloads_not_documents(client, media):
    response = client.get("/media/posters/flyer.pdf")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"


@pytest.mark.parametrize(
    "path", ["/media/../secret.txt", "/media/posters/../../secret.txt", "/media/./x.png"]
)
def test_paths_leaving_the_media_folder_are_a_clean_404(client, media, caplog, path):
    with caplog.at_level(logging.INFO):
        response = client.get(path)
    assert response.status_code == 404
    assert b"outside the media folder" not in response.content
    assert not [record for record in caplog.records if record.exc_info], "no traceback is logged"
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
