from django import forms
from django.contrib import admin, messages
from django.db import models
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from filmsite.admin_filters import AutocompleteListFilter
from filmsite.admin_paginator import IdsFirstPaginator
from filmsite.admin_search import search_fields_and_related
from filmsite.models import Film

from .forms import ArticleAdminForm, SectionInlineForm, SectionInlineFormSet
from .models import Article, ArticleRevision, FAQItem, Section


class SectionInline(admin.StackedInline):
    model = Section
    form = SectionInlineForm
    formset = SectionInlineFormSet
    extra = 1
    fields = [
        "position",
        "heading",
        "anchor",
        "body",
        "key_points",
        ("image", "image_alt"),
        "image_caption",
        "poll",
    ]
    # A search box instead of a <select> per section form (which costs one query per form).
    autocomplete_fields = ["poll"]


class FAQItemInline(admin.StackedInline):
    model = FAQItem
    extra = 1
    fields = ["position", "question", "answer"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4})}}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "film",
        "status",
        "is_published",
        "published_at",
        "updated_at",
        "view_link",
    ]
    # Films and tags are searched, not listed: the sidebar listed 19,378 films and 5,000 tags at
    # 100k articles (filmsite/admin_filters.py).
    list_filter = [
        "status",
        ("film", AutocompleteListFilter),
        ("tags", AutocompleteListFilter),
        "published_at",
    ]
    list_select_related = ["film"]
    show_full_result_count = False  # no second COUNT of every article under a filtered list
    paginator = IdsFirstPaginator  # deep pages from the article_admin_order index
    search_fields = ["title", "standfirst", "film__title"]  # see get_search_results
    # No date_hierarchy: it reads every listed article's year on each page (40 ms on PostgreSQL,
    # 360 ms on SQLite at 100k); the "published" filter gives today/7 days/month/year, and
    # ?published_at__year=2019 still works.
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["film", "related_films", "author"]
    readonly_fields = ["created_at", "updated_at", "revisions_link"]
    fieldsets = [
        ("Article", {"fields": ["title", "slug", "standfirst", "author", "loaded_version"]}),
        ("Film", {"fields": ["film", "related_films"]}),
        ("Text", {"fields": ["intro", "tags"]}),
        ("Image", {"fields": ["hero_image", "hero_image_alt"]}),
        (
            "Publishing",
            {"fields": ["status", "published_at", ("created_at", "updated_at"), "revisions_link"]},
        ),
    ]
    inlines = [SectionInline, FAQItemInline]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.method == "GET" and _is_changelist(request):
            # The list shows none of the long text: rows of a few hundred bytes, not kilobytes.
            queryset = queryset.defer("intro", "intro_html")
        return queryset

    def get_search_results(self, request, queryset, search_term):
        """The search_fields, with the film's title matched by film ids (filmsite/admin_search.py)."""
        if not search_term:
            return queryset, False
        found = search_fields_and_related(
            queryset,
            search_term,
            fields=["title", "standfirst"],
            related={"film": (Film.objects.all(), ["title"])},
        )
        return found, False

    @admin.display(description="on site")
    def view_link(self, obj):
        label = "View" if obj.is_published() else "Preview"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label
        )

    @admin.display(description="earlier versions")
    def revisions_link(self, obj):
        if obj.pk is None:
            return "Each save keeps a copy of the text here."
        count = obj.revisions.count()
        url = reverse("admin:articles_articlerevision_changelist") + f"?article__id__exact={obj.pk}"
        return format_html('<a href="{}">{} saved version{}</a>', url, count, pluralize(count))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines: the snapshot holds the sections and FAQ as saved.
        summary = self.construct_change_message(request, form, formsets, not change)
        ArticleRevision.capture(form.instance, editor=request.user, summary=_summary_text(summary, change))

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish(self, request, queryset):
        changed = scheduled = 0
        now = timezone.now()
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            article.status = Article.Status.PUBLISHED
            if article.published_at is None:
                article.published_at = now
            # save(), not update(): signals keep the public page cache honest.
            article.save(update_fields=["status", "published_at", "updated_at"])
            self.log_change(request, article, "Published with the list action.")
            changed += 1
            scheduled += article.published_at > now
        self._report(request, changed, verb="published", already="published")
        if scheduled:
            self.message_user(
                request,
                ngettext(
                    "%(count)d of them has a future publication time: it appears then.",
                    "%(count)d of them have a future publication time: they appear then.",
                    scheduled,
                )
                % {"count": scheduled},
                messages.INFO,
            )

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        changed = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.DRAFT
            article.save(update_fields=["status", "updated_at"])
            self.log_change(request, article, "Unpublished (back to draft) with the list action.")
            changed += 1
        self._report(request, changed, verb="unpublished", already="drafts")

    def _report(self, request, changed, *, verb, already):
        if changed:
            message = ngettext(
                "%(count)d article was %(verb)s.", "%(count)d articles were %(verb)s.", changed
            ) % {"count": changed, "verb": verb}
            self.message_user(request, message, messages.SUCCESS)
        else:
            message = f"No article was {verb}: the selected articles were already {already}."
            self.message_user(request, message, messages.WARNING)


def _is_changelist(request):
    match = request.resolver_match
    return match is not None and match.url_name == "articles_article_changelist"


def _summary_text(change_message, change):
    """A one-line summary of what a save changed, from the admin's own change message."""
    if not change:
        return "Created."
    parts = []
    for entry in change_message:
        for action, details in entry.items():
            fields = ", ".join(details.get("fields", []))
            name = details.get("name", "")
            obj = details.get("object", "")
            parts.append(f"{action} {name} {obj}".strip() + (f" ({fields})" if fields else ""))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] if text else "Saved without changes."


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):
    """Read-only history of article text: copy any earlier wording back into the article."""

    list_display = ["article", "created_at", "editor", "summary"]
    list_filter = [("article", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article", "editor"]
    search_fields = ["article__title", "summary"]
    date_hierarchy = "created_at"
    fields = ["article", "created_at", "editor", "summary", "text"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="text as saved")
    def text(self, obj):
        data = obj.snapshot
        sections = format_html_join(
            "",
            '<h3>{}</h3><pre style="white-space: pre-wrap">{}</pre><p><strong>Key points</strong></p>'
            '<pre style="white-space: pre-wrap">{}</pre>',
            ((s["heading"], s["body"], s["key_points"]) for s in data.get("sections", [])),
        )
        faq = format_html_join(
            "",
            '<h3>{}</h3><pre style="white-space: pre-wrap">{}</pre>',
            ((item["question"], item["answer"]) for item in data.get("faq", [])),
        )
        return format_html(
            '<h2>{}</h2><p><em>{}</em></p><pre style="white-space: pre-wrap">{}</pre>{}'
            "<h2>FAQ</h2>{}<p>Tags: {}</p>",
            data.get("title", ""),
            data.get("standfirst", ""),
            data.get("intro", ""),
            sections,
            faq,
            ", ".join(data.get("tags", [])),
        )
