"""The article admin: a newsroom's editor on top of revisions (``workflow.py``, ``revisions.py``).

The change form edits the newest version of an article (a draft of a live article included),
remembers the revision it started from and saves through the workflow, which merges with
colleagues' saves. Buttons choose the step: save a draft, preview, publish or schedule,
unpublish. History, compare, restore and preview are admin views of this ModelAdmin.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.translation import ngettext
from taggit.models import Tag
from taggit.utils import edit_string_for_tags

from filmsite.admin_filters import AutocompleteListFilter
from filmsite.admin_paginator import IdsFirstPaginator
from filmsite.admin_search import search_fields_and_related
from filmsite.models import Film

from . import checks, previews, revisions, workflow
from .forms import (
    ArticleAdminForm,
    FAQItemInlineForm,
    FAQItemInlineFormSet,
    SectionInlineForm,
    SectionInlineFormSet,
)
from .models import Article, ArticleRevision, FAQItem, PreviewLink, Section
from .preview import render_preview

HISTORY_PAGE_SIZE = 50


class DocumentInline(admin.StackedInline):
    """Children of the edited version; one empty form on a new article, none later (add on demand)."""

    extra = 0
    classes = ["document-children"]

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0

    # Sections and FAQ items are part of the article: whoever may add or edit the article may
    # add, edit and remove them (there are no separate section permissions to grant).
    def _article_admin(self):
        return self.admin_site._registry[Article]

    def has_view_permission(self, request, obj=None):
        return self._article_admin().has_view_or_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        admin_ = self._article_admin()
        return (
            admin_.has_add_permission(request) if obj is None else admin_.has_change_permission(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


class SectionInline(DocumentInline):
    model = Section
    form = SectionInlineForm
    formset = SectionInlineFormSet
    fields = [
        "key",
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


class FAQItemInline(DocumentInline):
    model = FAQItem
    form = FAQItemInlineForm
    formset = FAQItemInlineFormSet
    fields = ["key", "position", "question", "answer"]


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("scheduled", "Scheduled"),
            ("live", "Live"),
            ("changed", "Live with unpublished changes"),
            ("in_review", "Awaiting review"),
            ("changes_requested", "Sent back to the writer"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value in {"draft", "scheduled", "live", "changed"}:
            return getattr(queryset, f"in_state_{value}")()
        if value in {"in_review", "changes_requested"}:
            return queryset.filter(review_state=value)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    delete_confirmation_template = "admin/articles/article/delete_confirmation.html"
    list_display = ["title", "film", "state", "published_at", "updated_at", "view_link"]
    # Films and tags are searched, not listed: the sidebar listed 19,378 films and 5,000 tags at
    # 100k articles (filmsite/admin_filters.py).
    list_filter = [
        StateFilter,
        ("film", AutocompleteListFilter),
        ("tags", AutocompleteListFilter),
        "published_at",
    ]
    list_select_related = ["film", "scheduled_revision"]
    show_full_result_count = False  # no second COUNT of every article under a filtered list
    paginator = IdsFirstPaginator  # deep pages from the article_admin_order index
    search_fields = ["title", "standfirst", "film__title"]  # see get_search_results
    # No date_hierarchy: it reads every listed article's year on each page (40 ms on PostgreSQL,
    # 360 ms on SQLite at 100k); the "published" filter gives today/7 days/month/year, and
    # ?published_at__year=2019 still works.
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["film", "related_films", "author"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        ("Article", {"fields": ["title", "slug", "standfirst", "author", "base_revision"]}),
        ("Film", {"fields": ["film", "related_films"]}),
        ("Text", {"fields": ["intro", "tags", "spoiler_terms"]}),
        ("Image", {"fields": ["hero_image", "hero_image_alt"]}),
        ("Publishing", {"fields": ["published_at", "go_live_at", ("created_at", "updated_at")]}),
        ("Review", {"fields": ["review_comment", "override_reason"]}),
    ]
    inlines = [SectionInline, FAQItemInline]
    actions = ["publish", "unpublish"]

    class Media:
        css = {"all": ["articles/admin/editor.css"]}
        js = ["articles/admin/sections.js"]

    # -- list ----------------------------------------------------------------------------------

    def get_queryset(self, request):
        """Editors see every article; writers their own (others' drafts are not theirs to read)."""
        queryset = super().get_queryset(request).defer("scheduled_revision__snapshot")
        if request.method == "GET" and _is_changelist(request):
            # The list shows none of the long text: rows of a few hundred bytes, not kilobytes.
            queryset = queryset.defer("intro", "intro_html")
        if workflow.can_publish(request.user):
            return queryset
        return queryset.filter(author_id=request.user.pk)

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

    # -- who may do what: checked here for every admin path, and again in workflow.py ------------

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_delete(request.user, obj))

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can_publish(request.user):
            fields.append("author")  # only editors attribute an article to someone else
        return fields

    def delete_queryset(self, request, queryset):
        if not all(workflow.can_delete(request.user, article) for article in queryset):
            raise PermissionDenied("Only editors delete published work.")
        super().delete_queryset(request, queryset)

    def changelist_view(self, request, extra_context=None):
        action = request.POST.get("action", "")
        forbidden = action in ("publish", "unpublish") and not self.has_publish_permission(request)
        if request.method == "POST" and forbidden:
            raise PermissionDenied("Only editors can publish or unpublish.")
        return super().changelist_view(request, extra_context)

    @admin.display(description="state")
    def state(self, obj):
        code, label = workflow.state(obj)
        return format_html('<span class="article-state article-state--{}">{}</span>', code, label)

    @admin.display(description="on site")
    def view_link(self, obj):
        label = "View" if obj.is_published() else "Preview"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label
        )

    # -- the change form --------------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = set()
        if obj is None or not obj.is_published():
            hidden.add("go_live_at")  # schedules an update of a live article; nothing else needs it
        if not workflow.can_publish(request.user):
            hidden.update({"go_live_at", "override_reason"})
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None or not getattr(request, "editing_article", False):
            return obj
        conflict = getattr(request, "edit_conflict", None)
        if conflict is not None:
            document, base = _with_contested(conflict), conflict.theirs
        else:
            with transaction.atomic():
                base = workflow.sync(obj)
            obj.refresh_from_db()
            document = revisions.normalize(base.snapshot)
        _overlay(obj, document)
        obj._editing_doc = document
        obj._editing_base = base
        return obj

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request.editing_article = True
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except workflow.ChecksFailed as blocked:
            # Nothing was saved; show the same submission again with what stopped it.
            request.publish_blocked = blocked
            return super().changeform_view(request, object_id, form_url, extra_context)
        except workflow.EditConflict as conflict:
            # Nothing was written (the transaction rolled back). Show the form again holding the
            # merged version, the editor's own text where both changed something, and the choices.
            request.edit_conflict = conflict
            request.POST = _conflict_form_data(request.POST, conflict)
            request._files = MultiValueDict()
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        conflict = getattr(request, "edit_conflict", None)
        user = request.user
        can_change = self.has_change_permission(request, obj) if obj is not None and obj.pk else True
        context.update(can_publish=workflow.can_publish(user) and can_change, can_edit_article=can_change)
        if obj is not None and obj.pk:
            row = Article.objects.select_related("scheduled_revision").get(pk=obj.pk)
            code, label = workflow.state(row)
            document = getattr(obj, "_editing_doc", None) or revisions.snapshot(row)
            context.update(
                article_state=label,
                article_state_code=code,
                preview_url=reverse("admin:articles_article_preview", args=[obj.pk]),
                is_live=row.is_published(),
                is_published=row.status == Article.Status.PUBLISHED,
                in_review=row.review_state == Article.Review.IN_REVIEW,
                sent_back=workflow.review_comment(row),
                checks=checks.run(document),
                reading=checks.reading_stats(document),
                preview_links=[
                    {"link": link, "url": previews.url(link, request), "active": link.is_active()}
                    for link in PreviewLink.objects.filter(article=row).select_related("created_by")[:20]
                ],
                preview_days=previews.DAY_CHOICES,
                default_preview_days=previews.DEFAULT_DAYS,
                can_revoke_all=workflow.can_publish(user),
            )
        if conflict is not None:
            context["conflict"] = conflict
            context["conflict_rows"] = _conflict_rows(conflict)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        """Nothing here: the whole version is saved at once in save_related()."""

    def save_related(self, request, form, formsets, change):
        """Save the submitted version, then take the step its button asked for.

        Every step checks its permission in workflow.py (a PermissionDenied is a 403, and the
        transaction the admin runs this in rolls back what was saved before it).
        """
        user = request.user
        note = form.cleaned_data.get("review_comment", "")
        if not change:
            doc = form.document(formsets, status=Article.Status.DRAFT, author=user.pk)
            if not doc["author"]:
                doc["author"] = user.pk
            article = workflow.create(doc, user=user, article=form.instance)
            request.article_saved = workflow.Saved(article.latest_revision, [])
        else:
            base = form.cleaned_data.get("base_revision")
            current = form.instance._editing_doc
            doc = form.document(formsets, status=form.instance.status, author=current["author"])
            chosen = request.POST.getlist("_take_theirs")
            if chosen and base is not None:
                doc = revisions.resolve(doc, base.snapshot, chosen)
            request.article_saved = workflow.save_draft(form.instance, document=doc, user=user, base=base)
        article = form.instance
        if "_publish" in request.POST:
            request.article_published = workflow.publish(
                article,
                user=user,
                at=form.cleaned_data.get("go_live_at"),
                comment=note,
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
        elif "_unpublish" in request.POST:
            request.article_unpublished = workflow.unpublish(article, user=user, comment=note)
        elif "_submit" in request.POST:
            request.article_submitted = workflow.submit_for_review(article, user=user, comment=note)
        elif "_send_back" in request.POST:
            request.article_sent_back = workflow.send_back(article, user=user, comment=note)

    def construct_change_message(self, request, form, formsets, add=False):
        saved = getattr(request, "article_saved", None)
        if saved is not None and saved.revision is not None:
            return saved.revision.summary
        return "No changes."

    def response_add(self, request, obj, post_url_continue=None):
        self._report(request, obj)
        return HttpResponseRedirect(self._after_save_url(request, obj))

    def response_change(self, request, obj):
        self._report(request, obj)
        return HttpResponseRedirect(self._after_save_url(request, obj))

    def _after_save_url(self, request, obj):
        if "_preview" in request.POST:
            return reverse("admin:articles_article_preview", args=[obj.pk])
        if "_save" in request.POST:
            return reverse("admin:articles_article_changelist")
        return reverse("admin:articles_article_change", args=[obj.pk])

    def _report(self, request, obj):
        article = Article.objects.select_related("scheduled_revision").get(pk=obj.pk)
        saved = request.article_saved
        if saved.merged_with:
            who = sorted({revision.editor_name for revision in saved.merged_with})
            last = saved.merged_with[-1]
            self.message_user(
                request,
                f"Your changes were merged with those {' and '.join(who)} saved at "
                f"{workflow.format_time(last.created_at)}: both versions are kept.",
                messages.SUCCESS,
            )
        self._warn_about_draft_polls(request, article)
        published = getattr(request, "article_published", None)
        if getattr(request, "article_submitted", None) is not None:
            self.message_user(request, f"“{article}” was submitted for review: an editor will look at it.")
        elif getattr(request, "article_sent_back", None) is not None:
            self.message_user(request, f"“{article}” was sent back to its writer with your note.")
        elif published is not None:
            _, label = workflow.state(article)
            self.message_user(request, f"“{article}”: {label}.", messages.SUCCESS)
        elif getattr(request, "article_unpublished", None) is not None:
            self.message_user(request, f"“{article}” was unpublished: it is a draft now.", messages.SUCCESS)
        elif saved.revision is None:
            self.message_user(request, "There were no changes to save.", messages.INFO)
        elif article.status == Article.Status.PUBLISHED:
            self.message_user(
                request,
                "Draft saved. Readers still see the published version until you publish this one.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, f"Draft of “{article}” saved.", messages.SUCCESS)

    def _warn_about_draft_polls(self, request, article):
        """Saving an article that places a draft poll says so: readers will not see that poll."""
        document = workflow.editing_document(article)
        placed = {s["poll"]: s["heading"] for s in document["sections"] if s["poll"]}
        from polls.models import Poll

        for poll in Poll.objects.filter(pk__in=placed, status=Poll.Status.DRAFT):
            self.message_user(
                request,
                f"The poll “{poll}” placed after “{placed[poll.pk]}” is a draft: readers will not see it "
                "until an editor publishes the poll.",
                messages.WARNING,
            )

    # -- list actions ---------------------------------------------------------------------------

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish(self, request, queryset):
        changed = scheduled = 0
        now = timezone.now()
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            try:
                revision = workflow.publish(article, user=request.user)
            except workflow.ChecksFailed as blocked:
                self.message_user(
                    request,
                    f"“{article}” was not published: {' '.join(f.message for f in blocked.failures)} "
                    "Open the article to fix this, or to publish anyway with a reason.",
                    messages.ERROR,
                )
                continue
            self.log_change(request, article, revision.summary)
            changed += 1
            scheduled += revision.action == ArticleRevision.Action.SCHEDULED and revision.go_live_at > now
        self._report_action(request, changed, verb="published", already="published")
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

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        changed = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            workflow.unpublish(article, user=request.user)
            self.log_change(request, article, "Unpublished (back to draft) with the list action.")
            changed += 1
        self._report_action(request, changed, verb="unpublished", already="drafts")

    def _report_action(self, request, changed, *, verb, already):
        if changed:
            message = ngettext(
                "%(count)d article was %(verb)s.", "%(count)d articles were %(verb)s.", changed
            ) % {"count": changed, "verb": verb}
            self.message_user(request, message, messages.SUCCESS)
        else:
            message = f"No article was {verb}: the selected articles were already {already}."
            self.message_user(request, message, messages.WARNING)

    # -- history, compare, restore, preview -------------------------------------------------------

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/history/<int:revision_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_revision_preview",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="articles_article_restore",
            ),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                self.admin_site.admin_view(self.revoke_preview_link_view),
                name="articles_article_revoke_preview_link",
            ),
            path(
                "<path:object_id>/preview-links/",
                self.admin_site.admin_view(self.create_preview_link_view),
                name="articles_article_create_preview_link",
            ),
            # Last: <path:> would also match the longer URLs above.
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
        ]
        return own + super().get_urls()

    def _article_for(self, request, object_id, *, change=False):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        allowed = (
            self.has_change_permission(request, article)
            if change
            else (self.has_view_or_change_permission(request, article))
        )
        if not allowed:
            raise PermissionDenied
        return article

    def history_view(self, request, object_id, extra_context=None):
        """One history per article: every version, newest first, with compare and restore."""
        article = self._article_for(request, object_id)
        with transaction.atomic():
            workflow.sync(article)
        article.refresh_from_db()
        revisions_qs = (
            ArticleRevision.objects.filter(article=article)
            .select_related("editor")
            .defer("snapshot")
            .order_by("-created_at", "-id")
        )
        page = Paginator(revisions_qs, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        for i, revision in enumerate(rows):
            revision.previous_id = rows[i + 1].pk if i + 1 < len(rows) else revision.base_id
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {article}",
            "subtitle": None,
            "opts": self.opts,
            "original": article,
            "object": article,
            "page": page,
            "rows": rows,
            "state": workflow.state(Article.objects.select_related("scheduled_revision").get(pk=article.pk))[
                1
            ],
            "can_restore": self.has_change_permission(request, article),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/history.html", context)

    def compare_view(self, request, object_id):
        article = self._article_for(request, object_id)
        ids = [request.GET.get("a"), request.GET.get("b")]
        if not all(value and value.isdigit() for value in ids):
            raise Http404("Choose two versions to compare.")
        found = {
            revision.pk: revision
            for revision in ArticleRevision.objects.filter(article=article, pk__in=ids).select_related(
                "editor"
            )
        }
        if len(found) != len(set(ids)):
            raise Http404("No such version of this article.")
        older, newer = sorted(found.values(), key=lambda r: (r.created_at, r.pk)) * (3 - len(found))
        comparison = revisions.compare(_document(older), _document(newer))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions: {article}",
            "subtitle": None,
            "opts": self.opts,
            "original": article,
            "older": older,
            "newer": newer,
            "comparison": comparison,
            "unchanged": not comparison["fields"]
            and all(row.state == "unchanged" for kind in ("sections", "faq") for row in comparison[kind]),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def restore_view(self, request, object_id, revision_id):
        article = self._article_for(request, object_id, change=True)
        revision = get_object_or_404(
            ArticleRevision.objects.select_related("editor"), article=article, pk=revision_id
        )
        if request.method == "POST":
            try:
                saved = workflow.restore(article, revision, user=request.user)
            except workflow.CannotRestore as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))
            self.log_change(
                request, article, f"Restored the version of {workflow.format_time(revision.created_at)}."
            )
            article.refresh_from_db()
            if saved.revision is None:
                self.message_user(
                    request, "That version is the same as the current one: nothing changed.", messages.INFO
                )
            elif article.status == Article.Status.PUBLISHED:
                self.message_user(
                    request,
                    "The earlier version is now the newest draft. Readers still see the published "
                    "version until you publish it.",
                    messages.SUCCESS,
                )
            else:
                self.message_user(request, "The earlier version is now the newest draft.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        latest = article.latest_revision
        context = {
            **self.admin_site.each_context(request),
            "title": "Restore this version?",
            "subtitle": None,
            "opts": self.opts,
            "original": article,
            "revision": revision,
            "comparison": revisions.compare(_document(latest), _document(revision)) if latest else None,
            "is_published": article.status == Article.Status.PUBLISHED,
        }
        return TemplateResponse(request, "admin/articles/article/restore.html", context)

    def preview_view(self, request, object_id, revision_id=None):
        """The newest version (or a chosen one) as readers would see it: for those who may edit it."""
        article = self._article_for(request, object_id, change=True)
        if revision_id is None:
            with transaction.atomic():
                revision = workflow.sync(article)
        else:
            revision = get_object_or_404(ArticleRevision, article=article, pk=revision_id)
        return render_preview(request, article, revision)

    def create_preview_link_view(self, request, object_id):
        """POST: a new shareable link to the article's newest version (for those who may edit it)."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[object_id]))
        article = self._article_for(request, object_id, change=True)
        with transaction.atomic():
            workflow.sync(article)
        article.refresh_from_db()
        raw = request.POST.get("preview_days", "")
        days = int(raw) if raw.isdigit() and int(raw) in previews.DAY_CHOICES else previews.DEFAULT_DAYS
        link = previews.create(article, user=request.user, days=days)
        self.message_user(
            request,
            f"Preview link created, valid until {workflow.format_time(link.expires_at)}: "
            f"{previews.url(link, request)}",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk]) + "#preview-links"
        )

    def revoke_preview_link_view(self, request, object_id, link_id):
        """POST: withdraw a link (editors, or whoever created it)."""
        article = self._article_for(request, object_id)
        link = get_object_or_404(PreviewLink, article=article, pk=link_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        if not (workflow.can_publish(request.user) or link.created_by_id == request.user.pk):
            raise PermissionDenied("Only editors can withdraw a colleague's preview link.")
        previews.revoke(link, user=request.user)
        self.message_user(request, "The preview link was withdrawn: it no longer opens.", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk]) + "#preview-links"
        )

    def delete_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        count = ArticleRevision.objects.filter(article=article).count() if article else 0
        return super().delete_view(request, object_id, {**(extra_context or {}), "revision_count": count})


def _is_changelist(request):
    match = request.resolver_match
    return match is not None and match.url_name == "articles_article_changelist"


def _document(revision):
    if revision is None:
        return None
    if not revision.complete:
        return revisions.upgrade_legacy(revision.snapshot)
    return revisions.normalize(revision.snapshot)


def _overlay(obj, document):
    """Show ``document`` in the form: the row instance takes the document's values (unsaved)."""
    obj.title = document["title"]
    obj.slug = document["slug"]
    obj.standfirst = document["standfirst"]
    obj.intro = document["intro"]
    obj.author_id = document["author"]
    obj.film_id = document["film"]
    obj.hero_image = document["hero_image"] or None
    obj.hero_image_alt = document["hero_image_alt"]
    obj.spoiler_terms = document["spoiler_terms"]
    obj.published_at = (
        revisions.parse_datetime(document["published_at"]) if document["published_at"] else None
    )


def _with_contested(conflict):
    """The merged version plus the children I deleted but they edited (shown with Delete ticked)."""
    document = revisions.normalize(conflict.result.document)
    theirs = revisions.normalize(conflict.theirs.snapshot)
    for kind in revisions.CHILDREN:
        order = [child["uid"] for child in theirs[kind]]
        for child in theirs[kind]:
            if child["uid"] in conflict.result.contested:
                index = order.index(child["uid"])
                before = {c["uid"] for c in theirs[kind][:index]}
                at = max((i + 1 for i, c in enumerate(document[kind]) if c["uid"] in before), default=0)
                document[kind].insert(at, child)
    return document


def _conflict_form_data(posted, conflict):
    """Form data holding the merged version, to show again after an edit conflict."""
    document = _with_contested(conflict)
    data = QueryDict(mutable=True)
    for key in ("csrfmiddlewaretoken", "go_live_at_0", "go_live_at_1"):
        if key in posted:
            data[key] = posted[key]
    for name in ("title", "slug", "standfirst", "intro", "hero_image_alt", "spoiler_terms"):
        data[name] = document[name] or ""
    data["author"] = str(document["author"] or "")
    data["film"] = str(document["film"] or "")
    data.setlist("related_films", [str(pk) for pk in document["related_films"]])
    data["tags"] = edit_string_for_tags([Tag(name=name) for name in document["tags"]])
    published_at = revisions.parse_datetime(document["published_at"]) if document["published_at"] else None
    local = timezone.localtime(published_at) if published_at else None
    data["published_at_0"] = local.strftime("%Y-%m-%d") if local else ""
    data["published_at_1"] = local.strftime("%H:%M:%S") if local else ""
    data["base_revision"] = str(conflict.theirs.pk)
    contested = conflict.result.contested
    for kind, prefix in (("sections", "sections"), ("faq", "faq_items")):
        children = document[kind]
        data[f"{prefix}-TOTAL_FORMS"] = str(len(children))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(children))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for i, child in enumerate(children):
            row = f"{prefix}-{i}"
            data[f"{row}-key"] = child["uid"]
            data[f"{row}-position"] = str(i + 1)
            for name in revisions.CHILDREN[kind]:
                if name == "image":
                    continue
                value = child[name]
                data[f"{row}-{name}"] = "" if value is None else str(value)
            if child["uid"] in contested:
                data[f"{row}-DELETE"] = "on"
    return data


def _conflict_rows(conflict):
    rows = []
    for item in conflict.conflicts:
        if item.kind == "changed":
            rows.append(
                {
                    "key": item.key,
                    "label": item.label,
                    "mine": item.mine,
                    "theirs": item.theirs,
                    "diff": revisions.word_diff(item.theirs, item.mine),
                    "choice": True,
                }
            )
        elif item.kind == "deleted_by_them":
            rows.append(
                {
                    "label": item.label,
                    "explain": "They deleted it; you edited it. It is kept below with your edits: tick "
                    "“Delete” on it to accept their deletion.",
                }
            )
        else:
            rows.append(
                {
                    "label": item.label,
                    "explain": "You deleted it; they edited it. It is shown below with their edits and "
                    "“Delete” ticked: untick it to keep their version.",
                }
            )
    return rows
