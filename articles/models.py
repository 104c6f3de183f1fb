"""Explainer articles: an article about one film, made of ordered sections and an FAQ."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import TaggedItemBase

from filmsite.fields import ImageField, TaggableManager
from filmsite.models import Film
from filmsite.ordering import AppendToEndMixin
from filmsite.renditions import stored_card
from filmsite.validators import validate_image_file

from .rendering import render_markdown, split_lines

MARKDOWN_HELP = (
    "Markdown: blank line between paragraphs, **bold**, *italic*, [link](https://…), "
    "'1. **Lead.** text' for numbered steps, '- item' for bullets. HTML is removed."
)


def _include_derived(save_kwargs, source, derived):
    """When save(update_fields=...) names a Markdown field, also write its rendered HTML."""
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None and source in update_fields:
        save_kwargs["update_fields"] = {*update_fields, derived}


def published_q(prefix=""):
    """The publication rule as a Q, for use across a relation (``prefix="articles__"``)."""
    return models.Q(
        **{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()}
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of 'public': published status and a publication time now or past."""
        return self.filter(published_q())

    def next_publication(self, now=None):
        """When the next scheduled article, or scheduled update of a live one, goes live (or None)."""
        now = now or timezone.now()
        pending = self.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        first = pending.aggregate(at=models.Min("published_at"))["at"]
        update = self.filter(scheduled_revision__isnull=False).aggregate(
            at=models.Min("scheduled_revision__go_live_at")
        )["at"]
        return min((t for t in (first, update) if t is not None), default=None)

    def editable_by(self, user):
        """Articles ``user`` may edit: any for editors (who may publish), their own for writers."""
        if not user.is_authenticated or not user.has_perm("articles.change_article"):
            return self.none()
        if user.has_perm("articles.publish_article"):
            return self
        return self.filter(author_id=user.pk)

    def visible_to(self, user):
        """What ``user`` may read on the public site: published articles, and drafts they may edit."""
        if not user.is_authenticated:
            return self.published()
        return self.filter(published_q() | models.Q(pk__in=self.editable_by(user).values("pk")))

    def in_review(self):
        return self.filter(review_state=Article.Review.IN_REVIEW)

    def in_state_draft(self):
        return self.exclude(status=Article.Status.PUBLISHED)

    def in_state_scheduled(self):
        """Published in the future, or live with an update waiting for its time."""
        now = timezone.now()
        return self.filter(status=Article.Status.PUBLISHED).filter(
            models.Q(published_at__gt=now) | models.Q(scheduled_revision__isnull=False)
        )

    def in_state_live(self):
        return self.published().filter(has_unpublished_changes=False, scheduled_revision__isnull=True)

    def in_state_changed(self):
        return self.published().filter(has_unpublished_changes=True, scheduled_revision__isnull=True)

    def for_listing(self):
        return self.select_related("film").only(
            "title",
            "slug",
            "standfirst",
            "published_at",
            "hero_image",
            "hero_image_width",  # with the image: deferred dimensions would cost a query per row
            "hero_image_height",
            "hero_card",
            "hero_image_alt",
            "film__title",
            "film__slug",
            "film__year",
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the article's URL.")
    film = models.ForeignKey(
        Film, on_delete=models.PROTECT, related_name="articles", help_text="The film explained."
    )
    related_films = models.ManyToManyField(
        Film,
        blank=True,
        related_name="compared_in",
        help_text="Other films this article compares with.",
    )
    standfirst = models.CharField(
        max_length=300,
        help_text="One-line teaser used in listings and as the meta description.",
    )
    intro = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    intro_html = models.TextField(blank=True, editable=False)
    hero_image = ImageField(
        upload_to="articles/",
        blank=True,
        validators=[validate_image_file],
        width_field="hero_image_width",
        height_field="hero_image_height",
    )
    hero_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_card = models.ImageField(
        "card-size hero image",
        upload_to="articles/cards/",
        blank=True,
        editable=False,
        help_text="Made from the hero image when it is saved; used in listings.",
    )
    hero_image_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for readers who cannot see it. Required with an image.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Drafts are never shown publicly.",
    )
    published_at = models.DateTimeField(
        "published",
        null=True,
        blank=True,
        db_index=True,
        help_text="A published article with a future time stays hidden until then.",
    )
    updated_at = models.DateTimeField("updated", auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # The editing model (articles/workflow.py): these rows are what readers see once the article
    # is published; editors work on revisions. ``latest_revision`` is the newest version (the
    # draft an editor opens), ``live_revision`` the one these rows hold while published, and
    # ``scheduled_revision`` a newer version of a live article waiting for its go-live time.
    latest_revision = models.ForeignKey(
        "ArticleRevision", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    live_revision = models.ForeignKey(
        "ArticleRevision", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    scheduled_revision = models.ForeignKey(
        "ArticleRevision", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    has_unpublished_changes = models.BooleanField(
        default=False, editable=False, help_text="A published article whose newest version is not live yet."
    )

    class Review(models.TextChoices):
        NONE = "", "Not in review"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    review_state = models.CharField(
        max_length=20, choices=Review.choices, blank=True, default="", editable=False
    )
    spoiler_terms = models.TextField(
        blank=True,
        help_text="Words the standfirst must not give away (character fates, twists), one per line or "
        "comma-separated. Checked before publishing; never shown to readers.",
    )

    tags = TaggableManager(through="TaggedArticle", blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles and review them")]
        indexes = [
            # Lists in publication order, from a cursor (filmsite/pagination.py); with the id, an
            # old ?page=N link finds its page in the index alone.
            models.Index(fields=["status", "published_at", "id"], name="article_published_order"),
            # A sitemap page's fingerprint (articles/sitemaps.py) from the index alone.
            models.Index(fields=["id", "status", "published_at", "updated_at"], name="article_sitemap_page"),
            # The admin's list order: any of its pages found in the index alone (admin_paginator.py).
            models.Index(fields=["published_at", "id"], name="article_admin_order"),
        ]

    def __str__(self):
        return self.title

    # Kept by articles.workflow alone (with update()): a save() from an instance loaded earlier
    # must not put back the revisions it knew of.
    WORKFLOW_FIELDS = (
        "latest_revision",
        "live_revision",
        "scheduled_revision",
        "has_unpublished_changes",
        "review_state",
    )

    def save(self, *args, **kwargs):
        if (
            not self._state.adding
            and not args
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
        ):
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.WORKFLOW_FIELDS
            ]
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.intro_html = render_markdown(self.intro)
        _include_derived(kwargs, "intro", "intro_html")
        stored = getattr(self, "_stored_hero_image", None)
        new_upload = bool(self.hero_image) and (
            not self.hero_image._committed or (stored is not None and str(stored) != self.hero_image.name)
        )
        super().save(*args, **kwargs)
        self._stored_hero_image = self.hero_image.name
        self._refresh_hero_card(new_upload)

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember the stored hero image, so a save that names another file remakes the card.
        instance._stored_hero_image = instance.__dict__.get("hero_image")
        return instance

    def clean(self):
        if self.hero_image and not self.hero_image_alt.strip():
            raise ValidationError({"hero_image_alt": "Describe the image (alt text) for screen readers."})

    def _refresh_hero_card(self, new_upload):
        """Keep the card-size copy in step with the hero image (made once, here, not per request)."""
        if self.hero_image and (new_upload or not self.hero_card):
            card = stored_card(self.hero_image, self.hero_card.field)
            if card is not None:
                self.hero_card = card
            elif new_upload and self.hero_card:
                self.hero_card = ""  # never show the previous image's card; listings use the hero
            else:
                return
        elif not self.hero_image and self.hero_card:
            self.hero_card = ""
        else:
            return
        type(self).objects.filter(pk=self.pk).update(hero_card=self.hero_card.name)

    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    is_published.boolean = True
    is_published.short_description = "live"

    @property
    def author_name(self):
        """The byline: the author's display name, never their login name (none without one)."""
        if self.author_id is None:
            return ""
        return self.author.get_full_name().strip()


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="taggedarticle_unique"),
        ]
        # A tag's newest articles, and how often it is used, from the index alone (related.py).
        indexes = [models.Index(fields=["tag", "content_object"], name="taggedarticle_tag_article")]


# Ids the article page itself uses; a section anchor never takes one of them.
RESERVED_ANCHORS = {"top", "contents", "intro", "faq", "tags", "related", "main"}


def unique_anchor(heading, taken):
    """A URL fragment from ``heading`` that is not in ``taken`` ('meaning', 'meaning-2', ...)."""
    base = slugify(heading)[:70].strip("-") or "section"
    anchor, n = base, 2
    while anchor in taken or anchor in RESERVED_ANCHORS:
        anchor = f"{base}-{n}"
        n += 1
    return anchor


class Section(AppendToEndMixin, models.Model):
    order_parent_field = "article"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    # Identity across revisions: three-way merges match sections by it, never by position.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the article.")
    heading = models.CharField(max_length=200)
    anchor = models.SlugField(
        max_length=80,
        blank=True,
        help_text="Link target (#anchor). Made from the heading when left empty, then kept as is "
        "so links stay valid when headings change.",
    )
    body = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    body_html = models.TextField(blank=True, editable=False)
    key_points = models.TextField(
        blank=True, help_text="One key point per line; shown as bullets under the section."
    )
    image = ImageField(
        upload_to="sections/",
        blank=True,
        validators=[validate_image_file],
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField("image alt text", max_length=250, blank=True)
    image_caption = models.CharField(max_length=300, blank=True)
    poll = models.ForeignKey(
        "polls.Poll",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sections",
        help_text="Show this poll right after this section.",
    )

    class Meta:
        ordering = ["article", "position", "id"]
        constraints = [
            # Conditional so several new sections may arrive with a blank anchor (filled in save()).
            models.UniqueConstraint(
                fields=["article", "anchor"],
                condition=~models.Q(anchor=""),
                name="section_unique_anchor",
            ),
            models.UniqueConstraint(fields=["article", "uid"], name="section_unique_uid"),
        ]

    def __str__(self):
        return self.heading

    def save(self, *args, **kwargs):
        if not self.anchor:
            taken = set(
                Section.objects.filter(article_id=self.article_id)
                .exclude(pk=self.pk)
                .values_list("anchor", flat=True)
            )
            self.anchor = unique_anchor(self.heading, taken)
        self.body_html = render_markdown(self.body)
        _include_derived(kwargs, "body", "body_html")
        super().save(*args, **kwargs)

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": "Describe the image (alt text) for screen readers."})

    @property
    def key_points_list(self):
        return split_lines(self.key_points)


class FAQItem(AppendToEndMixin, models.Model):
    order_parent_field = "article"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="faq_items")
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    question = models.CharField(max_length=300)
    answer = models.TextField(help_text=MARKDOWN_HELP)
    answer_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["article", "position", "id"]
        verbose_name = "FAQ item"
        constraints = [models.UniqueConstraint(fields=["article", "uid"], name="faqitem_unique_uid")]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        self.answer_html = render_markdown(self.answer)
        _include_derived(kwargs, "answer", "answer_html")
        super().save(*args, **kwargs)


class ArticleRevision(models.Model):
    """One version of a whole article, as it was after a change: who, when, what, and why.

    ``snapshot`` is complete and self-contained (``articles.revisions.snapshot``): every field,
    every section and FAQ item with its identity, images by stored file name, tags by name.
    Restoring a revision reproduces the article exactly. Every change makes one: admin saves,
    list actions, restores, imports and management commands (``articles/workflow.py``).
    Revisions are deleted only with their article.
    """

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        SAVED = "saved", "Draft saved"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNPUBLISHED = "unpublished", "Unpublished"
        RESTORED = "restored", "Restored"
        SUBMITTED = "submitted", "Submitted for review"
        SENT_BACK = "sent_back", "Sent back"
        RECORDED = "recorded", "Recorded as found"
        IMPORTED = "imported", "Imported"
        EXTERNAL = "external", "Changed outside the editor"
        LEGACY = "legacy", "Text copy (before full revisions)"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices, default=Action.SAVED)
    summary = models.CharField(max_length=300, blank=True)
    comment = models.TextField(blank=True, help_text="A note that goes with this step (a review comment).")
    base = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The version the editor started from.",
    )
    go_live_at = models.DateTimeField(null=True, blank=True, help_text="When a scheduled version goes live.")
    complete = models.BooleanField(
        default=True, help_text="False for text-only copies kept before revisions held the whole article."
    )
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["article", "-created_at", "-id"], name="revision_history")]

    def __str__(self):
        return f"{self.article} at {timezone.localtime(self.created_at):%Y-%m-%d %H:%M %Z}"

    @property
    def editor_name(self):
        if self.editor_id is None:
            return "the system"
        return self.editor.get_full_name() or self.editor.get_username()


