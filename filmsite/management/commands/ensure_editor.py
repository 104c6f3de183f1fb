"""Make sure a local editor account exists; print its generated password when it is created."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the local editor account (superuser) if it does not exist yet."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--email", default="editor@example.com")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Editor account '{username}' already exists (its password was printed when it was "
                f"created; reset it with: python manage.py changepassword {username})."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username, email=email, password=password, first_name="Site", last_name="Editor"
        )
        self.stdout.write(self.style.SUCCESS("Created the local editor account for /admin/:"))
        self.stdout.write(f"  username: {username}")
        self.stdout.write(f"  password: {password}")
