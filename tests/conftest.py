import pytest


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Uploads go to a temporary folder and every test starts with an empty cache."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        username="ed", email="ed@example.com", password="pw-for-tests-only"
    )


@pytest.fixture
def reader():
    """An anonymous reader's browser, beside an editor's logged-in ``client``."""
    from django.test import Client

    return Client()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
