"""Fill a development or benchmark database with realistic content by the 100,000.

    python manage.py seed_bulk                       # issue 9's scale: 100k articles, 1M votes
    python manage.py seed_bulk --articles 2000 --films 400 --votes 20000 --seed 7

The content is made by ``filmsite.demo.bulk`` (read it for what is generated and how it stays
fast). The command adds content once: it refuses to run on a database it has already filled,
and it refuses production settings: it runs with DEBUG on, or where the settings allow it
(``SEED_BULK_ALLOWED``: the test suite and the benchmarks' settings, or ``ALLOW_SEED_BULK=1``).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from filmsite.demo import bulk


def looks_like_production():
    return not (settings.DEBUG or settings.SEED_BULK_ALLOWED)


class Command(BaseCommand):
    help = "Add generated films, people, explainers, tags, polls and votes in bulk (once per database)."

    def add_arguments(self, parser):
        defaults = bulk.Sizes()
        for name, help_text in [
            ("films", "films, each with directors, genres, 5 cast and 3 crew credits"),
            ("people", "people (a sixth of them direct)"),
            ("articles", "explainers (about 97.5%% published, the rest drafts or scheduled)"),
            ("sections", "sections per article"),
            ("tags", "tags (a few on a third of the articles, most on a handful)"),
            ("polls", "polls, on the films with the most explainers"),
            ("votes", "votes, spread over the open polls (a few get most)"),
        ]:
            parser.add_argument(
                f"--{name}",
                type=int,
                default=getattr(defaults, name),
                help=f"{help_text} (default {getattr(defaults, name):,})",
            )
        parser.add_argument("--seed", type=int, default=1, help="same seed, same content (default 1)")

    def handle(self, *args, **options):
        if looks_like_production():
            raise CommandError(
                "Refusing to run: these look like production settings (DEBUG is off). seed_bulk is for "
                "development and benchmark databases: run it with DEBUG=1 or ALLOW_SEED_BULK=1."
            )
        values = {name: options[name] for name in bulk.size_fields()}
        negative = [name for name, value in values.items() if value < 0]
        if negative:
            raise CommandError(f"Sizes cannot be negative: {', '.join(negative)}.")
        if values["articles"] and not values["films"]:
            raise CommandError("Articles explain films: give --films 1 or more.")
        if values["sections"] > 60:
            raise CommandError("At most 60 sections per article.")
        sizes = bulk.Sizes(**values)
        try:
            made = bulk.seed(sizes=sizes, seed=options["seed"], log=self.stdout.write)
        except bulk.AlreadySeeded as error:
            raise CommandError(f"Refusing to run twice: {error}. Use a fresh database.") from error
        self.stdout.write(self.style.SUCCESS(f"Seeded: {', '.join(f'{v:,} {k}' for k, v in made.items())}."))
        self.stdout.write(
            "Bulk rows send no signals: run `manage.py rebuild_search_index` to make them searchable."
        )
