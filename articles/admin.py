from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext

from .forms import ArticleAdminForm, SectionInlineForm, SectionInlineFormSet
from .models import Article, FAQItem, Section


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
    list_filter = [
        "status",
        ("film", admin.RelatedOnlyFieldListFilter),
        "tags",
        "published_at",
    ]
    list_select_related = ["film"]
    search_fields = ["title", "standfirst", "film__title"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["film", "related_films", "author"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        ("Article", {"fields": ["title", "slug", "standfirst", "author", "loaded_version"]}),
        ("Film", {"fields": ["film", "related_films"]}),
        ("Text", {"fields": ["intro", "tags"]}),
        ("Image", {"fields": ["hero_image", "hero_image_alt"]}),
        ("Publishing", {"fields": ["status", "published_at", ("created_at", "updated_at")]}),
    ]
    inlines = [SectionInline, FAQItemInline]
    actions = ["publish", "unpublish"]

    @admin.display(description="on site")
    def view_link(self, obj):
        label = "View" if obj.is_published() else "Preview"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label
        )

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish(self, request, queryset):
        changed = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            article.status = Article.Status.PUBLISHED
            if article.published_at is None:
                article.published_at = timezone.now()
            # save(), not update(): signals keep the public page cache honest.
            article.save(update_fields=["status", "published_at", "updated_at"])
            self.log_change(request, article, "Published with the list action.")
            changed += 1
        self._report(request, changed, verb="published", already="published")

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
