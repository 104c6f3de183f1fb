from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from . import search_index  # the search index follows every content change (signals)

        search_index.connect_post_migrate(self)
