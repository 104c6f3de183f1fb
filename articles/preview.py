"""Previews: any version of an article drawn exactly as the public page draws it, for editors.

A version lives in a revision (``revisions.py``) until it is published, so the preview builds
unsaved objects from the document (Markdown rendered and sanitized as on save) and renders the
public templates with them. Responses are never stored anywhere and are marked ``noindex``.
"""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.text import slugify
from taggit.models import Tag

from filmsite.models import Film
from polls.models import Choice, Poll

from . import revisions
from .models import Article, FAQItem, Section
from .related import related_articles
from .rendering import render_markdown
from .seo import article_structured_data

NO_STORE = "private, no-cache, no-store, must-revalidate"


def materialize(document, article):
    """Unsaved objects for ``document``: (article, directors, sections, faq_items, tags)."""
    doc = revisions.normalize(document)
    films = Film.objects.prefetch_related("directors")
    film = films.filter(pk=doc["film"]).first() or films.get(pk=article.film_id)
    draft = Article(
        pk=article.pk,
        title=doc["title"],
        slug=doc["slug"] or article.slug,
        standfirst=doc["standfirst"],
        intro=doc["intro"],
        intro_html=render_markdown(doc["intro"]),
        film=film,
        author=_user(doc["author"]),
        hero_image=doc["hero_image"] or None,
        hero_image_alt=doc["hero_image_alt"],
        status=doc["status"],
        published_at=revisions.parse_datetime(doc["published_at"]) if doc["published_at"] else None,
        updated_at=article.updated_at,
    )
    polls = {
        poll.pk: poll
        for poll in Poll.objects.filter(
            pk__in=[s["poll"] for s in doc["sections"] if s["poll"]]
        ).prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "id")))
    }
    sections = []
    for data in doc["sections"]:
        section = Section(
            uid=data["uid"],
            heading=data["heading"],
            anchor=data["anchor"],
            body=data["body"],
            body_html=render_markdown(data["body"]),
            key_points=data["key_points"],
            image=data["image"] or None,
            image_alt=data["image_alt"],
            image_caption=data["image_caption"],
        )
        section.poll = polls.get(data["poll"])
        sections.append(section)
    faq_items = [
        FAQItem(question=item["question"], answer=item["answer"], answer_html=render_markdown(item["answer"]))
        for item in doc["faq"]
    ]
    known = {tag.name: tag for tag in Tag.objects.filter(name__in=doc["tags"])}
    tags = [known.get(name) or Tag(name=name, slug=slugify(name, allow_unicode=True)) for name in doc["tags"]]
    directors = list(film.directors.all()) if film.pk else []
    return draft, directors, sections, faq_items, tags


def _user(pk):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=pk).first() if pk else None


def render_preview(request, article, revision, label=None):
    """The public article page for ``revision`` of ``article``, marked as a preview."""
    document = revision.snapshot if revision.complete else revisions.upgrade_legacy(revision.snapshot)
    draft, directors, sections, faq_items, tags = materialize(document, article)
    from .workflow import format_time

    label = label or (
        f"Preview of the version saved {format_time(revision.created_at)} by {revision.editor_name}. "
        "Readers cannot see this page."
    )
    context = {
        "article": draft,
        "directors": directors,
        "sections": sections,
        "faq_items": faq_items,
        "tags": tags,
        "related_articles": related_articles(draft),
        "structured_data": article_structured_data(draft, request, faq_items),
        "preview": label,
    }
    body = render_to_string("articles/_article_body.html", context, request=request)
    response = TemplateResponse(
        request,
        "articles/article_detail.html",
        {"article": draft, "article_body": body, "is_preview": True},
    )
    response["Cache-Control"] = NO_STORE
    response["X-Robots-Tag"] = "noindex"
    return response
