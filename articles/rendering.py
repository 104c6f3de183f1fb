"""The one place where editor text becomes HTML.

Editors write Markdown. It is rendered once, when the object is saved, and the result is
sanitized with nh3 (an allow-list HTML sanitizer built on the Rust crate ammonia), so raw HTML,
``<script>``, ``javascript:`` links and event attributes can never reach a page. Templates print
the stored HTML and do no Markdown work per request.
"""

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text):
    """Return sanitized HTML for the Markdown ``text`` (an empty string for empty input)."""
    if not text or not text.strip():
        return ""
    html = markdown.markdown(text, extensions=["sane_lists", "smarty"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def split_lines(text):
    """Split an editor's one-item-per-line text into clean items (blank lines dropped)."""
    items = []
    for line in (text or "").splitlines():
        item = line.strip().lstrip("-*•").strip()
        if item:
            items.append(item)
    return items
