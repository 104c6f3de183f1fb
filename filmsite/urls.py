from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from articles import sitemaps

from . import views
from .cache import cache_public_page
from .dependencies import ARTICLES, FILMS, SITEMAP
from .media import serve_media
from .siteurl import canonical


def _sitemap(view):
    return cache_public_page(canonical(view), keys=[ARTICLES, FILMS, SITEMAP], record=False)


admin.site.site_header = "filmsite editors"
admin.site.site_title = "filmsite admin"
admin.site.index_title = "Films, explainers and polls"

film_patterns = (
    [
        path("", cache_public_page(views.HomeView.as_view(), keys=[ARTICLES, FILMS]), name="home"),
        path(
            "films/",
            cache_public_page(views.FilmListView.as_view(), paginated=True, keys=[FILMS]),
            name="film_list",
        ),
        path("films/<slug:slug>/", cache_public_page(views.FilmDetailView.as_view()), name="film_detail"),
        path(
            "films/<slug:slug>/explainers/",
            cache_public_page(views.FilmArticleListView.as_view(), paginated=True),
            name="film_articles",
        ),
        path(
            "films/<slug:slug>/compared/",
            cache_public_page(views.FilmArticleListView.as_view(compared=True), paginated=True),
            name="film_compared",
        ),
        path("robots.txt", views.robots_txt, name="robots_txt"),
        path("health/", views.health, name="health"),
    ],
    "filmsite",
)

# Reader-facing URLs first, article pages (the most visited) and votes ahead: URL resolution
# tries patterns in order. The patterns do not overlap, so the order changes nothing else.
urlpatterns = [
    path("", include("articles.urls")),
    path("", include("polls.urls")),
    path("", include(film_patterns)),
    path("admin/", admin.site.urls),
    # Sitemaps: served from the page cache like any public page (their keys name the lists, not
    # each row), and on a miss rebuilt only when what a page lists changed (articles/sitemaps.py);
    # their absolute URLs come from SITE_URL, never the request's Host (canonical).
    path("sitemap.xml", _sitemap(sitemaps.sitemap_index), name="sitemap"),
    re_path(
        r"^sitemap-(?P<section>[a-z]+)-(?P<page>[1-9][0-9]{0,5})\.xml$",
        _sitemap(sitemaps.sitemap_page),
        name="sitemap_page",
    ),
    path("sitemap-news.xml", _sitemap(sitemaps.news_sitemap), name="sitemap_news"),
]

if not settings.MEDIA_URL.startswith(("http://", "https://", "//")):
    # Local media: Django answers these URLs only with SERVE_MEDIA on (filmsite/media.py).
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns += [re_path(rf"^{media_prefix}/(?P<path>.*)$", serve_media, name="media")]
