"""'You might also like': other published articles, ranked among a few candidates found by index.

Score = 2 per shared tag + 3 for the same film + 2 for a film by the same director
+ 1 when one article lists the other's film among its related films.
Ties go to the most recently published.

Scoring every published article costs a scan of all of them (0.7-1.7 s at 100,000 articles).
Only articles that can score are worth scoring, and each is reachable through an index:

* the same film, films by the same directors, the films this article compares and the
  articles comparing its film (foreign-key indexes);
* articles sharing a *rare* tag (used at most ``RARE_TAG_USES`` times);
* if fewer than ``SAMPLED_TAGS`` tags are rare, the rarest common tags also bring their
  ``NEWEST_PER_COMMON_TAG`` newest articles (by id), so an article whose tags are all popular
  still gets related articles.

The same film, the same directors and the rare tags each bring at most ``ROUTE_LIMIT``
candidates, the newest. Two queries: the article's tags with their (capped) use counts, its
directors and compared films; then the candidates, scored and ranked in SQL. On a small site
every tag is rare and no route is full, so every article that could score is a candidate and
the ranking is exactly that of a full scan (``tests/test_related.py`` checks both). On a big
one, an older article sharing only a popular tag, or only the busiest film, with this one may
be left out of the few hundred scored.

The SQL is written by hand (``RawSQL``, parameters only; portable between SQLite and
PostgreSQL): built from ORM subqueries, the same expression costs milliseconds of Python per
page to compile. Candidates are always filtered by ``published()``.
"""

from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL

from filmsite.models import Film

from .models import Article, TaggedArticle

SHARED_TAG_WEIGHT = 2
SAME_FILM_WEIGHT = 3
SAME_DIRECTOR_WEIGHT = 2
COMPARED_FILM_WEIGHT = 1

RARE_TAG_USES = 200
ROUTE_LIMIT = 300
SAMPLED_TAGS = 2
NEWEST_PER_COMMON_TAG = 100


def _tables():
    return (
        Article._meta.db_table,
        TaggedArticle._meta.db_table,
        Film.directors.through._meta.db_table,
        Article.related_films.through._meta.db_table,
    )


def _score_sql():
    article, tagged, directors, compared = _tables()
    return f"""
        (SELECT COUNT(*) FROM {tagged} t
          WHERE t.content_object_id = {article}.id
            AND t.tag_id IN (SELECT own.tag_id FROM {tagged} own WHERE own.content_object_id = %s)
        ) * {SHARED_TAG_WEIGHT}
        + CASE WHEN {article}.film_id = %s THEN {SAME_FILM_WEIGHT} ELSE 0 END
        + CASE WHEN EXISTS (
            SELECT 1 FROM {directors} d
             WHERE d.film_id = {article}.film_id
               AND d.person_id IN (SELECT own.person_id FROM {directors} own WHERE own.film_id = %s)
          ) THEN {SAME_DIRECTOR_WEIGHT} ELSE 0 END
        + CASE WHEN EXISTS (
            SELECT 1 FROM {compared} c
             WHERE (c.article_id = {article}.id AND c.film_id = %s)
                OR (c.article_id = %s AND c.film_id = {article}.film_id)
          ) THEN {COMPARED_FILM_WEIGHT} ELSE 0 END
    """


def _facts(article):
    """The article's tags with how often each is used (counted up to RARE_TAG_USES + 1), its
    film's directors and the films it compares, in one query."""
    _, tagged, directors, compared = _tables()
    sql = f"""
        SELECT 'tag', own.tag_id,
               (SELECT COUNT(*) FROM (SELECT 1 FROM {tagged} t WHERE t.tag_id = own.tag_id LIMIT %s) capped)
          FROM {tagged} own WHERE own.content_object_id = %s
        UNION ALL SELECT 'director', d.person_id, 0 FROM {directors} d WHERE d.film_id = %s
        UNION ALL SELECT 'compared', c.film_id, 0 FROM {compared} c WHERE c.article_id = %s
    """
    facts = {"tag": [], "director": [], "compared": []}
    with connection.cursor() as cursor:
        cursor.execute(sql, [RARE_TAG_USES + 1, article.pk, article.film_id, article.pk])
        for kind, pk, uses in cursor.fetchall():
            facts[kind].append((uses, pk))
    return facts


def _in(ids):
    return ", ".join(["%s"] * len(ids))


def _candidates(article, facts):
    """SQL for the ids worth scoring (see the module docstring), with its parameters."""
    table, tagged, directors, compared = _tables()

    def newest(sql, alias):
        # Each route brings at most ROUTE_LIMIT candidates, the newest (ids follow creation):
        # the busiest film has hundreds of explainers, a prolific director dozens of films.
        return f"SELECT * FROM ({sql} ORDER BY 1 DESC LIMIT {ROUTE_LIMIT}) {alias}"

    parts = [
        newest(f"SELECT a.id FROM {table} a WHERE a.film_id = %s", "same_film"),
        f"SELECT c.article_id FROM {compared} c WHERE c.film_id = %s",
    ]
    params = [article.film_id, article.film_id]
    people = [pk for _, pk in facts["director"]]
    if people:
        directed = f"SELECT d.film_id FROM {directors} d WHERE d.person_id IN ({_in(people)})"
        parts.append(newest(f"SELECT a.id FROM {table} a WHERE a.film_id IN ({directed})", "same_director"))
        params += people
    films = [pk for _, pk in facts["compared"]]
    if films:
        parts.append(f"SELECT a.id FROM {table} a WHERE a.film_id IN ({_in(films)})")
        params += films
    tags = sorted(facts["tag"])  # rarest first
    rare = [pk for uses, pk in tags if uses <= RARE_TAG_USES]
    if rare:
        shared = f"SELECT t.content_object_id FROM {tagged} t WHERE t.tag_id IN ({_in(rare)})"
        parts.append(newest(shared, "rare_tags"))
        params += rare
    common = [pk for uses, pk in tags if uses > RARE_TAG_USES][: max(0, SAMPLED_TAGS - len(rare))]
    for i, tag in enumerate(common):
        # The newest by id (ids follow creation), read backwards along the taggedarticle_tag_article
        # index: a hundred index entries, where "newest by publication among this tag's articles"
        # made the database walk the whole publication index probing for the tag.
        parts.append(
            f"SELECT * FROM (SELECT t.content_object_id FROM {tagged} t WHERE t.tag_id = %s "
            f"ORDER BY t.content_object_id DESC LIMIT {NEWEST_PER_COMMON_TAG}) newest_{i}"
        )
        params.append(tag)
    return " UNION ".join(parts), params


def related_articles(article, limit=4):
    """Return up to ``limit`` published articles related to ``article``, best first (two queries)."""
    candidates, candidate_params = _candidates(article, _facts(article))
    params = (article.pk, article.film_id, article.film_id, article.film_id, article.pk)
    ranked = (
        Article.objects.published()
        .for_listing()
        .filter(pk__in=RawSQL(candidates, candidate_params))
        .exclude(pk=article.pk)
        .annotate(score=RawSQL(_score_sql(), params, output_field=IntegerField()))
        .order_by("-score", "-published_at", "-pk")[:limit]
    )
    # Every route to a candidate scores, so this drops nothing today; it keeps the rule that an
    # unrelated article (score 0) is never shown, whatever the candidate routes become.
    return [candidate for candidate in ranked if candidate.score > 0]
