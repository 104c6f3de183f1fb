"""Editorial checks, run on a version of an article before it is published.

The list below is the documentation: each check is one small function taking the version (a
document, see ``revisions.py``) and the facts it is checked against (``Facts``), and returning
the problems it found (an empty list when it passes). The change page shows them all as a
checklist; publishing is refused while one fails, unless an editor gives a reason, which the
history keeps (``workflow.publish``).

1. ``images_have_meaningful_alt_text``: the hero image and every section image have alt text that
   describes them: not empty, not a file name, not a placeholder such as "image".
2. ``headings_are_filled_and_unique``: every section has a heading, and no two are the same.
3. ``analysis_sections_have_key_points``: every analysis section (all but the practical ones:
   "How to ...", tips, steps, conclusion, sources) lists its key points.
4. ``faq_is_about_the_film``: every FAQ item names the film, one of its people (director, cast,
   crew), one of its characters, or a term from the article's analysis headings. Generic
   questions that could sit under any film are flagged.
5. ``standfirst_keeps_the_ending``: the standfirst (shown in listings, feeds and social cards)
   contains none of the article's spoiler terms.
6. ``internal_links_are_live``: links to other explainers on this site point to published ones.
7. ``placed_polls_are_ready``: a poll placed in the article is published and its reference
   survey is valid (one percentage per choice adding up to about 100, with a source).

``reading_stats`` gives the word count and reading time shown beside the checklist.
"""

import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch

from filmsite.models import Film
from polls.models import Choice, Poll, reference_survey_problems

from .models import Article

WORDS_PER_MINUTE = 230
PLACEHOLDER_ALT = {
    *("image", "images", "photo", "picture", "pic", "img", "screenshot", "screen shot", "hero"),
    *("banner", "untitled", "alt", "alt text", "graphic", "figure", "illustration", "thumbnail", "still"),
}
FILE_NAME = re.compile(
    r"\.(jpe?g|png|gif|webp|avif|svg|heic|tiff?|bmp)\b|^(img|dsc|dscn|pxl|screenshot)[-_ ]?\d", re.I
)
PRACTICAL_HEADING = re.compile(
    r"^\s*(how to\b|expert tips|tips\b|steps\b|conclusion|sources|further reading|faq|frequently asked)",
    re.I,
)
# Words too common (in English, or in any writing about films) to tie an FAQ item to this film.
COMMON_WORDS = frozenset(
    re.findall(
        r"\w+",
        """
        about above after again against also another around because been before being below between
        both could does doing down during each ending endings every explained explains explanation film
        films final first from further have having here into itself just leave leaves left like made
        make makes many meaning means more most movie movies much must never often only open other over
        same says scene scenes should some such than that their theirs them then there these they thing
        things this those through under until very watch watching what when where which while who whom
        whose will with within without would your yours story stories character characters question
        questions answer answers happen happens happened really words word people person viewer viewers
        audience audiences director directors review reviews spoiler spoilers plot
        """,
    )
)


@dataclass
class Facts:
    """What the checks compare a version with, fetched once (a few queries)."""

    film_title: str = ""
    names: set = field(default_factory=set)  # people and characters, as written
    published_slugs: set = field(default_factory=set)
    polls: dict = field(default_factory=dict)

    @classmethod
    def for_document(cls, document):
        film = (
            Film.objects.filter(pk=document["film"])
            .prefetch_related("directors", "cast__person", "crew__person")
            .first()
        )
        names = set()
        if film is not None:
            people = [
                *film.directors.all(),
                *(c.person for c in film.cast.all()),
                *(c.person for c in film.crew.all()),
            ]
            for person in people:
                names.add(person.name)
                names.update(_name_parts(person.name))
            for credit in film.cast.all():
                character = re.sub(r"\(.*?\)", "", credit.character_name).strip()
                if character:
                    names.add(character)
                    names.update(_name_parts(character))
        slugs = {slug for slug, _ in _internal_links(document)}
        published = set(Article.objects.published().filter(slug__in=slugs).values_list("slug", flat=True))
        placed = [s["poll"] for s in document["sections"] if s["poll"]]
        choices = Prefetch("choices", queryset=Choice.objects.order_by("position", "id"))
        polls = {poll.pk: poll for poll in Poll.objects.filter(pk__in=placed).prefetch_related(choices)}
        return cls(film.title if film else "", names, published, polls)


def _name_parts(name):
    """First and last names on their own ("Amy", "Adams"); not particles such as "van"."""
    return {part for part in name.split() if len(part) > 2 and part[0].isupper()}


def images_have_meaningful_alt_text(document, facts):
    images = []
    if document["hero_image"]:
        images.append(("The hero image", document["hero_image_alt"]))
    for section in document["sections"]:
        if section["image"]:
            images.append((f"The image in “{section['heading']}”", section["image_alt"]))
    problems = []
    for where, alt in images:
        text = alt.strip()
        if not text:
            problems.append(f"{where} has no alt text.")
        elif FILE_NAME.search(text):
            problems.append(f"{where} has a file name as alt text (“{text}”): describe the picture.")
        elif text.lower().strip(" .") in PLACEHOLDER_ALT or len(text) < 4:
            problems.append(f"{where} has alt text that says nothing (“{text}”): describe the picture.")
    return problems


def headings_are_filled_and_unique(document, facts):
    problems, seen = [], {}
    for position, section in enumerate(document["sections"], start=1):
        heading = section["heading"].strip()
        if not heading:
            problems.append(f"Section {position} has no heading.")
            continue
        key = " ".join(heading.lower().split())
        if key in seen:
            problems.append(f"Sections {seen[key]} and {position} have the same heading (“{heading}”).")
        seen.setdefault(key, position)
    return problems


