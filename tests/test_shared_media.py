"""Media through Django's STORAGES: local files by default, an S3-compatible bucket when configured.

The bucket tests run moto's S3-compatible server on a free port (``moto[server]``, test extra).
"""

import urllib.request

import pytest
from django.core.files.storage import storages

from tests.admin_helpers import change_url, form_data
from tests.factories import make_film, png_upload
from tests.servers import s3_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(settings, tmp_path):
    with s3_server(tmp_path) as server:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": server.bucket,
                    "endpoint_url": server.endpoint,
                    "access_key": "test",
                    "secret_key": "test",
                    "region_name": "us-east-1",
                    "addressing_style": "path",
                    "querystring_auth": False,
                    "file_overwrite": False,
                    "default_acl": "public-read",
                },
            },
        }
        yield server


def test_local_files_by_default():
    assert type(storages["default"]).__name__ == "FileSystemStorage"


def test_an_upload_through_the_admin_lands_in_the_bucket_and_is_served_from_it(editor_client, client, bucket):
    film = make_film("Her")
    data = form_data(editor_client.get(change_url(film)))
    upload = png_upload("her-poster.png", size=(60, 90))
    data.update({"poster": upload, "poster_alt": "Theodore at the window"})
    assert editor_client.post(change_url(film), data).status_code == 302

    [key] = [key for key in bucket.object_keys() if key.startswith("posters/")]
    client.logout()
    html = client.get(film.get_absolute_url()).content.decode()
    url = f"{bucket.endpoint}/{bucket.bucket}/{key}"
    assert f'src="{url}"' in html
    with urllib.request.urlopen(url) as response:
        upload.seek(0)
        assert response.read() == upload.read()
    film.refresh_from_db()
    assert (film.poster_width, film.poster_height) == (60, 90)
