from django.core.management.base import BaseCommand

from articles import search_index


class Command(BaseCommand):
    help = (
        "Rebuild every article's search document, 500 per transaction. Saves keep the index "
        "current; run this after loading content without signals (bulk_create, raw SQL)."
    )

    def handle(self, *args, **options):
        count = search_index.rebuild()
        self.stdout.write(f"Search index rebuilt for {count} articles.")
