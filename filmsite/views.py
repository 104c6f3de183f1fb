import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count, Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import Article
from polls.models import Poll

from . import failsafe
from .models import CastCredit, CrewCredit, Film
from .pagination import KeysetListMixin
from .siteurl import absolute_url

logger = logging.getLogger(__name__)
PAGE_SIZE = 24


class HomeView(TemplateView):
    template_name = "filmsite/home.html"
    latest_count = 9
    film_count = 12

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_articles"] = Article.objects.published().for_listing()[: self.latest_count]
        context["films"] = self.recently_explained_films()
        return context

    def recently_explained_films(self):
        """The films of the newest explainers, most recent first: a short walk down the
        publication index, never a count over every film."""
        recent = Article.objects.published().values_list("film_id", flat=True)[: self.film_count * 5]
        film_ids = list(dict.fromkeys(recent))[: self.film_count]
        films = Film.objects.only("title", "slug", "year").in_bulk(film_ids)
        return [films[pk] for pk in film_ids if pk in films]


class FilmListView(KeysetListMixin, ListView):
    """Every film, by title, a page at a time from a cursor (filmsite/pagination.py)."""

    template_name = "filmsite/film_list.html"
    page_size = PAGE_SIZE
    keyset_ordering = ("title", "year", "pk")

    def get_queryset(self):
        return Film.objects.for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        films = context["page"].items
        # Explainer counts for the films on this page only: one small grouped query.
        counts = dict(
            Article.objects.published()
            .filter(film__in=[film.pk for film in films])
            .order_by()
            .values_list("film")
            .annotate(n=Count("pk"))
        )
        for film in films:
            film.published_articles = counts.get(film.pk, 0)
        return context


class FilmDetailView(DetailView):
    """A film with its credits, polls and its newest explainers (the rest on their own pages)."""

    template_name = "filmsite/film_detail.html"
    articles_shown = 12

    def get_queryset(self):
        return Film.objects.prefetch_related(
            "genres",
            "directors",
            Prefetch("cast", queryset=CastCredit.objects.select_related("person")),
            Prefetch("crew", queryset=CrewCredit.objects.select_related("person")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = self.articles_shown
        articles = list(film_articles(self.object)[: shown + 1])
        compared_in = list(film_compared_in(self.object)[: shown + 1])
        context["articles"], context["more_articles"] = articles[:shown], len(articles) > shown
        context["compared_in"], context["more_compared_in"] = compared_in[:shown], len(compared_in) > shown
        context["polls"] = Poll.objects.published().with_choices().filter(film=self.object)
        return context


def film_articles(film):
    return Article.objects.published().for_listing().filter(film=film)


def film_compared_in(film):
    return Article.objects.published().for_listing().filter(related_films=film)


class FilmArticleListView(KeysetListMixin, ListView):
    """All of a film's explainers, or all articles comparing it (``compared=True``), paginated."""

    template_name = "filmsite/film_articles.html"
    page_size = 12
    compared = False

    def get_queryset(self):
        self.film = get_object_or_404(Film.objects.only("title", "slug", "year"), slug=self.kwargs["slug"])
        articles = film_compared_in(self.film) if self.compared else film_articles(self.film)
        return articles

    def get_context_data(self, **kwargs):
        return super().get_context_data(film=self.film, compared=self.compared, **kwargs)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap_url = absolute_url(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /polls/*/results.json",
        "Disallow: /polls/*/vote/",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@require_GET
@never_cache
def health(request):
    """Whether this server can serve readers: 200 while the database answers, 503 when it does not.

    The cache is reported beside it but never fails the check: without it pages are only slower
    (filmsite/failsafe.py). Load balancers and Varnish probes take servers out on the status.
    """
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    body = {"status": "ok" if all(checks.values()) else "degraded" if checks["database"] else "down"}
    body.update({name: "ok" if up else "unavailable" for name, up in checks.items()})
    return JsonResponse(body, status=200 if checks["database"] else 503)


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("Health check: the database does not answer (%s: %s)", type(error).__name__, error)
        return False


def _cache_answers():
    probe = secrets.token_hex(8)
    try:
        cache.set("health:probe", probe, 30)
        answered = cache.get("health:probe") == probe
    except failsafe.CACHE_ERRORS as error:
        logger.warning("Health check: the cache does not answer (%s: %s)", type(error).__name__, error)
        return False
    if answered:
        failsafe.reset()  # it answers again: stop rendering around it before the retry delay ends
    return answered
