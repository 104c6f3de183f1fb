from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.html import escape, strip_tags

from .models import Article


class LatestArticlesFeed(Feed):
    """RSS 2.0 of the latest published explainers.

    Feed readers render an item's <description> as HTML, and many render the <title> as HTML
    too, so editor text goes out as text in both: the standfirst HTML-escaped (a reader shows
    "<script>" as those characters, it never runs it), the title without anything tag-like, as
    WordPress does for its feeds. Both are then XML-escaped by the feed generator as usual.
    """

    title = "filmsite: latest explainers"
    link = reverse_lazy("articles:article_list")
    description = "New 'ending explained' articles from filmsite."

    def items(self):
        return Article.objects.published().for_listing()[:20]

    def item_title(self, item):
        return strip_tags(item.title)

    def item_description(self, item):
        return escape(item.standfirst)

    def item_pubdate(self, item):
        return item.published_at
