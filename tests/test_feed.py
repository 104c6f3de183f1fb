"""The RSS feed carries editor text as text: feed readers render <description> (and often
<title>) as HTML, so markup typed into a title or standfirst must not reach them as markup."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


class AsAFeedReaderSees(HTMLParser):
    """Parse an element's text as HTML, as a feed reader does: the tags it would create and the text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def feed_item(client):
    response = client.get(reverse("articles:feed"))
    assert response.status_code == 200
    return ET.fromstring(response.content).find("channel/item")


def test_script_in_a_standfirst_reaches_readers_as_text(client):
    standfirst = "<script>alert('standfirst')</script> Why <b>Samantha</b> leaves & what it means"
    make_article(title="Her Ending Explained", standfirst=standfirst)
    seen = AsAFeedReaderSees(feed_item(client).findtext("description"))
    assert seen.tags == []
    assert seen.text == standfirst  # every character is shown, as written


def test_markup_in_a_title_does_not_reach_readers(client):
    make_article(title="Her <script>alert('title')</script>Ending & <i>Meaning</i>")
    title = feed_item(client).findtext("title")
    seen = AsAFeedReaderSees(title)
    assert seen.tags == []
    assert title == "Her alert('title')Ending & Meaning"


def test_plain_titles_and_standfirsts_are_unchanged(client):
    make_article(title="Fast & Furious: the ending", standfirst="Dom's choice, explained.")
    item = feed_item(client)
    assert item.findtext("title") == "Fast & Furious: the ending"
    assert AsAFeedReaderSees(item.findtext("description")).text == "Dom's choice, explained."
