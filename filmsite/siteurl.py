"""The site's one public address (``SITE_URL``): every absolute URL a page prints is built from it.

Canonical links, og:image, JSON-LD, the feed, the sitemap and robots.txt name this address, never
the request's Host header, and the page cache keys pages by it. So ``127.0.0.1:8081``,
``LOCALHOST.`` or ``localhost:08000`` (all let through by ALLOWED_HOSTS, which compares host names
only) get the same bytes from the same cache entry, and no visitor can put a port or scheme of
their choosing into a page that others are served. Unknown host names still get a 400 from
Django (ALLOWED_HOSTS, which always includes SITE_URL's host).
"""

from functools import cache
from urllib.parse import urljoin, urlsplit

from django.conf import settings


@cache
def _parts(site_url):
    parts = urlsplit(site_url)
    return f"{parts.scheme}://{parts.netloc}", parts.scheme, parts.netloc


def site_url():
    """``SITE_URL`` without a trailing slash, e.g. ``https://films.example``."""
    return _parts(settings.SITE_URL)[0]


def absolute_url(location):
    """``location`` (a path such as ``/articles/her/``, or an already absolute URL) on SITE_URL."""
    return urljoin(site_url() + "/", location)


class CanonicalRequest:
    """``request`` as if it had come for SITE_URL: for Django's own views that build absolute URLs
    from the request (the syndication feed, the sitemap). Everything else is the real request."""

    def __init__(self, request):
        object.__setattr__(self, "_request", request)

    def __getattr__(self, name):
        return getattr(self._request, name)

    def __setattr__(self, name, value):
        setattr(self._request, name, value)

    @property
    def scheme(self):
        return _parts(settings.SITE_URL)[1]

    def is_secure(self):
        return self.scheme == "https"

    def get_host(self):
        return _parts(settings.SITE_URL)[2]

    def build_absolute_uri(self, location=None):
        return absolute_url(self._request.get_full_path() if location is None else location)


def canonical(view):
    """Run ``view`` with a ``CanonicalRequest`` (see above)."""

    def wrapper(request, *args, **kwargs):
        return view(CanonicalRequest(request), *args, **kwargs)

    return wrapper
