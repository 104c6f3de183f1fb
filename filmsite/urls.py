from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from articles.sitemaps import ArticleSitemap, FilmSitemap

from . import views
from .cache import cache_public_page
from .dependencies import ARTICLES, FILMS, SITEMAP
from .media import serve_media
from .siteurl import canonical

sitemaps = {"articles": ArticleSitemap, "films": FilmSitemap}

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
    path(
        "sitemap.xml",
        # Every published article and film: the sitemap names its lists instead of each row.
        cache_public_page(canonical(sitemap), keys=[ARTICLES, FILMS, SITEMAP], record=False),
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
]

if not settings.MEDIA_URL.startswith(("http://", "https://", "//")):
    # Local media: Django answers these URLs only with SERVE_MEDIA on (filmsite/media.py).
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns += [re_path(rf"^{media_prefix}/(?P<path>.*)$", serve_media, name="media")]
