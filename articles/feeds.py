from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from .models import Article


class LatestArticlesFeed(Feed):
    title = "filmsite: latest explainers"
    link = reverse_lazy("articles:article_list")
    description = "New 'ending explained' articles from filmsite."

    def items(self):
        return Article.objects.published().for_listing()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.published_at
