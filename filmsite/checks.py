"""Deployment checks (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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
