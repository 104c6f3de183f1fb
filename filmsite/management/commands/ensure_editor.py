"""Make sure a local newsroom account exists; print its generated password when it is created.

``ensure_editor`` makes the ``editor`` account in the Editor group (publishes, reviews, manages
films and polls); ``ensure_editor --username writer --role writer`` makes a writer (writes and
submits for review, cannot publish). Neither is a superuser: roles are the groups the
``articles`` migrations create, editable in the admin.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

ROLES = {"editor": "Editor", "writer": "Writer"}


class Command(BaseCommand):
    help = "Create a local newsroom account (Editor group by default) if it does not exist yet."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--email", default="")
        parser.add_argument("--role", choices=sorted(ROLES), default="editor")
        parser.add_argument("--name", default="", help="Display name for bylines, e.g. 'Ana Ruiz'.")

    def handle(self, *args, username, email, role, name, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Account '{username}' already exists (its password was printed when it was "
                f"created; reset it with: python manage.py changepassword {username})."
            )
            return
        group = Group.objects.filter(name=ROLES[role]).first()
        if group is None:
            raise CommandError(f"The {ROLES[role]} group is missing: run 'python manage.py migrate' first.")
        first, _, last = (name or f"Site {ROLES[role]}").partition(" ")
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=username,
            email=email or f"{username}@example.com",
            password=password,
            first_name=first,
            last_name=last,
            is_staff=True,
        )
        user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"Created the local {role} account for /admin/:"))
        self.stdout.write(f"  username: {username}")
        self.stdout.write(f"  password: {password}")
