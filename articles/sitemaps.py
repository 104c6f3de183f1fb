"""Sitemaps by the protocol (sitemaps.org): an index at /sitemap.xml, then pages of at most
10,000 URLs per content type, and a Google News sitemap of the last 48 hours' articles.

Pages are ranges of ids (page 1: ids below 10,000, page 2: the next 10,000...), so an article
stays on the same page for good and a change touches one page only. Each page is kept in the
cache under a fingerprint of its rows (how many, their newest ``lastmod``, the sum of their ids):
one index-only query decides whether the stored XML is still right. An edit moves the
newest ``lastmod``; publishing, unpublishing, a scheduled article going live or a deletion
moves the count and the id sum. Nothing here depends on the site-wide page-cache generation.

The index lists each section's pages from its lowest to its highest id in a few index lookups,
so it costs the same at 100 or 100,000 articles; it gives no per-page ``lastmod`` (optional in the
protocol), because a correct one would need every page's aggregate on every request.

Only ``published()`` articles are ever listed. Films are all public. Tag pages are left out:
each is a list of articles that are themselves listed, and 5,000 of them with a correct
``lastmod`` would need a grouped join over every tag of every article.

The XML is written with string formatting rather than a template: a 10,000-URL page takes
about 10 ms this way against several hundred through the template engine.
"""

import hashlib
from datetime import UTC, timedelta
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, Count, F, Func, Max, Min, Sum, Value
from django.db.models.functions import Greatest
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from filmsite import failsafe
from filmsite.cache import shared_cache_control
from filmsite.models import Film

from .models import Article

PAGE_SIZE = 10_000
NEWS_HOURS = 48
NEWS_LIMIT = 1_000  # Google News reads at most 1,000 URLs per news sitemap

XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def _w3c(moment):
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class W3CDateTime(Func):
    """A UTC timestamp as W3C text (2026-11-30T09:43:21+00:00), formatted by the database.

    Turning 10,000 timestamps into Python datetimes and back into text costs more than the
    rest of a sitemap page; the database does it for nearly nothing.
    """

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        # Django stores SQLite datetimes as UTC text; the format goes as a parameter.
        formatted = Func(
            Value("%Y-%m-%dT%H:%M:%S+00:00"),
            *self.get_source_expressions(),
            function="strftime",
            output_field=CharField(),
        )
        return formatted.as_sql(compiler, connection)


def _url_maker(viewname, request):
    """A fast ``slug -> absolute URL`` for one URL pattern: reverse() once, not per row."""
    marker = "slug-placeholder"
    path = reverse(viewname, kwargs={"slug": marker})
    head, tail = request.build_absolute_uri(path).split(marker)
    return lambda slug: f"{head}{slug}{tail}"


class Section:
    """One content type in the sitemap: which rows are listed, their URL and lastmod."""

    name = ""
    viewname = ""

    def rows(self):
        raise NotImplementedError

    def lastmod(self):
        return F("updated_at")

    def pages(self):
        """Page numbers from the lowest to the highest page holding a listed row.

        The table's lowest and highest ids (its primary key, unfiltered) give the range; the end
        pages are then checked for a listed row, and skipped while empty. A filtered MIN/MAX, or
        "the first listed id in order", made SQLite read every row.
        """
        bounds = self.rows().model._default_manager.aggregate(first=Min("pk"), last=Max("pk"))
        if bounds["last"] is None:
            return range(0)
        first, last = bounds["first"] // PAGE_SIZE + 1, bounds["last"] // PAGE_SIZE + 1
        while first <= last and not self.page_rows(first).exists():
            first += 1
        while last > first and not self.page_rows(last).exists():
            last -= 1
        return range(first, last + 1)

    def page_rows(self, page):
        low = (page - 1) * PAGE_SIZE
        return self.rows().filter(pk__gte=low, pk__lt=low + PAGE_SIZE)

    def fingerprint(self, rows):
        """What changes whenever the page's XML would: count, newest lastmod, sum of ids."""
        return rows.aggregate(n=Count("pk"), last=Max(self.lastmod()), ids=Sum("pk"))

    def entries(self, rows, request):
        url = _url_maker(self.viewname, request)
        listed = rows.annotate(modified=W3CDateTime(self.lastmod())).order_by("pk")
        return [
            f"<url><loc>{escape(url(slug))}</loc><lastmod>{modified}</lastmod></url>"
            for slug, modified in listed.values_list("slug", "modified")
        ]

    def xml(self, rows, request):
        entries = "\n".join(self.entries(rows, request))
        return f'{XML_HEAD}<urlset xmlns="{SITEMAP_NS}">\n{entries}\n</urlset>\n'


