"""Deployment checks (``manage.py check --deploy``) and the start-up guard of the servers."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from .settings import DEFAULT_SITE_URL, DEV_SECRET_KEY


@register(Tags.caches, deploy=True)
def shared_cache_for_page_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    caching = settings.PAGE_CACHE_SECONDS > 0 or settings.FRAGMENT_CACHE_SECONDS > 0
    if caching and backend.endswith("LocMemCache"):
        return [
            Warning(
                "Pages are cached in each process's own memory.",
                hint="The processes of one machine see every edit (CACHE_VERSIONS_FILE), but other "
                "machines do not: with more than one app server, set CACHE_URL=redis://... so "
                "they share one cache.",
                id="filmsite.W001",
            )
        ]
    return []


@register(Tags.staticfiles, deploy=True)
def static_files_collected(app_configs, **kwargs):
    if not settings.STATIC_COLLECTED:
        return [
            Warning(
                "Static files are not collected: they are served from the source folders, "
                "uncompressed and cached for a day only.",
                hint="Run `manage.py collectstatic` before starting the servers (make serve does).",
                id="filmsite.W003",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def site_url_configured(app_configs, **kwargs):
    if settings.SITE_URL == DEFAULT_SITE_URL:
        return [
            Warning(
                "SITE_URL is the development address.",
                hint="Set SITE_URL to the public address (e.g. https://films.example): canonical "
                "links, og:image, JSON-LD, the feed and the sitemap are built from it.",
                id="filmsite.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def real_secret_key(app_configs, **kwargs):
    if settings.SECRET_KEY == DEV_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the development key that ships with the code.",
                hint="Set SECRET_KEY in the environment (it also keys the poll voter hashes).",
                id="filmsite.E001",
            )
        ]
    return []


def require_secret_key():
    """Refuse to serve without a real SECRET_KEY unless DEBUG is on (called by wsgi.py and asgi.py).

    Fail closed: a site that started with the key in the repository would accept forged sessions
    and messages cookies. The check runs at import of the server's application, so gunicorn and
    runserver stop at once with this message instead of answering 500 (or worse) per request.
    """
    if settings.DEBUG:
        return
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's own refusal of an empty key, which names no remedy
        key = ""
    if not key or key == DEV_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set (or is the public development key): with DEBUG off filmsite refuses "
            "to start. Set SECRET_KEY in the environment, e.g. "
            "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))'); "
            "see the README's Deploy section."
        )
