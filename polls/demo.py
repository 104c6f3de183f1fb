"""The demo poll on *Her*, for ``load_demo`` (which calls ``load_demo_polls`` after its films).

Idempotent: the poll and its choices are matched by slug and label, votes are never touched,
and running it twice changes nothing.
"""

from django.db import transaction

from articles.models import Article
from filmsite.models import Film

from .models import Choice, Poll

HER_POLL_SLUG = "her-ending"
HER_ARTICLE_SLUG = "her-ending-explained"
HER_CHOICES = [  # label, share in the reference survey (%)
    ("Happy", 12),
    ("Sad", 28),
    ("Bittersweet", 41),
    ("Open-ended", 11),
    ("Ambiguous", 8),
]
INTERPRETATION_WORDS = ("meaning", "interpret", "ending")


def _interpretation_section(article):
    """The section about what the ending means, or else the second one."""
    sections = list(article.sections.order_by("position", "id"))
    for word in INTERPRETATION_WORDS:
        for section in sections:
            if word in section.heading.lower():
                return section
    return sections[1] if len(sections) > 1 else (sections[0] if sections else None)


def _set_changed(obj, values):
    """Save ``obj`` with ``values`` only if they differ (a rerun then writes nothing)."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return bool(changed)


@transaction.atomic
def load_demo_polls(stdout):
    film = Film.objects.filter(slug="her").first()
    if film is None:
        stdout.write("poll: skipped, the film 'her' does not exist (load films first)\n")
        return None
    values = {
        "question": "How would you describe the ending of Her?",
        "title": "",
        "film": film,
        "status": Poll.Status.PUBLISHED,
        "results_visibility": Poll.ResultsVisibility.AFTER_VOTE,
        "reference_source": "Letterboxd user surveys",
        "reference_url": "https://letterboxd.com/film/her/",
    }
    poll, created = Poll.objects.get_or_create(slug=HER_POLL_SLUG, defaults=values)
    changed = _set_changed(poll, values)
    for position, (label, percent) in enumerate(HER_CHOICES, start=1):
        choice, choice_created = Choice.objects.get_or_create(
            poll=poll, label=label, defaults={"position": position, "reference_percent": percent}
        )
        changed |= choice_created | _set_changed(choice, {"position": position, "reference_percent": percent})
    action = "created" if created else ("updated" if changed else "unchanged")
    stdout.write(f"poll: {action} {poll.slug} ({len(HER_CHOICES)} choices)\n")

    article = Article.objects.filter(slug=HER_ARTICLE_SLUG).first()
    section = _interpretation_section(article) if article else None
    if section is None:
        stdout.write(f"poll: not placed, the article '{HER_ARTICLE_SLUG}' has no sections yet\n")
    elif article.sections.filter(poll=poll).exists():
        stdout.write(f"poll: already placed in {article.slug}\n")
    else:
        section.poll = poll
        section.save(update_fields=["poll"])
        stdout.write(f"poll: placed after section “{section.heading}” of {article.slug}\n")
    return poll
