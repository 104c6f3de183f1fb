from django.contrib import admin
from django.db.models import CharField, Count, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html

from articles.models import Article

from .admin_paginator import IdsFirstPaginator
from .admin_search import search_fields_and_related
from .models import CastCredit, CrewCredit, Film, Genre, Person


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "film_count"]
    ordering = ["name"]  # Meta.ordering is not applied to the GROUP BY of the count
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(film_count=Count("films"))

    @admin.display(description="films", ordering="film_count")
    def film_count(self, obj):
        return obj.film_count


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class CreditFormSet(BaseInlineFormSet):
    """Credits of one film; a row may take over the credit of a row deleted or changed with it.

    Django checks the submitted rows against each other, not the order it saves them in, so
    deleting "Joaquin Phoenix as Theo" while renaming "... as Theodore T." to "as Theo", or
    swapping two roles, would hit the unique constraint halfway through. Rows that change their
    unique fields or are deleted first step aside to a placeholder value no real credit uses,
    inside the admin's transaction; the normal save then writes the final values.
    """

    placeholder_field = None  # the unique text field that can hold the placeholder

    def save(self, commit=True):
        if commit:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk is not None
                and (
                    self._should_delete_form(form)
                    or {"person", self.placeholder_field} & set(form.changed_data)
                )
            ]
            if moving:
                placeholder = Concat(Value("~moving-"), Cast("pk", CharField()))
                self.model.objects.filter(pk__in=moving).update(**{self.placeholder_field: placeholder})
        return super().save(commit=commit)


class CastCreditFormSet(CreditFormSet):
    placeholder_field = "character_name"


class CrewCreditFormSet(CreditFormSet):
    placeholder_field = "role"


class CastCreditInline(admin.TabularInline):
    model = CastCredit
    formset = CastCreditFormSet
    extra = 1
    fields = ["position", "person", "character_name"]
    autocomplete_fields = ["person"]


class CrewCreditInline(admin.TabularInline):
    model = CrewCredit
    formset = CrewCreditFormSet
    extra = 1
    fields = ["position", "person", "role"]
    autocomplete_fields = ["person"]


@admin.register(Film)
class FilmAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "director_names", "article_count", "view_link"]
    ordering = ["title", "year", "pk"]  # the film_list_order index
    show_full_result_count = False
    paginator = IdsFirstPaginator
    list_filter = ["genres", "year"]
    search_fields = ["title", "imdb_id", "directors__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["directors", "genres"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        ("Film", {"fields": ["title", "slug", "year", "release_date", "runtime", "synopsis"]}),
        ("People and genres", {"fields": ["directors", "genres"]}),
        ("Poster", {"fields": ["poster", "poster_alt"]}),
        ("Elsewhere", {"fields": ["imdb_id", "tmdb_id", "letterboxd_slug"]}),
        ("Record", {"fields": [("created_at", "updated_at")]}),
    ]
    inlines = [CastCreditInline, CrewCreditInline]

    def get_queryset(self, request):
        # Counted per film shown (a subquery on the article's film index), not by grouping every
        # film with every article (643 ms a page at 20,000 films and 100,000 articles).
        articles = (
            Article.objects.filter(film=OuterRef("pk"))
            .order_by()
            .values("film")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .prefetch_related("directors")
            .annotate(article_count=Coalesce(Subquery(articles), 0))
        )

    def get_search_results(self, request, queryset, search_term):
        """The search_fields, with directors matched by id (no join, no DISTINCT; admin_search.py)."""
        if not search_term:
            return queryset, False
        found = search_fields_and_related(
            queryset,
            search_term,
            fields=["title"],
            exact=["imdb_id"],
            related={"directors": (Person.objects.all(), ["name"])},
        )
        return found, False

    @admin.display(description="directors")
    def director_names(self, obj):
        return ", ".join(person.name for person in obj.directors.all())

    @admin.display(description="articles")  # not sortable: that would count every film's articles
    def article_count(self, obj):
        return obj.article_count

    @admin.display(description="on site")
    def view_link(self, obj):
        return format_html('<a href="{}" target="_blank" rel="noopener">View</a>', obj.get_absolute_url())
