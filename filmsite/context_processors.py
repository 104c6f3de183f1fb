from functools import cache

from django.urls import reverse


@cache
def _site_urls():
    return {
        "home": reverse("filmsite:home"),
        "films": reverse("filmsite:film_list"),
        "articles": reverse("articles:article_list"),
        "search": reverse("articles:search"),
        "feed": reverse("articles:feed"),
    }


def site_urls(request):
    """The site's navigation URLs, reversed once per process (every page prints them)."""
    return {"site_urls": _site_urls()}
