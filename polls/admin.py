import csv
from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Max, OuterRef
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from filmsite.admin_filters import AutocompleteListFilter
from filmsite.admin_paginator import EstimatedCountPaginator

from .forms import ChoiceInlineFormSet
from .models import Choice, Poll, Vote
from .voting import poll_results, tallied_results, tally_total

VOTES_BY_DAY = 60


class VotingStateFilter(admin.SimpleListFilter):
    title = "voting"
    parameter_name = "voting"

    def lookups(self, request, model_admin):
        return [
            ("open", "Open now"),
            ("scheduled", "Not open yet"),
            ("closed", "Closed"),
            ("draft", "Draft"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "open":
                return queryset.open(now)
            case "scheduled":
                return queryset.scheduled(now)
            case "closed":
                return queryset.closed(now)
            case "draft":
                return queryset.filter(status=Poll.Status.DRAFT)
        return queryset


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceInlineFormSet
    fields = ["position", "label", "reference_percent", "vote_count"]
    readonly_fields = ["vote_count"]
    ordering = ["position", "id"]

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj else 5

    def get_queryset(self, request):
        # The running tally beside each choice; the results panel below recounts the rows (audit).
        return super().get_queryset(request).annotate(n_votes=Coalesce("tally__votes", 0))

    @admin.display(description="votes")
    def vote_count(self, obj):
        return getattr(obj, "n_votes", 0) if obj.pk else "–"


def _csv_cell(value):
    """Keep spreadsheet apps from running an editor's label as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_HEADER = [
    "poll",
    "question",
    "choice",
    "votes",
    "percent",
    "total",
    "reference_percent",
    "reference_source",
]


def _write_rows(writer, results):
    poll = results.poll
    for row in results.choices:
        writer.writerow(
            [
                _csv_cell(poll.slug),
                _csv_cell(poll.question),
                _csv_cell(row.label),
                row.votes,
                row.percent,
                results.total,
                "" if row.reference_percent is None else row.reference_percent,
                _csv_cell(poll.reference_source),
            ]
        )


def _csv_response(polls, filename, *, recount):
    """Results as CSV: recounted from the vote rows for one poll (the audit, beside its results
    panel), or from the tally for many at once (every poll's choices in one query)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    if recount:
        results = [poll_results(poll, force_visible=True, recount=True) for poll in polls]
    else:
        results = tallied_results(polls)
    for poll_result in results:
        _write_rows(writer, poll_result)
    return response


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["question", "film", "status", "is_open", "opens_at", "closes_at", "vote_total"]
    list_filter = ["status", VotingStateFilter, "results_visibility"]
    list_select_related = ["film"]
    search_fields = ["question", "title", "slug", "film__title"]
    prepopulated_fields = {"slug": ["question"]}
    autocomplete_fields = ["film"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [ChoiceInline]
    readonly_fields = ["results_panel", "votes_by_day", "created_at", "updated_at"]
    actions = ["export_results_csv"]
    fieldsets = [
        ("Question", {"fields": ["question", "title", "slug", "film", "status", "standalone"]}),
        ("Voting", {"fields": ["opens_at", "closes_at", "results_visibility"]}),
        (
            "Reference survey",
            {
                "fields": ["reference_source", "reference_url", "reference_sample_size"],
                "description": "An outside survey shown beside our readers' votes. Give each "
                "choice its percentage in the choices below (they must add up to about 100).",
            },
        ),
        ("Results", {"fields": ["results_panel", "votes_by_day"]}),
        ("Record", {"fields": [("created_at", "updated_at")]}),
    ]

    def get_queryset(self, request):
        # From the trigger-kept tally: counting a million vote rows took 1.5 s per list page.
        return super().get_queryset(request).annotate(vote_total=tally_total(OuterRef("pk")))

    # -- publishing is a permission of its own (polls.publish_poll), checked on the server --------

    def has_publish_permission(self, request):
        return request.user.has_perm("polls.publish_poll")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["status", "standalone"]
        return fields

    def save_model(self, request, obj, form, change):
        before = Poll.objects.filter(pk=obj.pk).values("status", "standalone").first() if change else None
        was_public = bool(before) and before["status"] == Poll.Status.PUBLISHED
        makes_public = obj.status == Poll.Status.PUBLISHED and not was_public
        goes_standalone = obj.standalone and not (before and before["standalone"])
        if (makes_public or goes_standalone) and not self.has_publish_permission(request):
            raise PermissionDenied("Only editors can publish polls.")
        super().save_model(request, obj, form, change)
        if obj.status == Poll.Status.PUBLISHED:
            self._say_where_it_shows(request, obj)

    def _say_where_it_shows(self, request, poll):
        from articles.models import Article

        if poll.standalone:
            self.message_user(
                request,
                "Published on its own: it shows on its own page and on its film's page even without a "
                "live article. Its choices may give the ending away: on the film page it sits behind a "
                "spoiler notice.",
                messages.WARNING,
            )
            return
        live = Article.objects.published().filter(sections__poll=poll).exists()
        if not live:
            self.message_user(
                request,
                "Published, but no live article places it: readers will see it once an article that "
                "places it is live (or tick “published on its own”).",
                messages.WARNING,
            )

    @admin.display(description="votes", ordering="vote_total")
    def vote_total(self, obj):
        return obj.vote_total

    def get_urls(self):
        return [
            path(
                "<path:object_id>/results.csv",
                self.admin_site.admin_view(self.results_csv_view),
                name="polls_poll_results_csv",
            ),
            *super().get_urls(),
        ]

    def results_csv_view(self, request, object_id):
        poll = self.get_object(request, object_id)
        if poll is None:
            raise Http404("No such poll.")
        if not self.has_view_permission(request, poll):
            raise PermissionDenied
        return _csv_response([poll], f"poll-{poll.slug}-results.csv", recount=True)

    @admin.action(description="Export results of the selected polls as CSV")
    def export_results_csv(self, request, queryset):
        return _csv_response(queryset.order_by("slug"), "poll-results.csv", recount=False)

    @admin.display(description="results")
    def results_panel(self, obj):
        if obj is None or not obj.pk:
            return "Results appear here once the poll is saved."
        results = poll_results(obj, force_visible=True, recount=True)
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td><td>{}%</td>'
            '<td style="min-width:12rem"><div style="background:#eee;height:.7rem;border-radius:4px">'
            '<div style="background:#b3372f;height:100%;width:{}%;border-radius:4px"></div></div></td>'
            "<td>{}</td></tr>",
            (
                (
                    row.label,
                    row.votes,
                    row.percent,
                    row.percent,
                    "" if row.reference_percent is None else f"{row.reference_percent:g}%",
                )
                for row in results.choices
            ),
        )
        csv_url = reverse("admin:polls_poll_results_csv", args=[obj.pk])
        return format_html(
            '<table class="poll-results"><thead><tr><th>Choice</th><th>Votes</th><th>Share</th>'
            "<th></th><th>Reference</th></tr></thead><tbody>{}</tbody>"
            '<tfoot><tr><th scope="row">Total</th><td>{}</td><td colspan="3"></td></tr></tfoot></table>'
            '<p><a href="{}">Download these results as CSV</a></p>',
            rows,
            results.total,
            csv_url,
        )

    @admin.display(description="votes per day")
    def votes_by_day(self, obj):
        """The VOTES_BY_DAY days up to the poll's latest vote: a range of the (poll, created_at)
        index, never all of a poll's votes (a popular poll has hundreds of thousands)."""
        if obj is None or not obj.pk:
            return "–"
        last = Vote.objects.filter(poll=obj).aggregate(last=Max("created_at"))["last"]
        if last is None:
            return "No votes yet."
        first_day = timezone.localtime(last).replace(hour=0, minute=0, second=0, microsecond=0)
        since = first_day - timedelta(days=VOTES_BY_DAY - 1)
        days = list(
            Vote.objects.filter(poll=obj, created_at__gte=since)
            .annotate(day=TruncDate("created_at"))
            .values("day")
            .annotate(n=Count("id"))
            .order_by("-day")
        )
        peak = max(day["n"] for day in days)
        rows = format_html_join(
            "",
            '<tr><th scope="row"><time datetime="{}">{}</time></th><td>{}</td><td style="min-width:12rem">'
            '<div style="background:#1d1b22;height:.5rem;width:{}%;border-radius:3px"></div></td></tr>',
            (
                (
                    day["day"].isoformat(),
                    day["day"].strftime("%d %b %Y"),
                    day["n"],
                    round(day["n"] * 100 / peak),
                )
                for day in reversed(days)
            ),
        )
        return format_html(
            '<table class="poll-votes-by-day"><caption>The {} days up to the latest vote</caption>'
            "<thead><tr><th>Day ({})</th><th>Votes</th><th></th></tr>"
            "</thead><tbody>{}</tbody></table>",
            VOTES_BY_DAY,
            timezone.get_current_timezone_name(),  # the zone TruncDate counted days in
            rows,
        )


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    """The audit trail: read-only; only superusers may remove votes (e.g. proven ballot stuffing).

    Built for a million rows: the poll is chosen in a search box (not a list of every poll),
    newest first along an index (``get_ordering``; ordering all votes by time sorted them), dates
    by fixed ranges (the date hierarchy read every vote's year), no free-text search (it read
    every row with five joins), no second count of the whole table, and the whole table's size
    from the planner's estimate (a COUNT of a million rows took 100-260 ms a page).
    """

    list_display = ["id", "poll", "choice", "created_at", "voter", "client"]
    list_filter = [("poll", AutocompleteListFilter), ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["poll", "choice"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    fields = ["poll", "choice", "created_at", "voter_key", "client_hash"]
    readonly_fields = fields

    def get_ordering(self, request):
        # Newest first, along an index: one poll's votes by (poll, created_at), all votes by id.
        return ["-created_at", "-pk"] if "poll__id__exact" in request.GET else ["-pk"]

    @admin.display(description="voter (hash)")
    def voter(self, obj):
        return obj.voter_key[:12]

    @admin.display(description="client (hash)")
    def client(self, obj):
        return obj.client_hash[:12]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
