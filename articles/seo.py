"""Structured data (schema.org JSON-LD) for search engines: the Article and its FAQ."""

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from filmsite.siteurl import absolute_url

# The same escapes as Django's json_script: nothing in the data can close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def article_structured_data(article, request, faq_items):
    url = absolute_url(article.get_absolute_url())
    data = [
        {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": article.title,
            "description": article.standfirst,
            "mainEntityOfPage": url,
            "datePublished": article.published_at.isoformat() if article.published_at else None,
            "dateModified": article.updated_at.isoformat() if article.updated_at else None,
            "author": {"@type": "Person", "name": article.author_name} if article.author_name else None,
            "image": absolute_url(article.hero_image.url) if article.hero_image else None,
            "about": {"@type": "Movie", "name": article.film.title, "dateCreated": str(article.film.year)},
        }
    ]
    if faq_items:
        data.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": item.question,
                        "acceptedAnswer": {"@type": "Answer", "text": strip_tags(item.answer_html)},
                    }
                    for item in faq_items
                ],
            }
        )
    for entry in data:
        for key in [key for key, value in entry.items() if value is None]:
            del entry[key]
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')
