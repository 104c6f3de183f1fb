"""An editor filters the article list by film in a real browser: a search box, not 20,000 links."""

import re

import pytest

from articles.models import Article
from tests.factories import make_article, make_film

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor_page(live_server, page, django_user_model):
    django_user_model.objects.create_superuser("ed", "ed@example.com", "pw-for-browser-tests")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "pw-for-browser-tests")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def test_editor_picks_a_film_in_the_filter_box_and_the_list_follows(live_server, editor_page):
    her = make_film("Her", slug="her")
    make_article(title="Samantha leaves", film=her, tags=["ai"])
    make_article(title="Heptapods", film=make_film("Arrival", slug="arrival"))
    page = editor_page
    page.goto(live_server.url + "/admin/articles/article/")
    box = page.locator('#changelist-filter select[data-autocomplete-filter="film__id__exact"]')
    box.locator("xpath=following-sibling::span[contains(@class, 'select2')]").click()
    page.locator(".select2-search__field").fill("he")
    page.locator(".select2-results__option", has_text="Her (2013)").click()
    page.wait_for_url(re.compile(rf"film__id__exact={her.pk}"))
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "Samantha leaves" in rows.first.inner_text()

    # Clearing the box lists every article again.
    page.locator("#changelist-filter .select2-selection__clear").click()
    page.wait_for_url(re.compile(r"/admin/articles/article/\?$|/admin/articles/article/$"))
    assert page.locator("#result_list tbody tr").count() == Article.objects.count()