class ArticleSection(Section):
    name = "articles"
    viewname = "articles:article_detail"

    def rows(self):
        return Article.objects.published().order_by()

    def lastmod(self):
        # A scheduled article may have been saved before it went live: it changed when it appeared.
        return Greatest("updated_at", "published_at")


class FilmSection(Section):
    """Every film page. Its lastmod is the film's own last change: new explainers reach
    crawlers through the article pages (and the news sitemap), which link to the film."""

    name = "films"
    viewname = "filmsite:film_detail"

    def rows(self):
        return Film.objects.order_by()


class NewsSection(ArticleSection):
    """Google News: articles published in the last 48 hours, newest first, at most 1,000."""

    name = "news"

    def rows(self):
        since = timezone.now() - timedelta(hours=NEWS_HOURS)
        return super().rows().filter(published_at__gte=since)

    def page_rows(self, page):
        newest = self.rows().order_by("-published_at", "-pk").values("pk")[:NEWS_LIMIT]
        return self.rows().filter(pk__in=newest)

    def entries(self, rows, request):
        url = _url_maker(self.viewname, request)
        name = escape(settings.SITE_NAME)
        language = settings.LANGUAGE_CODE.split("-")[0]
        listed = rows.order_by("-published_at", "-pk").values_list("slug", "title", "published_at")
        return [
            f"<url><loc>{escape(url(slug))}</loc><news:news><news:publication>"
            f"<news:name>{name}</news:name><news:language>{language}</news:language>"
            f"</news:publication><news:publication_date>{_w3c(published)}</news:publication_date>"
            f"<news:title>{escape(title)}</news:title></news:news></url>"
            for slug, title, published in listed
        ]

    def xml(self, rows, request):
        return (
            f'{XML_HEAD}<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">\n'
            + "\n".join(self.entries(rows, request))
            + "\n</urlset>\n"
        )


SECTIONS = {section.name: section for section in (ArticleSection(), FilmSection())}
NEWS = NewsSection()


def _respond(section, page, rows, request):
    """The page's XML from the cache when its fingerprint still matches, else built and stored."""
    facts = section.fingerprint(rows)
    if not facts["n"]:
        raise Http404("No such sitemap page.")
    seconds = settings.SITEMAP_CACHE_SECONDS
    origin = f"{request.scheme}://{request.get_host()}"
    raw = f"{origin}|{section.name}|{page}|{facts['n']}|{facts['last'].isoformat()}|{facts['ids']}"
    key = "sitemap:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()
    # A cache that is down or full costs a rebuild, never the sitemap (filmsite/failsafe.py).
    xml = failsafe.attempt(cache.get, key, doing="reading a sitemap page") if seconds > 0 else None
    state = "hit"
    if xml is None:
        xml = section.xml(rows, request)
        state = "miss"
        if seconds > 0:
            failsafe.attempt(cache.set, key, xml, seconds, doing="storing a sitemap page")
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    response["Cache-Control"] = shared_cache_control()
    response["Last-Modified"] = http_date(facts["last"].timestamp())
    response["X-Sitemap-Cache"] = state if seconds > 0 else "off"
    return response


@require_safe
def sitemap_index(request):
    """/sitemap.xml: every page of every section, and the news sitemap when it has articles."""
    locations = [
        request.build_absolute_uri(reverse("sitemap_page", kwargs={"section": name, "page": page}))
        for name, section in SECTIONS.items()
        for page in section.pages()
    ]
    if NEWS.rows().exists():
        locations.append(request.build_absolute_uri(reverse("sitemap_news")))
    body = "\n".join(f"<sitemap><loc>{escape(location)}</loc></sitemap>" for location in locations)
    xml = f'{XML_HEAD}<sitemapindex xmlns="{SITEMAP_NS}">\n{body}\n</sitemapindex>\n'
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    response["Cache-Control"] = shared_cache_control()
    return response


@require_safe
def sitemap_page(request, section, page):
    """One page of a section: 404 when the page holds no listed rows (or is out of range)."""
    section = SECTIONS.get(section)
    page = int(page)
    if section is None or page < 1:
        raise Http404("No such sitemap.")
    return _respond(section, page, section.page_rows(page), request)


@require_safe
def news_sitemap(request):
    return _respond(NEWS, 1, NEWS.page_rows(1), request)
