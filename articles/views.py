from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from filmsite.cache import cached_fragment
from filmsite.pagination import KeysetListMixin
from polls.models import Choice, Poll

from .models import Article, FAQItem, Section, TaggedArticle
from .related import related_articles
from .seo import article_structured_data

PAGE_SIZE = 12


class PublishedArticleMixin:
    """Public views see published articles; editors who may change articles also see drafts."""

    def get_queryset(self):
        user = self.request.user
        if user.is_authenticated and user.has_perm("articles.change_article"):
            return Article.objects.all()
        return Article.objects.published()


class ArticleDetailView(PublishedArticleMixin, DetailView):
    template_name = "articles/article_detail.html"
    page_fields = [
        "title",
        "slug",
        "standfirst",
        "hero_image",
        "hero_image_width",
        "hero_image_height",
        "status",
        "published_at",
        "updated_at",
        "film_id",
        "author_id",
        "intro_html",
        "hero_image_alt",
    ]

    def get_queryset(self):
        # One light query per request decides visibility (published, or an editor's preview) and
        # fetches what the page around the content needs; the content loads in render_body().
        return super().get_queryset().only(*self.page_fields)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["article_body"] = cached_fragment(
            self.request,
            "article-body",
            self.object.pk,
            self.object.updated_at.isoformat(),
            render=self.render_body,
        )
        return context

    def render_body(self):
        """The article's content: sections, polls, FAQ, tags and related articles.

        A fixed number of queries whatever the size of the article (see test_query_counts).
        """
        article = self.object
        prefetch_related_objects(
            [article],
            "author",
            "film__directors",
            "tags",
            Prefetch("sections", queryset=Section.objects.order_by("position", "id")),
            # Polls placed after sections: only published ones (a draft poll leaves
            # section.poll as None), with their ordered choices, in two queries in all.
            Prefetch("sections__poll", queryset=Poll.objects.published()),
            Prefetch("sections__poll__choices", queryset=Choice.objects.order_by("position", "id")),
            Prefetch("faq_items", queryset=FAQItem.objects.order_by("position", "id")),
        )
        context = {
            "article": article,
            "related_articles": related_articles(article),
            "structured_data": article_structured_data(article, self.request),
        }
        return render_to_string("articles/_article_body.html", context, request=self.request)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.object.is_published():
            # Staff preview of a draft: never store it anywhere.
            response["Cache-Control"] = "private, no-cache, no-store, must-revalidate"
            response["X-Robots-Tag"] = "noindex"
        return response


class ArticleListView(KeysetListMixin, ListView):
    """Newest first, a page at a time from a cursor (filmsite/pagination.py)."""

    template_name = "articles/article_list.html"
    page_size = PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().for_listing()


class SearchView(ListView):
    """Search published explainers by title, standfirst, intro, section text and film title."""

    template_name = "articles/search.html"
    paginate_by = PAGE_SIZE
    max_query_length = 100

    def get_queryset(self):
        # Control characters (a NUL byte would make PostgreSQL refuse the query) are dropped.
        raw = self.request.GET.get("q", "")
        self.query = "".join(ch for ch in raw if ch.isprintable()).strip()[: self.max_query_length]
        if not self.query:
            return Article.objects.none()
        words = self.query.split()[:8]
        condition = Q()
        for word in words:
            condition &= (
                Q(title__icontains=word)
                | Q(standfirst__icontains=word)
                | Q(intro__icontains=word)
                | Q(film__title__icontains=word)
                | Q(sections__heading__icontains=word)
                | Q(sections__body__icontains=word)
                | Q(tags__name__iexact=word)
            )
        matching = Article.objects.published().filter(condition).values("pk")
        return Article.objects.published().filter(pk__in=matching).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query, pagination_query=urlencode({"q": self.query}), **kwargs
        )


class TagDetailView(KeysetListMixin, ListView):
    template_name = "articles/tag_detail.html"
    page_size = PAGE_SIZE
    allow_empty = False  # a tag used only by drafts must not exist publicly

    popular_tag_uses = 1000

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        tagged = TaggedArticle.objects.filter(tag=self.tag)
        if tagged.values("pk")[: self.popular_tag_uses + 1].count() > self.popular_tag_uses:
            # On a third of all articles: walk the publication order and check each for the tag
            # (a page is found within a few dozen rows), instead of sorting all of its articles.
            condition = Exists(tagged.filter(content_object=OuterRef("pk")))
        else:
            condition = Q(pk__in=tagged.values("content_object"))
        return Article.objects.published().filter(condition).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
