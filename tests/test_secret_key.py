"""SECRET_KEY fails closed: with DEBUG off filmsite will not run on the key in the repository.

The attack it stops: the development key is public, so anyone can sign a ``messages`` cookie
with it. Django keeps a message's "safe" flag in that cookie, and the admin prints safe messages
as raw HTML, so a forged cookie put script into an editor's admin page.
"""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import override_settings
from django.utils.safestring import mark_safe

from filmsite.settings import DEV_SECRET_KEY
from tests.production_servers import production_env, production_server, start_and_wait_for_exit

pytestmark = pytest.mark.django_db

PAYLOAD = '<img src="x" id="forged" onerror="alert(document.cookie)">'


def forged_messages_cookie():
    """A messages cookie signed with the key that ships in the repository, marked safe HTML."""
    with override_settings(SECRET_KEY=DEV_SECRET_KEY):
        return CookieStorage(HttpRequest())._encode([Message(constants.ERROR, mark_safe(PAYLOAD))])


def test_forged_cookie_reaches_the_admin_as_html_on_a_site_keyed_with_the_repository_key(client, settings):
    # The attack, reproduced: this is what a site that fell back to the public key served.
    settings.SECRET_KEY = DEV_SECRET_KEY
    client.cookies["messages"] = forged_messages_cookie()
    response = client.get("/admin/login/")
    assert PAYLOAD in response.content.decode()


def test_forged_cookie_is_ignored_by_a_site_with_its_own_key(client):
    client.cookies["messages"] = forged_messages_cookie()
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "forged" not in response.content.decode()


def test_production_start_without_secret_key_refuses_to_run(tmp_path):
    code, output, answered = start_and_wait_for_exit(production_env(tmp_path, SECRET_KEY=None), tmp_path)
    assert not answered
    assert code not in (None, 0), output
    assert "SECRET_KEY is not set" in output


def test_production_start_with_the_repository_key_refuses_to_run(tmp_path):
    env = production_env(tmp_path, SECRET_KEY=DEV_SECRET_KEY)
    code, output, answered = start_and_wait_for_exit(env, tmp_path)
    assert not answered and code not in (None, 0)
    assert "public development key" in output


def test_production_server_with_its_own_key_ignores_the_forged_cookie(tmp_path):
    with production_server(tmp_path) as server:
        cookie = f"messages={forged_messages_cookie()}"
        status, _, body = server.request("/admin/login/", headers={"Cookie": cookie})
    assert status == 200
    assert b"forged" not in body
    assert b"Log in" in body


def test_commands_that_sign_nothing_still_run_without_a_key(tmp_path):
    from tests.production_servers import manage

    env = production_env(tmp_path, SECRET_KEY=None)
    assert "No changes detected" in manage(env, "makemigrations", "--check", "--dry-run").stdout
