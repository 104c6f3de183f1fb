import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count, Prefetch
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import Article, published_q
from polls.models import Poll

from . import failsafe
from .models import CastCredit, CrewCredit, Film
from .siteurl import absolute_url

logger = logging.getLogger(__name__)
PAGE_SIZE = 24


class HomeView(TemplateView):
    template_name = "filmsite/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_articles"] = Article.objects.published().for_listing()[:9]
        context["films"] = (
            Film.objects.annotate(published_articles=Count("articles", filter=published_q("articles__")))
            .filter(published_articles__gt=0)
            .order_by("-year", "title")[:12]
        )
        return context


class FilmListView(ListView):
    template_name = "filmsite/film_list.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return (
            Film.objects.for_listing()
            .annotate(published_articles=Count("articles", filter=published_q("articles__")))
            .order_by("title", "year")
        )


class FilmDetailView(DetailView):
    template_name = "filmsite/film_detail.html"

    def get_queryset(self):
        return Film.objects.prefetch_related(
            "genres",
            "directors",
            Prefetch("cast", queryset=CastCredit.objects.select_related("person")),
            Prefetch("crew", queryset=CrewCredit.objects.select_related("person")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = Article.objects.published().for_listing().filter(film=self.object)
        context["compared_in"] = Article.objects.published().for_listing().filter(related_films=self.object)
        context["polls"] = Poll.objects.published().with_choices().filter(film=self.object)
        return context


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
