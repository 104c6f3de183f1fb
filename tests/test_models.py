"""Model rules: publication, anchors, validation of films and articles."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_draft, make_film, make_scheduled, make_section, png_upload

pytestmark = pytest.mark.django_db


def test_published_means_published_status_and_time_not_in_future():
    live = make_article()
    make_draft()
    make_scheduled()
    assert list(Article.objects.published()) == [live]
    assert live.is_published()


def test_publishing_without_a_date_stamps_now():
    article = make_draft()
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None
    assert abs(article.published_at - timezone.now()) < timedelta(seconds=5)


def test_anchor_made_from_heading_unique_in_article_and_stable():
    article = make_article()
    first = make_section(article, position=1, heading="The ending")
    second = make_section(article, position=2, heading="The ending")
    other_article_section = make_section(make_article(), position=1, heading="The ending")
    assert (first.anchor, second.anchor, other_article_section.anchor) == (
        "the-ending",
        "the-ending-2",
        "the-ending",
    )
    first.heading = "A completely new heading"
    first.save()
    first.refresh_from_db()
    assert first.anchor == "the-ending"


def test_anchor_never_takes_an_id_the_page_uses():
    section = make_section(make_article(), heading="FAQ")
    assert section.anchor == "faq-2"


@pytest.mark.parametrize("imdb_id", ["1798709", "ttabc", "tt12", "TT1798709", "tt1798709 "])
def test_film_rejects_malformed_imdb_ids(imdb_id):
    film = make_film()
    film.imdb_id = imdb_id
    with pytest.raises(ValidationError) as excinfo:
        film.full_clean()
    assert "imdb_id" in excinfo.value.message_dict


def test_film_accepts_well_formed_external_ids():
    film = make_film(imdb_id="tt1798709", tmdb_id=152601, letterboxd_slug="her")
    film.full_clean()
    assert film.letterboxd_url == "https://letterboxd.com/film/her/"


def test_images_need_alt_text():
    article = make_article()
    article.hero_image = png_upload()
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "hero_image_alt" in excinfo.value.message_dict


def test_new_section_faq_and_credit_without_position_go_last():
    from articles.models import FAQItem, Section
    from filmsite.models import CastCredit
    from tests.factories import make_faq, make_person

    article = make_article()
    make_section(article, position=5)
    added = Section.objects.create(article=article, heading="Added later")
    make_faq(article, position=3)
    faq = FAQItem.objects.create(article=article, question="Q?", answer="A.")
    credit = CastCredit.objects.create(film=article.film, person=make_person(), character_name="X")
    assert (added.position, faq.position, credit.position) == (6, 4, 1)
    assert list(article.sections.values_list("heading", flat=True))[-1] == "Added later"
