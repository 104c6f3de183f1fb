"""Publish scheduled updates of live articles whose time has come.

Not needed for them to go live (the first request after the time does it, see
``articles.workflow.publish_due``); for sites that prefer a timer doing it, or that see no traffic.
"""

from django.core.management.base import BaseCommand

from articles.workflow import publish_due


class Command(BaseCommand):
    help = "Publish scheduled updates of live articles whose go-live time has passed."

    def handle(self, *args, **options):
        count = publish_due()
        self.stdout.write(f"{count} scheduled update{'s' if count != 1 else ''} published.")
