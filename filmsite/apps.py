from django.apps import AppConfig


class FilmsiteConfig(AppConfig):
    """The project package doubles as the film catalogue app (Film, Person, credits)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "filmsite"
    verbose_name = "Film catalogue"

    def ready(self):
        from . import checks, dependencies, signals  # noqa: F401  (deploy checks, cache invalidation)

        dependencies.connect_recording()
