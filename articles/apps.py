from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        # Articles is the last app migrated, so every app's permissions exist by then.
        post_migrate.connect(_create_missing_roles, sender=self, dispatch_uid="articles_roles")

        from . import search_index  # the search index follows every content change (signals)

        search_index.connect_post_migrate(self)


def _create_missing_roles(sender, apps=None, **kwargs):
    from django.apps import apps as global_apps

    from .roles import create_missing_roles

    # migrate passes the project state's apps; flush (between transactional tests) passes none.
    create_missing_roles(apps or global_apps)
