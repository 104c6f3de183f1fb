import pytest


@pytest.fixture(scope="session", autouse=True)
def _private_cache_versions(tmp_path_factory):
    """This test run's own key-versions file (filmsite/versions.py): another run of the suite at the
    same time (SQLite and PostgreSQL side by side) must not outdate this one's cached pages."""
    from django.conf import settings
    from django.test.signals import setting_changed

    path = str(tmp_path_factory.mktemp("cache-versions") / "versions")
    settings.CACHE_VERSIONS_FILE = path
    setting_changed.send(sender=None, setting="CACHE_VERSIONS_FILE", value=path, enter=True)


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Uploads go to a temporary folder and every test starts with an empty cache (and works out
    its own next scheduled change: an earlier test's schedule is not this one's)."""
    from django.core.cache import cache

    from filmsite import versions

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    versions.forget_schedule()
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
