"""Small factories for tests: plain functions with sensible defaults and keyword overrides."""

import io
import itertools
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, FAQItem, Section
from filmsite.models import CastCredit, CrewCredit, Film, Genre, Person

_seq = itertools.count(1)


def n():
    return next(_seq)


def png_upload(name="image.png", size=(40, 30), color=(200, 80, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_person(name=None, **kwargs):
    i = n()
    name = name or f"Person {i}"
    kwargs.setdefault("slug", f"person-{i}")
    return Person.objects.create(name=name, **kwargs)


def make_genre(name=None):
    i = n()
    return Genre.objects.create(name=name or f"Genre {i}", slug=f"genre-{i}")


def make_film(title=None, directors=(), **kwargs):
    i = n()
    kwargs.setdefault("slug", f"film-{i}")
    kwargs.setdefault("year", 2013)
    film = Film.objects.create(title=title or f"Film {i}", **kwargs)
    if directors:
        film.directors.set(directors)
    return film


def make_cast(film, person=None, character_name="Someone", position=1):
    return CastCredit.objects.create(
        film=film, person=person or make_person(), character_name=character_name, position=position
    )


def make_crew(film, person=None, role=CrewCredit.Role.COMPOSER, position=1):
    return CrewCredit.objects.create(film=film, person=person or make_person(), role=role, position=position)


def make_article(
    title=None, film=None, status=Article.Status.PUBLISHED, published_at=None, tags=(), sections=0, **kwargs
):
    i = n()
    kwargs.setdefault("slug", f"article-{i}")
    kwargs.setdefault("standfirst", f"Standfirst {i}")
    if status == Article.Status.PUBLISHED and published_at is None:
        published_at = timezone.now() - timedelta(hours=1)
    article = Article.objects.create(
        title=title or f"Article {i}",
        film=film or make_film(),
        status=status,
        published_at=published_at,
        **kwargs,
    )
    if tags:
        article.tags.add(*tags)
    for position in range(1, sections + 1):
        make_section(article, position=position)
    return article


def make_draft(**kwargs):
    return make_article(status=Article.Status.DRAFT, **kwargs)


def make_scheduled(**kwargs):
    return make_article(published_at=timezone.now() + timedelta(days=2), **kwargs)


def make_section(article, position=1, heading=None, **kwargs):
    kwargs.setdefault("body", f"Body of section {position}.")
    kwargs.setdefault("key_points", "First point\nSecond point\nThird point")
    return Section.objects.create(
        article=article, position=position, heading=heading or f"Section heading {position}", **kwargs
    )


def make_faq(article, position=1, question=None, answer="An answer."):
    return FAQItem.objects.create(
        article=article, position=position, question=question or f"Question {position}?", answer=answer
    )
