from django.urls import path, re_path

from filmsite.cache import cache_public_page
from filmsite.dependencies import ARTICLES
from filmsite.siteurl import canonical

from . import views
from .feeds import LatestArticlesFeed

# Public pages are served from the page cache (filmsite/cache.py) before the view is even built.
app_name = "articles"

urlpatterns = [
    path(
        "articles/",
        cache_public_page(views.ArticleListView.as_view(), paginated=True, keys=[ARTICLES]),
        name="article_list",
    ),
    path(
        "articles/<slug:slug>/", cache_public_page(views.ArticleDetailView.as_view()), name="article_detail"
    ),
    path("search/", views.search_view, name="search"),
    # Shared previews are never cached: each request checks the link is still valid.
    path("preview/<str:token>/", views.preview_link, name="preview_link"),
    path("feed/", cache_public_page(canonical(LatestArticlesFeed()), keys=[ARTICLES]), name="feed"),
    # Tag slugs may be Unicode (taggit keeps "amélie", "日本"), so not the ASCII <slug:> converter.
    re_path(
        r"^tags/(?P<slug>[-\w]+)/$",
        cache_public_page(views.TagDetailView.as_view(), paginated=True),
        name="tag_detail",
    ),
]
