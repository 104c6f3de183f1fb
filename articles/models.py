"""Explainer articles: an article about one film, made of ordered sections and an FAQ."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from filmsite.models import Film
from filmsite.ordering import AppendToEndMixin
from filmsite.renditions import card_rendition
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
        """When the next scheduled article goes live (None if none is scheduled)."""
        now = now or timezone.now()
        pending = self.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        return pending.aggregate(at=models.Min("published_at"))["at"]

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
    hero_image = models.ImageField(
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

    tags = TaggableManager(through="TaggedArticle", blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.intro_html = render_markdown(self.intro)
        _include_derived(kwargs, "intro", "intro_html")
        new_upload = bool(self.hero_image) and not self.hero_image._committed
        super().save(*args, **kwargs)
        self._refresh_hero_card(new_upload)

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.hero_image and not self.hero_image_alt.strip():
            raise ValidationError({"hero_image_alt": "Describe the image (alt text) for screen readers."})

    def _refresh_hero_card(self, new_upload):
        """Keep the card-size copy in step with the hero image (made once, here, not per request)."""
        if self.hero_image and (new_upload or not self.hero_card):
            rendition = card_rendition(self.hero_image)
            if rendition is not None:
                self.hero_card.save(*rendition, save=False)
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
        if self.author_id is None:
            return ""
        return self.author.get_full_name() or self.author.get_username()


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="taggedarticle_unique"),
        ]


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
    image = models.ImageField(
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
    position = models.PositiveSmallIntegerField(default=0)
    question = models.CharField(max_length=300)
    answer = models.TextField(help_text=MARKDOWN_HELP)
    answer_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["article", "position", "id"]
        verbose_name = "FAQ item"

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        self.answer_html = render_markdown(self.answer)
        _include_derived(kwargs, "answer", "answer_html")
        super().save(*args, **kwargs)


class ArticleRevision(models.Model):
    """A snapshot of an article's text as an editor saved it, so no wording is ever lost.

    Written by the admin after each save (article, sections and FAQ together); read-only.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=300, blank=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.article} at {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    @classmethod
    def capture(cls, article, *, editor=None, summary=""):
        snapshot = {
            "title": article.title,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "intro": article.intro,
            "status": article.status,
            "published_at": article.published_at.isoformat() if article.published_at else None,
            "tags": sorted(tag.name for tag in article.tags.all()),
            "sections": [
                {
                    "position": section.position,
                    "heading": section.heading,
                    "anchor": section.anchor,
                    "body": section.body,
                    "key_points": section.key_points,
                    "image_alt": section.image_alt,
                    "image_caption": section.image_caption,
                }
                for section in article.sections.order_by("position", "id")
            ],
            "faq": [
                {"position": item.position, "question": item.question, "answer": item.answer}
                for item in article.faq_items.order_by("position", "id")
            ],
        }
        return cls.objects.create(article=article, editor=editor, summary=summary[:300], snapshot=snapshot)


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
