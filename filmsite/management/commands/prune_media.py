"""Delete uploaded files that no film, article, section or article revision refers to."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from filmsite.orphan_media import DEFAULT_MIN_AGE, prune


class Command(BaseCommand):
    help = (
        "Delete uploaded files nothing refers to (replaced images, images of deleted articles). "
        "Safe at any time: files younger than --min-age (an hour) are kept, so uploads in progress survive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be deleted, delete nothing"
        )
        parser.add_argument(
            "--min-age",
            type=int,
            default=int(DEFAULT_MIN_AGE.total_seconds()),
            help="seconds a file must have existed before it may be deleted (default: 3600)",
        )

    def handle(self, *args, dry_run, min_age, **options):
        report = prune(dry_run=dry_run, min_age=timedelta(seconds=max(min_age, 0)))
        verb = "would delete" if dry_run else "deleted"
        for name, _ in report.deleted:
            self.stdout.write(f"{verb} {name}")
        for name in report.kept_recent:
            self.stdout.write(f"kept {name} (younger than {min_age} s)")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.deleted)} unreferenced files {'would be deleted' if dry_run else 'deleted'} "
                f"({filesizeformat(report.deleted_bytes)}), "
                f"{len(report.kept_recent)} kept as recent."
            )
        )
