from django.contrib.sitemaps import Sitemap

from filmsite.models import Film

from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class FilmSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Film.objects.only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
