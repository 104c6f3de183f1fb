"""Load the demo films, people and explainers. Safe to rerun: it converges on the same rows.

The content lives in ``filmsite.demo.content`` and the artwork in ``filmsite.demo.images``; this
command only walks them. Films, people, genres and articles are matched by slug, credits by
(film, person, character or role), sections and FAQ items by (article, position). Rerunning
resets demo objects to the demo text (rows already matching it are left unsaved) and removes
their extra children; other rows are never touched. Section anchors are left to
``Section.save()``, which keeps an existing anchor so links to it stay valid.

Each step is a function taking ``report(action, obj)``; to add demo content, write one and
append it to ``STEPS`` (steps run in order, inside one transaction).
"""

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from articles import workflow
from articles.models import Article, FAQItem, Section
from filmsite.demo import content, images
from filmsite.models import CastCredit, CrewCredit, Film, Genre, Person
from polls.demo import load_demo_polls


def upsert(model, report, lookup, **values):
    """Like ``update_or_create()``, but a changed row goes through the model's full ``save()``.

    ``update_or_create()`` saves only the fields it was given, which would skip what ``save()``
    derives (e.g. ``Section.body_html``).
    """
    obj = model._default_manager.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup)
    return _save(obj, report, created, values)


def _save(obj, report, created, values):
    # Saving an unchanged row would still bump updated_at (shown on article pages as "Updated")
    # and invalidate the page cache, so a rerun leaves such rows alone.
    if not created and all(getattr(obj, name) == value for name, value in values.items()):
        report("unchanged", obj)
        return obj
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    report("created" if created else "updated", obj)
    return obj


def remove(queryset, report):
    for obj in queryset:
        obj.delete()
        report("deleted", obj)


def sync_children(model, report, parent_field, parent, items):
    """Make ``parent``'s children at positions 1..n match ``items`` (dicts of field values).

    Children are matched by position; extra ones (or duplicates of a position) are deleted.
    """
    existing = {}
    for child in model._default_manager.filter(**{parent_field: parent}).order_by("position", "pk"):
        if child.position in existing or not 1 <= child.position <= len(items):
            child.delete()
            report("deleted", child)
        else:
            existing[child.position] = child
    for position, values in enumerate(items, start=1):
        child = existing.get(position)
        if child is None:
            _save(model(**{parent_field: parent, "position": position}), report, True, values)
        else:
            _save(child, report, False, values)


def demo_image(model, field_name, filename, render):
    """The stored name of a generated image; it is drawn and saved only when missing.

    The name is fixed, so reruns reuse the same file instead of piling up copies.
    """
    field = model._meta.get_field(field_name)
    name = field.generate_filename(None, filename)
    if not field.storage.exists(name):
        name = field.storage.save(name, ContentFile(render()))
    return name


def load_films(report):
    genres, people = {}, {}
    for film in content.FILMS:
        for name in film["genres"]:
            if name not in genres:
                genres[name] = upsert(Genre, report, {"slug": slugify(name)}, name=name)
        credited = film["directors"] + [name for name, _ in film["cast"]] + [n for _, n in film["crew"]]
        for name in credited:
            if name not in people:
                people[name] = upsert(Person, report, {"slug": slugify(name)}, name=name)

    for data in content.FILMS:
        poster = data["poster"]
        film = upsert(
            Film,
            report,
            {"slug": data["slug"]},
            title=data["title"],
            year=data["year"],
            release_date=data.get("release_date"),
            runtime=data.get("runtime"),
            synopsis=data["synopsis"],
            imdb_id=data.get("imdb_id", ""),
            tmdb_id=data.get("tmdb_id"),
            letterboxd_slug=data.get("letterboxd_slug", ""),
            poster=demo_image(
                Film, "poster", f"demo-{data['slug']}.jpg", lambda art=poster["art"]: images.poster(**art)
            ),
            poster_alt=poster["alt"],
        )
        film.genres.set([genres[name] for name in data["genres"]])
        film.directors.set([people[name] for name in data["directors"]])

        cast = [
            upsert(
                CastCredit,
                report,
                {"film": film, "person": people[name], "character_name": character},
                position=position,
            )
            for position, (name, character) in enumerate(data["cast"], start=1)
        ]
        remove(film.cast.exclude(pk__in=[credit.pk for credit in cast]), report)
        crew = [
            upsert(
                CrewCredit,
                report,
                {"film": film, "person": people[name], "role": CrewCredit.Role(role)},
                position=position,
            )
            for position, (role, name) in enumerate(data["crew"], start=1)
        ]
        remove(film.crew.exclude(pk__in=[credit.pk for credit in crew]), report)


def load_articles(report):
    films = {film.slug: film for film in Film.objects.filter(slug__in=[f["slug"] for f in content.FILMS])}
    for data in content.ARTICLES:
        slug, hero = data["slug"], data["hero_image"]
        article = upsert(
            Article,
            report,
            {"slug": slug},
            title=data["title"],
            film=films[data["film"]],
            standfirst=data["standfirst"],
            intro=data["intro"],
            status=Article.Status(data["status"]),
            published_at=data["published_at"],
            hero_image=demo_image(
                Article, "hero_image", f"demo-{slug}.jpg", lambda art=hero["art"]: images.banner(**art)
            ),
            hero_image_alt=hero["alt"],
        )
        article.tags.set(data["tags"])
        article.related_films.set([films[film_slug] for film_slug in data["related_films"]])

        sections = []
        for position, section in enumerate(data["sections"], start=1):
            image = section.get("image")
            sections.append(
                {
                    "heading": section["heading"],
                    "body": section["body"],
                    "key_points": "\n".join(section.get("key_points", [])),
                    "image": demo_image(
                        Section,
                        "image",
                        f"demo-{slug}-{position}.jpg",
                        lambda art=image["art"]: images.banner(**art),
                    )
                    if image
                    else "",
                    "image_alt": image["alt"] if image else "",
                    "image_caption": image["caption"] if image else "",
                }
            )
        sync_children(Section, report, "article", article, sections)
        sync_children(
            FAQItem,
            report,
            "article",
            article,
            [{"question": question, "answer": answer} for question, answer in data["faq"]],
        )
        # Demo articles read as written when published: no "Updated <day of the first load>".
        # (update(), not save(): auto_now would stamp the time again.)
        if data["published_at"] and article.updated_at != data["published_at"]:
            Article.objects.filter(pk=article.pk).update(updated_at=data["published_at"])


STEPS = [load_films, load_articles]


class Command(BaseCommand):
    help = "Create or refresh the demo films and explainers (idempotent; other content is untouched)."

    def handle(self, *args, **options):
        def report(action, obj):
            self.stdout.write(f"{action} {obj._meta.verbose_name}: {obj}")

        with transaction.atomic():
            for step in STEPS:
                step(report)
            # The demo poll on Her, placed after the article's interpretation section.
            load_demo_polls(self.stdout)
            # Every change is a revision, a command's too (nothing is recorded when nothing changed).
            for article in Article.objects.filter(slug__in=[a["slug"] for a in content.ARTICLES]):
                workflow.record(article, summary="Loaded by load_demo.")
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
