"""The film catalogue admin: films with cast and crew inlines, people and genres."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from filmsite.models import CastCredit, CrewCredit, Film, Genre, Person
from tests.admin_helpers import (
    change_url,
    form_data,
    inline_rows,
    not_an_image_error,
    shown_errors,
    text_file,
)
from tests.factories import make_article, make_cast, make_crew, make_film, make_genre, make_person, png_upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:filmsite_film_add")
CHANGELIST_URL = reverse("admin:filmsite_film_changelist")


def new_film_data(cast=(), crew=(), **fields):
    data = {
        "title": "Her",
        "slug": "her",
        "year": "2013",
        "release_date": "",
        "runtime": "126",
        "synopsis": "A lonely writer falls for an operating system.",
        "poster_alt": "",
        "imdb_id": "tt1798709",
        "tmdb_id": "152601",
        "letterboxd_slug": "her",
        **inline_rows("cast", list(cast)),
        **inline_rows("crew", list(crew)),
    }
    data.update(fields)
    return data


def assert_no_film_saved():
    assert Film.objects.count() == 0
    assert CastCredit.objects.count() == 0
    assert CrewCredit.objects.count() == 0


# -- add ------------------------------------------------------------------------------------------


def test_add_page_offers_credit_inlines_with_person_autocomplete(editor_client):
    response = editor_client.get(ADD_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="cast-TOTAL_FORMS"' in content
    assert 'name="crew-TOTAL_FORMS"' in content
    assert 'name="cast-0-person"' in content and 'name="crew-0-role"' in content
    for field in ("person", "directors", "genres"):
        assert f'data-field-name="{field}"' in content
    assert "#id_slug" in content.replace("&quot;", '"')


def test_adding_a_film_with_cast_crew_directors_and_genres(editor_client):
    jonze, phoenix, johansson, arcade = (
        make_person(name) for name in ("Spike Jonze", "Joaquin Phoenix", "Scarlett Johansson", "Arcade Fire")
    )
    drama = make_genre("Drama")
    data = new_film_data(
        directors=[str(jonze.pk)],
        genres=[str(drama.pk)],
        cast=[
            {"position": "1", "person": str(phoenix.pk), "character_name": "Theodore"},
            {"position": "2", "person": str(johansson.pk), "character_name": "Samantha (voice)"},
        ],
        crew=[
            {"position": "1", "person": str(jonze.pk), "role": "writer"},
            {"position": "2", "person": str(arcade.pk), "role": "composer"},
        ],
    )

    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 302, shown_errors(response)
    film = Film.objects.get()
    assert str(film) == "Her (2013)"
    assert list(film.directors.all()) == [jonze]
    assert list(film.genres.all()) == [drama]
    assert [str(c) for c in film.cast.all()] == [
        "Joaquin Phoenix as Theodore",
        "Scarlett Johansson as Samantha (voice)",
    ]
    assert [str(c) for c in film.crew.all()] == ["Writer: Spike Jonze", "Composer: Arcade Fire"]


@pytest.mark.parametrize("imdb_id", ["1798709", "ttabc", "tt12", "tt1798709x"])
def test_invalid_imdb_id_is_a_form_error(editor_client, imdb_id):
    response = editor_client.post(ADD_URL, new_film_data(imdb_id=imdb_id))
    errors = shown_errors(response)
    assert "imdb_id: An IMDb id looks like tt1798709 ('tt' and 7 to 9 digits)." in errors
    assert_no_film_saved()


def test_duplicate_imdb_id_is_a_form_error(editor_client):
    make_film("Her", slug="her-2013", imdb_id="tt1798709")
    response = editor_client.post(ADD_URL, new_film_data())
    assert "__all__: Another film already has this IMDb id." in shown_errors(response)
    assert Film.objects.count() == 1


def test_duplicate_slug_is_a_form_error(editor_client):
    make_film("Her", slug="her", year=2013)
    response = editor_client.post(ADD_URL, new_film_data(imdb_id=""))
    assert "slug: Film with this Slug already exists." in shown_errors(response)
    assert Film.objects.count() == 1


def test_missing_title_and_bad_year_are_form_errors(editor_client):
    errors = shown_errors(editor_client.post(ADD_URL, new_film_data(title="", year="1700")))
    assert "title: This field is required." in errors
    assert "year: Ensure this value is greater than or equal to 1870." in errors
    assert_no_film_saved()


def test_non_image_poster_is_a_form_error(editor_client):
    data = new_film_data(poster=text_file("poster.png"), poster_alt="The poster")
    errors = shown_errors(editor_client.post(ADD_URL, data))
    assert not_an_image_error("poster") in errors, errors
    assert_no_film_saved()


def test_poster_with_too_many_pixels_is_a_form_error(editor_client, settings):
    settings.IMAGE_MAX_PIXELS = 10_000
    data = new_film_data(poster=png_upload(size=(200, 200)), poster_alt="The poster")
    errors = shown_errors(editor_client.post(ADD_URL, data))
    assert "poster: This image is 200 × 200 pixels; at most 10,000 pixels are allowed." in errors
    assert_no_film_saved()


def test_poster_without_alt_text_is_a_form_error(editor_client):
    errors = shown_errors(editor_client.post(ADD_URL, new_film_data(poster=png_upload())))
    assert "poster_alt: Describe the poster (alt text) for screen readers." in errors
    assert_no_film_saved()


def test_poster_with_alt_text_is_saved(editor_client):
    response = editor_client.post(ADD_URL, new_film_data(poster=png_upload("her.png"), poster_alt="Theodore"))
    assert response.status_code == 302, shown_errors(response)
    assert Film.objects.get().poster.name.startswith("posters/her")


def test_duplicate_credit_in_one_submission_is_a_form_error(editor_client):
    phoenix = make_person("Joaquin Phoenix")
    row = {"position": "1", "person": str(phoenix.pk), "character_name": "Theodore"}
    errors = shown_errors(editor_client.post(ADD_URL, new_film_data(cast=[row, row])))
    assert any(error.startswith("cast: Please correct the duplicate data") for error in errors), errors
    assert_no_film_saved()


# -- change ---------------------------------------------------------------------------------------


@pytest.fixture
def film():
    film = make_film("Her", slug="her", imdb_id="tt1798709")
    phoenix = make_person("Joaquin Phoenix")
    make_cast(film, phoenix, "Theo", position=1)
    make_cast(film, phoenix, "Theodore", position=2)
    make_crew(film, make_person("Spike Jonze"), role=CrewCredit.Role.WRITER, position=1)
    return film


def test_change_page_shows_credits_and_view_on_site(editor_client, film):
    response = editor_client.get(change_url(film))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="cast-INITIAL_FORMS" value="2"' in content
    assert 'name="crew-INITIAL_FORMS" value="1"' in content
    ct = ContentType.objects.get_for_model(Film)
    view_on_site = reverse("admin:view_on_site", args=[ct.pk, film.pk])
    assert f'href="{view_on_site}"' in content
    assert editor_client.get(view_on_site)["Location"].endswith(film.get_absolute_url())


def test_invalid_imdb_id_on_change_leaves_the_film_as_it_was(editor_client, film):
    before = Film.objects.values().get(pk=film.pk)
    data = form_data(editor_client.get(change_url(film)))
    data.update(title="Her (renamed)", imdb_id="ttabc", poster=text_file())
    errors = shown_errors(editor_client.post(change_url(film), data))
    assert "imdb_id: An IMDb id looks like tt1798709 ('tt' and 7 to 9 digits)." in errors
    assert not_an_image_error("poster") in errors, errors
    assert Film.objects.values().get(pk=film.pk) == before


def test_a_credit_may_take_over_one_deleted_in_the_same_submit(editor_client, film):
    data = form_data(editor_client.get(change_url(film)))
    data["cast-0-character_name"] = "Theodore"
    data["cast-1-DELETE"] = "on"
    response = editor_client.post(change_url(film), data)
    assert response.status_code == 302, shown_errors(response)
    assert [str(c) for c in film.cast.all()] == ["Joaquin Phoenix as Theodore"]


def test_two_credits_can_swap_characters(editor_client, film):
    data = form_data(editor_client.get(change_url(film)))
    data["cast-0-character_name"], data["cast-1-character_name"] = "Theodore", "Theo"
    response = editor_client.post(change_url(film), data)
    assert response.status_code == 302, shown_errors(response)
    assert list(film.cast.values_list("position", "character_name")) == [(1, "Theodore"), (2, "Theo")]


def test_two_crew_credits_can_swap_roles(editor_client, film):
    jonze = Person.objects.get(name="Spike Jonze")
    make_crew(film, jonze, role=CrewCredit.Role.PRODUCER, position=2)
    data = form_data(editor_client.get(change_url(film)))
    data["crew-0-role"], data["crew-1-role"] = "producer", "writer"
    response = editor_client.post(change_url(film), data)
    assert response.status_code == 302, shown_errors(response)
    assert list(film.crew.values_list("position", "role")) == [(1, "producer"), (2, "writer")]


# -- changelists ----------------------------------------------------------------------------------


def results(response):
    assert response.status_code == 200
    return [str(film) for film in response.context["cl"].result_list]


def test_changelist_shows_directors_and_article_counts(editor_client):
    jonze, coppola = make_person("Spike Jonze"), make_person("Sofia Coppola")
    her = make_film("Her", directors=[jonze])
    make_film("Lost in Translation", directors=[coppola], year=2003)
    make_article(film=her)
    make_article(film=her)
    response = editor_client.get(CHANGELIST_URL)
    rows = {film.title: film for film in response.context["cl"].result_list}
    assert results(response) == ["Her (2013)", "Lost in Translation (2003)"]
    assert rows["Her"].article_count == 2
    assert rows["Lost in Translation"].article_count == 0
    content = response.content.decode()
    assert '<td class="field-director_names">Spike Jonze</td>' in content
    assert '<td class="field-article_count">2</td>' in content
    assert f'<a href="{her.get_absolute_url()}" target="_blank" rel="noopener">View</a>' in content


def test_changelist_search_and_filters(editor_client):
    jonze, drama = make_person("Spike Jonze"), make_genre("Drama")
    her = make_film("Her", directors=[jonze], imdb_id="tt1798709")
    her.genres.add(drama)
    make_film("Arrival", year=2016)
    assert results(editor_client.get(CHANGELIST_URL, {"q": "jonze"})) == ["Her (2013)"]
    assert results(editor_client.get(CHANGELIST_URL, {"q": "tt1798709"})) == ["Her (2013)"]
    assert results(editor_client.get(CHANGELIST_URL, {"genres__id__exact": drama.pk})) == ["Her (2013)"]
    assert results(editor_client.get(CHANGELIST_URL, {"year": "2016"})) == ["Arrival (2016)"]


def test_changelist_queries_do_not_grow_with_rows(editor_client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(CHANGELIST_URL).status_code == 200
        return len(queries)

    def add_films(count):
        for _ in range(count):
            film = make_film(directors=[make_person(), make_person()])
            film.genres.add(make_genre())
            make_article(film=film)

    add_films(3)
    few = count_queries()
    add_films(12)
    assert count_queries() == few


def test_person_autocomplete_for_credits(editor_client):
    make_person("Joaquin Phoenix")
    make_person("Rooney Mara")
    params = {"app_label": "filmsite", "model_name": "castcredit", "field_name": "person", "term": "joa"}
    response = editor_client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Joaquin Phoenix"]


@pytest.mark.parametrize(
    ("model", "name_field", "values"),
    [
        (Person, "name", {"name": "Spike Jonze", "slug": "spike-jonze"}),
        (Genre, "name", {"name": "Science fiction", "slug": "science-fiction"}),
    ],
)
def test_people_and_genres_can_be_added_and_searched(editor_client, model, name_field, values):
    opts = model._meta
    add_page = editor_client.get(reverse(f"admin:filmsite_{opts.model_name}_add"))
    assert "#id_slug" in add_page.content.decode().replace("&quot;", '"')
    response = editor_client.post(reverse(f"admin:filmsite_{opts.model_name}_add"), values)
    assert response.status_code == 302
    duplicate = editor_client.post(reverse(f"admin:filmsite_{opts.model_name}_add"), values)
    assert any(error.startswith("slug:") for error in shown_errors(duplicate))
    assert model.objects.count() == 1
    model.objects.create(**{name_field: "Someone else", "slug": "someone-else"})
    term = values[name_field].split()[0].lower()
    changelist = editor_client.get(reverse(f"admin:filmsite_{opts.model_name}_changelist"), {"q": term})
    assert [str(obj) for obj in changelist.context["cl"].result_list] == [values[name_field]]
