"""The film catalogue: films, the people in them and their credits."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from .fields import ImageField
from .ordering import AppendToEndMixin
from .validators import imdb_id_validator, letterboxd_slug_validator, validate_image_file


class Genre(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Person(models.Model):
    """One person across every film they worked on (one Spike Jonze, many credits)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name


class FilmQuerySet(models.QuerySet):
    def for_listing(self):
        return self.prefetch_related("directors", "genres")


class Film(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the film's URL.")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1870), MaxValueValidator(2100)],
        help_text="Year of first release.",
    )
    release_date = models.DateField(null=True, blank=True)
    runtime = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text="Running time in minutes.",
    )
    synopsis = models.TextField(blank=True, help_text="A short, spoiler-free synopsis.")
    poster = ImageField(
        upload_to="posters/",
        blank=True,
        validators=[validate_image_file],
        width_field="poster_width",
        height_field="poster_height",
    )
    poster_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_alt = models.CharField(
        "poster alt text",
        max_length=250,
        blank=True,
        help_text="Describe the poster for readers who cannot see it. Required with a poster.",
    )
    genres = models.ManyToManyField(Genre, blank=True, related_name="films")
    directors = models.ManyToManyField(Person, blank=True, related_name="directed_films")
    imdb_id = models.CharField(
        "IMDb id",
        max_length=12,
        blank=True,
        validators=[imdb_id_validator],
        help_text="For example tt1798709.",
    )
    tmdb_id = models.PositiveIntegerField(
        "TMDb id", null=True, blank=True, help_text="The number in the film's TMDb URL."
    )
    letterboxd_slug = models.CharField(
        max_length=120,
        blank=True,
        validators=[letterboxd_slug_validator],
        help_text="The last part of the film's Letterboxd address, e.g. ex-machina.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FilmQuerySet.as_manager()

    class Meta:
        ordering = ["title", "year"]
        # A sitemap page's fingerprint (articles/sitemaps.py) from the index alone.
        indexes = [
            models.Index(fields=["id", "updated_at"], name="film_sitemap_page"),
            # The film list's order, read from a cursor (filmsite/pagination.py).
            models.Index(fields=["title", "year", "id"], name="film_list_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["imdb_id"],
                condition=~models.Q(imdb_id=""),
                name="film_unique_imdb_id",
                violation_error_message="Another film already has this IMDb id.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("filmsite:film_detail", kwargs={"slug": self.slug})

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.poster and not self.poster_alt.strip():
            raise ValidationError({"poster_alt": "Describe the poster (alt text) for screen readers."})
        if self.release_date and self.year and abs(self.release_date.year - self.year) > 1:
            raise ValidationError({"release_date": "The release date does not match the year."})

    @property
    def imdb_url(self):
        return f"https://www.imdb.com/title/{self.imdb_id}/" if self.imdb_id else ""

    @property
    def tmdb_url(self):
        return f"https://www.themoviedb.org/movie/{self.tmdb_id}" if self.tmdb_id else ""

    @property
    def letterboxd_url(self):
        return f"https://letterboxd.com/film/{self.letterboxd_slug}/" if self.letterboxd_slug else ""


class CastCredit(AppendToEndMixin, models.Model):
    order_parent_field = "film"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="cast")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cast_credits")
    character_name = models.CharField(
        max_length=200, blank=True, help_text="As credited, e.g. 'Samantha (voice)'."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Billing order, 1 first.")

    class Meta:
        ordering = ["film", "position", "id"]
        verbose_name = "cast credit"
        constraints = [
            models.UniqueConstraint(
                fields=["film", "person", "character_name"], name="castcredit_unique_role"
            ),
        ]

    def __str__(self):
        return f"{self.person} as {self.character_name}" if self.character_name else str(self.person)


class CrewCredit(AppendToEndMixin, models.Model):
    order_parent_field = "film"

    class Role(models.TextChoices):
        WRITER = "writer", "Writer"
        PRODUCER = "producer", "Producer"
        COMPOSER = "composer", "Composer"
        CINEMATOGRAPHER = "cinematographer", "Cinematographer"
        EDITOR = "editor", "Editor"
        PRODUCTION_DESIGNER = "production_designer", "Production designer"
        COSTUME_DESIGNER = "costume_designer", "Costume designer"
        NOVEL = "novel", "Based on the novel by"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="crew")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="crew_credits")
    role = models.CharField(max_length=40, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["film", "position", "id"]
        verbose_name = "crew credit"
        constraints = [
            models.UniqueConstraint(fields=["film", "person", "role"], name="crewcredit_unique_role"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.person}"
