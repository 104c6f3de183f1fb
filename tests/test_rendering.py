"""Editor Markdown becomes safe HTML once, on save."""

import pytest

from articles.rendering import render_markdown, split_lines
from tests.factories import make_article, make_faq, make_section

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "markdown, forbidden",
    [
        ("<script>alert(1)</script>hello", "<script"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<a href="https://example.com" onclick="steal()">x</a>', "onclick"),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
        ("<style>body{display:none}</style>", "<style"),
        ("[x](  JaVaScRiPt:alert(1))", "alert"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ],
)
def test_dangerous_markup_never_survives(markdown, forbidden):
    assert forbidden.lower() not in render_markdown(markdown).lower()


def test_numbered_steps_with_bold_leads_bullets_emphasis_and_links():
    html = render_markdown(
        "Intro *soft* text.\n\n1. **Rewatch.** See it again.\n2. **Listen.** To the score.\n\n"
        "- tip one\n- tip two\n\n[IMDb](https://www.imdb.com/title/tt1798709/)"
    )
    assert "<em>soft</em>" in html
    assert "<ol>\n<li><strong>Rewatch.</strong> See it again.</li>" in html
    assert "<ul>\n<li>tip one</li>" in html
    link = '<a href="https://www.imdb.com/title/tt1798709/" rel="noopener noreferrer nofollow">IMDb</a>'
    assert link in html


def test_html_is_stored_on_save_for_every_markdown_field():
    article = make_article(intro="**Bold** intro")
    section = make_section(article, body="<script>x</script>*em*")
    item = make_faq(article, answer="An [answer](https://example.com).")
    article.refresh_from_db()
    section.refresh_from_db()
    item.refresh_from_db()
    assert article.intro_html == "<p><strong>Bold</strong> intro</p>"
    assert "<em>em</em>" in section.body_html and "<script" not in section.body_html
    assert 'href="https://example.com"' in item.answer_html


def test_editing_the_body_rerenders_the_html():
    section = make_section(make_article(), body="old")
    section.body = "new *text*"
    section.save()
    section.refresh_from_db()
    assert section.body_html == "<p>new <em>text</em></p>"


def test_key_points_split_one_per_line_ignoring_blanks_and_bullets():
    assert split_lines("- one\n\n* two\n  three  \n") == ["one", "two", "three"]


def test_empty_text_renders_nothing():
    assert render_markdown("   ") == ""


def test_saving_only_the_markdown_field_also_writes_its_html():
    article = make_article(intro="old")
    section = make_section(article, body="old")
    item = make_faq(article, answer="old")
    article.intro, section.body, item.answer = "**new**", "**new**", "**new**"
    article.save(update_fields=["intro"])
    section.save(update_fields=["body"])
    item.save(update_fields=["answer"])
    for obj, field in [(article, "intro_html"), (section, "body_html"), (item, "answer_html")]:
        obj.refresh_from_db()
        assert getattr(obj, field) == "<p><strong>new</strong></p>"
