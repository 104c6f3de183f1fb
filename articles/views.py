from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from filmsite import dependencies
from filmsite.cache import cached_fragment
from filmsite.models import Film
from filmsite.pagination import KeysetListMixin
from polls.models import Choice, Poll

from . import previews, search
from .models import Article, FAQItem, Section, TaggedArticle
from .preview import NO_STORE, render_preview
from .related import related_articles
from .seo import article_structured_data

PAGE_SIZE = 12


class PublishedArticleMixin:
    """Readers see published articles; a logged-in editor or writer also sees the drafts they may
    edit (a preview), and nobody else's."""

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user)


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
        dependencies.shows(article)  # loaded before the fragment started recording
        prefetch_related_objects(
            [article],
            "author",
            "film__directors",
            "tags",
            Prefetch("sections", queryset=Section.objects.order_by("position", "id")),
            # Polls placed after sections: only published ones (a draft poll leaves
            # section.poll as None), with their ordered choices, in two queries in all. An
            # editor's preview of a draft shows the published polls it places, as readers will.
            Prefetch("sections__poll", queryset=_placed_polls(article)),
            Prefetch("sections__poll__choices", queryset=Choice.objects.order_by("position", "id")),
            Prefetch("faq_items", queryset=FAQItem.objects.order_by("position", "id")),
            # Not shown, but they rank "You might also like": loading them records their keys
            # (filmsite/dependencies.py), so an article about one of them going live refreshes this.
            Prefetch("related_films", queryset=Film.objects.only("pk")),
        )
        # The ranking reads a few more candidates than it keeps: only the kept ones are shown.
        with dependencies.recording(enabled=False):
            related = related_articles(article)
        dependencies.shows(*related, *(candidate.film for candidate in related))
        faq_items = list(article.faq_items.all())
        context = {
            "article": article,
            "directors": list(article.film.directors.all()),
            "sections": list(article.sections.all()),
            "faq_items": faq_items,
            "tags": list(article.tags.all()),
            "related_articles": related,
            "structured_data": article_structured_data(article, self.request, faq_items),
        }
        return render_to_string("articles/_article_body.html", context, request=self.request)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.object.is_published():
            # Staff preview of a draft: never store it anywhere.
            response["Cache-Control"] = "private, no-cache, no-store, must-revalidate"
            response["X-Robots-Tag"] = "noindex"
        return response


def _placed_polls(article):
    if article.is_published():
        return Poll.objects.published()
    return Poll.objects.filter(status=Poll.Status.PUBLISHED)


class ArticleListView(KeysetListMixin, ListView):
    """Newest first, a page at a time from a cursor (filmsite/pagination.py)."""

    template_name = "articles/article_list.html"
    page_size = PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().for_listing()


def search_view(request):
    """Search published explainers (articles/search.py); 429 when over the rate limit, 503 when
    the search ran out of time, 404 for a page that is not there."""
    query = search.clean_query(request.GET.get("q", ""))
    context = {"query": query, "pagination_query": urlencode({"q": query})}
    if not query:
        return render(request, "articles/search.html", context)
    number = _page_number(request.GET.get("page", "1"), search.max_pages(PAGE_SIZE))
    retry_after = search.throttle(request)
    if retry_after is not None:
        return _search_refused(request, context, "rate_limited", 429, retry_after)
    try:
        results = search.search(query, page=number, per_page=PAGE_SIZE)
    except search.SearchTimeout:
        return _search_refused(request, context, "timed_out", 503, SEARCH_RETRY_SECONDS)
    if number > 1 and not results.articles:
        raise Http404("No such page of results.")
    paginator = Paginator(range(results.total), PAGE_SIZE)  # a count, not a list of results
    page = Page(results.articles, number, paginator)
    context.update(
        results=results,
        article_list=results.articles,
        page_obj=page,
        paginator=paginator,
        is_paginated=page.has_other_pages(),
    )
    return render(request, "articles/search.html", context)


SEARCH_RETRY_SECONDS = 10


def _page_number(raw, last):
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6) or not 1 <= int(raw) <= last:
        raise Http404("No such page of results.")
    return int(raw)


def _search_refused(request, context, error, status, retry_after):
    response = render(request, "articles/search.html", {**context, "error": error}, status=status)
    response["Retry-After"] = str(retry_after)
    patch_cache_control(response, private=True, no_store=True)  # a refusal is for this reader only
    return response


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


def preview_link(request, token):
    """A shared preview link: the version it names, as readers would see it, while it is valid."""
    link = previews.find(token)
    now = timezone.now()
    if link is None:
        return _preview_gone(request, 404, "This preview link is not valid. Check that it was copied whole.")
    if link.revoked_at is not None:
        return _preview_gone(request, 410, "This preview link was withdrawn. Ask the newsroom for a new one.")
    if link.expires_at <= now:
        return _preview_gone(request, 410, "This preview link has expired. Ask the newsroom for a new one.")
    from .workflow import format_time

    label = (
        f"Preview: this version is not published and may change. Shared by the newsroom; the link "
        f"works until {format_time(link.expires_at)}."
    )
    return render_preview(request, link.article, link.revision, label=label)


def _preview_gone(request, status, message):
    response = render(request, "articles/preview_gone.html", {"message": message}, status=status)
    response["Cache-Control"] = NO_STORE
    response["X-Robots-Tag"] = "noindex"
    return response
