"""'You might also like': other published articles ranked in one query.

Score = 2 per shared tag + 3 for the same film + 2 for a film by the same director
+ 1 when one article lists the other's film among its related films.
Ties go to the most recently published.
"""

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from filmsite.models import Film

from .models import Article, TaggedArticle

SHARED_TAG_WEIGHT = 2
SAME_FILM_WEIGHT = 3
SAME_DIRECTOR_WEIGHT = 2
COMPARED_FILM_WEIGHT = 1


def _weight(condition, weight):
    return Case(When(condition, then=Value(weight)), default=Value(0), output_field=IntegerField())


def related_articles(article, limit=4):
    """Return up to ``limit`` published articles most related to ``article`` (one SQL query)."""
    shared_tags = (
        TaggedArticle.objects.filter(
            content_object_id=OuterRef("pk"),
            tag_id__in=TaggedArticle.objects.filter(content_object_id=article.pk).values("tag_id"),
        )
        .order_by()
        .values("content_object_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    directors_of_this_film = Film.directors.through.objects.filter(film_id=article.film_id).values(
        "person_id"
    )
    same_director = Exists(
        Film.directors.through.objects.filter(
            film_id=OuterRef("film_id"), person_id__in=directors_of_this_film
        )
    )
    compares = Exists(
        Article.related_films.through.objects.filter(Q(article_id=OuterRef("pk"), film_id=article.film_id))
    ) | Exists(
        Article.related_films.through.objects.filter(article_id=article.pk, film_id=OuterRef("film_id"))
    )
    return list(
        Article.objects.published()
        .for_listing()
        .exclude(pk=article.pk)
        .annotate(
            shared_tags=Coalesce(Subquery(shared_tags, output_field=IntegerField()), Value(0)),
        )
        .alias(
            score=F("shared_tags") * SHARED_TAG_WEIGHT
            + _weight(Q(film_id=article.film_id), SAME_FILM_WEIGHT)
            + _weight(same_director, SAME_DIRECTOR_WEIGHT)
            + _weight(compares, COMPARED_FILM_WEIGHT)
        )
        .filter(score__gt=0)
        .order_by("-score", "-published_at", "-pk")[:limit]
    )
