from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PollsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "polls"

    def ready(self):
        from . import triggers

        post_migrate.connect(triggers.reinstall_after_migrate, sender=self, dispatch_uid="polls_tally")