class PreviewLinkQuerySet(models.QuerySet):
    def active(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class PreviewLink(models.Model):
    """A link to one version of an article for someone without an account (a fact-checker, the
    distributor): signed, expiring, revocable. See ``articles/previews.py``."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    revision = models.ForeignKey(ArticleRevision, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Preview of {self.article} until {timezone.localtime(self.expires_at):%Y-%m-%d %H:%M %Z}"

    def is_active(self, now=None):
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class SearchDocument(models.Model):
    """What full-text search reads for one article: its words, grouped by how much they weigh.

    Written only by ``articles/search_index.py`` (from the article's rows, on every save), never
    by editors. Visibility is not decided here: searches always go through ``published()``.
    On PostgreSQL ``vector`` holds the weighted tsvector (GIN-indexed); on SQLite it stays empty
    and an FTS5 index over these columns does the work (see the search_index module).
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField(blank=True)  # weight A: the article's title
    film = models.TextField(blank=True)  # weight A: the film's title
    summary = models.TextField(blank=True)  # weight B: standfirst, section headings, tags
    people = models.TextField(blank=True)  # weight C: directors, cast and their characters
    body = models.TextField(blank=True)  # weight D: intro, sections, key points, captions, FAQ
    vector = SearchVectorField(null=True, editable=False)

    def __str__(self):
        return self.title