def is_analysis(section):
    return not PRACTICAL_HEADING.match(section["heading"])


def analysis_sections_have_key_points(document, facts):
    return [
        f"“{section['heading']}” has no key points."
        for section in document["sections"]
        if is_analysis(section) and not section["key_points"].strip()
    ]


def heading_terms(document):
    """Distinctive words of the analysis headings (common and film-writing words left out)."""
    terms = set()
    for section in document["sections"]:
        if is_analysis(section):
            for word in re.findall(r"[^\W\d_]+", section["heading"].lower()):
                if len(word) >= 4 and word not in COMMON_WORDS:
                    terms.add(word)
    return terms


def _names_in(text, names):
    return any(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) for name in names if name)


def faq_is_about_the_film(document, facts):
    terms = heading_terms(document)
    names = {*facts.names, facts.film_title}
    problems = []
    for item in document["faq"]:
        text = f"{item['question']}\n{item['answer']}"
        words = set(re.findall(r"[^\W\d_]+", text.lower()))
        if not (_names_in(text, names) or words & terms):
            problems.append(
                f"The FAQ item “{item['question']}” does not mention the film, its people or characters, "
                "or anything the article's headings discuss: it reads as if it could sit under any film."
            )
    return problems


def spoiler_terms(document):
    return [term.strip() for term in re.split(r"[\n,]", document["spoiler_terms"]) if term.strip()]


def standfirst_keeps_the_ending(document, facts):
    standfirst = document["standfirst"]
    found = [
        term
        for term in spoiler_terms(document)
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", standfirst, re.IGNORECASE)
    ]
    if not found:
        return []
    return [f"The standfirst gives the ending away: it mentions {', '.join(f'“{t}”' for t in found)}."]


_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|href=[\"']([^\"']+)")
_ARTICLE_PATH = re.compile(r"^/articles/([-\w]+)/?")


def _internal_links(document):
    """(slug, href) for each link to an explainer on this site in the version's Markdown."""
    texts = [
        document["intro"],
        *(s["body"] for s in document["sections"]),
        *(i["answer"] for i in document["faq"]),
    ]
    hosts = {host.lstrip(".").lower() for host in settings.ALLOWED_HOSTS if host != "*"}
    site = getattr(settings, "SITE_URL", "")
    if site:
        hosts.add(urlsplit(site).hostname or "")
    for text in texts:
        for match in _LINK.finditer(text or ""):
            href = match.group(1) or match.group(2)
            parts = urlsplit(href)
            if parts.scheme and (
                parts.scheme not in ("http", "https") or (parts.hostname or "") not in hosts
            ):
                continue
            if not parts.scheme and href.startswith("//"):
                continue
            found = _ARTICLE_PATH.match(parts.path)
            if found:
                yield found.group(1), href


def internal_links_are_live(document, facts):
    own = document["slug"]
    return [
        f"The link to {href} points to an explainer that is not published."
        for slug, href in _internal_links(document)
        if slug != own and slug not in facts.published_slugs
    ]


def placed_polls_are_ready(document, facts):
    problems = []
    for section in document["sections"]:
        if not section["poll"]:
            continue
        poll = facts.polls.get(section["poll"])
        if poll is None:
            problems.append(f"The poll after “{section['heading']}” no longer exists.")
            continue
        if poll.status != Poll.Status.PUBLISHED:
            problems.append(
                f"The poll “{poll}” after “{section['heading']}” is a draft: readers will not see it "
                "until an editor publishes the poll."
            )
        choices = list(poll.choices.all())
        for problem in reference_survey_problems(
            [c.reference_percent for c in choices], poll.reference_source
        ):
            problems.append(f"The poll “{poll}”: {problem}")
    return problems


CHECKS = [
    ("Images have meaningful alt text", images_have_meaningful_alt_text),
    ("Headings are filled in and unique", headings_are_filled_and_unique),
    ("Analysis sections have key points", analysis_sections_have_key_points),
    ("The FAQ is about this film", faq_is_about_the_film),
    ("The standfirst does not give the ending away", standfirst_keeps_the_ending),
    ("Links to other explainers are live", internal_links_are_live),
    ("Placed polls are ready", placed_polls_are_ready),
]


@dataclass
class Result:
    title: str
    problems: list

    @property
    def ok(self):
        return not self.problems


@dataclass
class Failure:
    check: str
    message: str


def run(document, facts=None):
    """Every check's result for ``document`` (a normalized document), in the order above."""
    facts = facts or Facts.for_document(document)
    return [Result(title, check(document, facts)) for title, check in CHECKS]


def failures(document, article=None):
    """The problems that stop publishing, one ``Failure`` each (empty: publishing may go ahead)."""
    return [Failure(result.title, problem) for result in run(document) for problem in result.problems]


def reading_stats(document):
    """(words, minutes) of the text a reader reads: intro, sections, key points and FAQ."""
    parts = [document["standfirst"], document["intro"]]
    for section in document["sections"]:
        parts += [section["heading"], section["body"], section["key_points"], section["image_caption"]]
    for item in document["faq"]:
        parts += [item["question"], item["answer"]]
    words = len(re.findall(r"[^\W_]+(?:['’][^\W_]+)?", " ".join(parts)))
    return words, max(1, math.ceil(words / WORDS_PER_MINUTE))
