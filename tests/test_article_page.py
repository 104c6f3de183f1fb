"""The public article page: what a reader sees."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_faq, make_film, make_person, make_section, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    jonze = make_person("Spike Jonze")
    film = make_film("Her", directors=[jonze], slug="her")
    article = make_article(
        "Her Ending Explained",
        film=film,
        slug="her-ending-explained",
        standfirst="Why Samantha leaves, and what Theodore keeps.",
        intro="The ending is **quiet**.\n\nIt is also *generous*.",
        tags=["romance", "ai"],
    )
    make_section(article, position=2, heading="The rooftop", body="They sit together.")
    make_section(
        article,
        position=1,
        heading="What happens",
        body="1. **Watch it.** Twice.\n2. **Listen.** Closely.",
        key_points="Samantha leaves\nTheodore writes a letter\nAmy stays",
    )
    make_faq(article, position=1, question="Who voices Samantha?", answer="Scarlett Johansson.")
    return article


def test_reader_sees_title_standfirst_intro_sections_and_faq(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="article__title">Her Ending Explained</h1>' in html
    assert "Why Samantha leaves, and what Theodore keeps." in html
    assert "<strong>quiet</strong>" in html
    assert html.index("What happens") < html.index("The rooftop"), "sections follow their position"
    assert "<li><strong>Watch it.</strong> Twice.</li>" in html
    assert "Who voices Samantha?" in html
    assert "Spike Jonze" in html
    assert '<meta name="description" content="Why Samantha leaves, and what Theodore keeps.">' in html


def test_table_of_contents_links_to_every_section_anchor(client, article):
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    toc = html[html.index('<nav class="toc"') : html.index("</nav>", html.index('<nav class="toc"'))]
    for section in article.sections.all():
        assert f'<a href="#{section.anchor}">{section.heading}</a>' in toc
        assert f'id="{section.anchor}"' in html
    assert '<a href="#faq">' in toc


def test_key_points_render_as_bullets(client, article):
    response = client.get(article.get_absolute_url())
    assert "<li>Theodore writes a letter</li>" in response.content.decode()


def test_tags_link_to_tag_pages(client, article):
    response = client.get(article.get_absolute_url())
    tag_url = reverse("articles:tag_detail", args=["romance"])
    assert f'href="{tag_url}"' in response.content.decode()
    tag_page = client.get(tag_url)
    assert tag_page.status_code == 200
    assert "Her Ending Explained" in tag_page.content.decode()


def test_section_image_has_alt_text_and_caption(client, article):
    make_section(
        article,
        position=3,
        heading="Pictured",
        image=png_upload(),
        image_alt="Theodore on a rooftop",
        image_caption="The final shot.",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'alt="Theodore on a rooftop"' in html
    assert "<figcaption>The final shot.</figcaption>" in html


def test_exactly_one_h1_and_headings_in_order(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    assert html.index("<h1") < html.index("<h2")


def test_unknown_article_is_a_404_page(client):
    response = client.get("/articles/no-such-thing/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_related_articles_ranked_by_shared_tags_same_film_and_director(client, article):
    jonze = article.film.directors.get()
    other_jonze_film = make_film("Adaptation.", directors=[jonze])
    same_director = make_article("Adaptation explained", film=other_jonze_film)
    two_tags = make_article("Two shared tags", tags=["romance", "ai"])
    one_tag = make_article("One shared tag", tags=["ai"], published_at=timezone.now() - timedelta(days=2))
    unrelated = make_article("Unrelated", tags=["western"])
    same_film = make_article("Another Her piece", film=article.film)

    response = client.get(article.get_absolute_url())
    titles = [a.title for a in response.context["related_articles"]]
    # same film + same director = 5, two tags = 4, director = 2, one tag = 2 (older, so last)
    assert titles == ["Another Her piece", "Two shared tags", "Adaptation explained", "One shared tag"]
    assert unrelated.title not in titles
    html = response.content.decode()
    related_html = html[html.index('id="related"') :]
    assert same_director.get_absolute_url() in related_html
    assert two_tags.get_absolute_url() in related_html
    assert one_tag.get_absolute_url() in related_html
    assert same_film.get_absolute_url() in related_html


def test_structured_data_describes_article_and_faq_safely(client, article):
    import json
    import re

    make_faq(article, position=2, question="</script><script>alert(1)</script>?", answer="No.")
    html = client.get(article.get_absolute_url()).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data[0]["@type"] == "Article"
    assert data[0]["headline"] == "Her Ending Explained"
    assert data[0]["about"]["name"] == "Her"
    faq = data[1]
    assert faq["@type"] == "FAQPage"
    assert [q["name"] for q in faq["mainEntity"]][0] == "Who voices Samantha?"
    assert "<script>alert(1)" not in html


def test_listings_use_a_card_size_copy_of_the_hero_image(client):
    from PIL import Image

    article = make_article(
        "With a hero", hero_image=png_upload("big.png", size=(1600, 900)), hero_image_alt="A wide shot"
    )
    assert (article.hero_image_width, article.hero_image_height) == (1600, 900)
    with Image.open(article.hero_card.path) as card:
        assert card.size == (640, 360)
    listing = client.get(reverse("articles:article_list")).content.decode()
    assert f'src="{article.hero_card.url}"' in listing
    assert article.hero_image.url not in listing
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{article.hero_image.url}" alt="A wide shot" width="1600" height="900"' in page


def test_replacing_or_removing_the_hero_image_updates_the_card():
    article = make_article(hero_image=png_upload("one.png", size=(800, 450)), hero_image_alt="One")
    first_card = article.hero_card.name
    article.hero_image = png_upload("two.png", size=(1000, 500))
    article.save()
    article.refresh_from_db()
    assert article.hero_card.name != first_card and "two" in article.hero_card.name
    article.hero_image = ""
    article.save()
    article.refresh_from_db()
    assert not article.hero_card


def test_unicode_and_punctuation_tags_never_break_the_page(client):
    article = make_article("Amélie explained", tags=["Amélie", "日本", "???"])
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "???" in html
    tag_page = client.get(reverse("articles:tag_detail", args=["amélie"]))
    assert tag_page.status_code == 200
    assert "Amélie explained" in tag_page.content.decode()
