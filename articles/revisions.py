"""Whole-article versions: snapshot, apply, three-way merge and readable comparison.

A *document* is a plain dict that holds one version of an article completely (it is what an
``ArticleRevision.snapshot`` stores)::

    {"format": 2, "title", "slug", "standfirst", "intro", "author", "film", "related_films",
     "hero_image", "hero_image_alt", "spoiler_terms", "tags", "status", "published_at",
     "sections": [{"uid", "heading", "anchor", "body", "key_points", "image", "image_alt",
                   "image_caption", "poll"}, ...],
     "faq": [{"uid", "question", "answer"}, ...]}

Foreign keys are ids, images are stored file names ("" for none), tags are names, children are
in reading order and carry a ``uid`` that stays with them through every version, so merges
match them by identity and never by position. Derived values (rendered HTML, image sizes, card
images) are not part of a document: applying it to the rows recomputes them.

This module knows documents and rows; who may do what and when lives in ``workflow.py``.
"""

import difflib
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC

from django.contrib.auth import get_user_model
from django.utils.dateparse import parse_datetime
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from filmsite.models import Film
from polls.models import Poll

from . import search_index
from .models import Article, FAQItem, Section, unique_anchor

FORMAT = 2

ARTICLE_FIELDS = [
    *("title", "slug", "standfirst", "intro", "author", "film", "hero_image", "hero_image_alt"),
    "spoiler_terms",
]
# Publication time is part of a version (it is printed on the page); the status is not: it is
# the workflow's state, recorded in each snapshot for the history but never merged or restored.
MERGED_FIELDS = [*ARTICLE_FIELDS, "published_at"]
SET_FIELDS = ["related_films", "tags"]
SECTION_FIELDS = ["heading", "anchor", "body", "key_points", "image", "image_alt", "image_caption", "poll"]
FAQ_FIELDS = ["question", "answer"]
CHILDREN = {"sections": SECTION_FIELDS, "faq": FAQ_FIELDS}

LABELS = {
    "title": "title",
    "slug": "slug",
    "standfirst": "standfirst",
    "intro": "intro",
    "author": "author",
    "film": "film",
    "hero_image": "hero image",
    "hero_image_alt": "hero image alt text",
    "spoiler_terms": "spoiler terms",
    "published_at": "publication time",
    "related_films": "compared films",
    "tags": "tags",
    "heading": "heading",
    "anchor": "anchor",
    "body": "body",
    "key_points": "key points",
    "image": "image",
    "image_alt": "image alt text",
    "image_caption": "caption",
    "poll": "poll",
    "question": "question",
    "answer": "answer",
}
PROSE = {
    "intro",
    "body",
    "key_points",
    "answer",
    "standfirst",
    "title",
    "heading",
    "question",
    "image_caption",
}


# -- snapshots ------------------------------------------------------------------------------------


def snapshot(article):
    """The document of ``article`` as its rows stand now (five small queries)."""
    sections = Section.objects.filter(article=article).order_by("position", "id")
    faq = FAQItem.objects.filter(article=article).order_by("position", "id")
    return normalize(
        {
            "title": article.title,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "intro": article.intro,
            "author": article.author_id,
            "film": article.film_id,
            "related_films": sorted(article.related_films.values_list("pk", flat=True)),
            "hero_image": article.hero_image.name or "",
            "hero_image_alt": article.hero_image_alt,
            "spoiler_terms": article.spoiler_terms,
            "tags": sorted_tags(article.tags.values_list("name", flat=True)),
            "status": article.status,
            "published_at": iso(article.published_at),
            "sections": [
                {
                    "uid": str(s.uid),
                    "heading": s.heading,
                    "anchor": s.anchor,
                    "body": s.body,
                    "key_points": s.key_points,
                    "image": s.image.name or "",
                    "image_alt": s.image_alt,
                    "image_caption": s.image_caption,
                    "poll": s.poll_id,
                }
                for s in sections
            ],
            "faq": [{"uid": str(item.uid), "question": item.question, "answer": item.answer} for item in faq],
        }
    )


def iso(value):
    """A publication time as one canonical string (UTC, whole seconds as the form edits them)."""
    if not value:
        return None
    moment = parse_datetime(value) if isinstance(value, str) else value
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def sorted_tags(names):
    return sorted(set(names), key=lambda name: (name.lower(), name))


def new_uid():
    return str(uuid.uuid4())


def normalize(document):
    """Fill what a document may lack and make it consistent (anchors unique, uids present).

    Anchors are kept as given; a blank or repeated one is made from the heading, so a merge that
    brings two sections with one anchor still gives each its own link target.
    """
    doc = {key: _text(value) for key, value in document.items()}
    doc["format"] = FORMAT
    for name in ARTICLE_FIELDS:
        doc.setdefault(name, None if name in ("author", "film") else "")
    doc["published_at"] = iso(doc.get("published_at"))
    doc.setdefault("status", Article.Status.DRAFT)
    doc["related_films"] = sorted(set(doc.get("related_films") or []))
    doc["tags"] = sorted_tags(doc.get("tags") or [])
    for kind, names in CHILDREN.items():
        children, seen = [], set()
        for child in doc.get(kind) or []:
            child = {
                "uid": child.get("uid") or new_uid(),
                **{n: _text(child.get(n, _blank(n))) for n in names},
            }
            if child["uid"] in seen:
                child["uid"] = new_uid()
            seen.add(child["uid"])
            children.append(child)
        doc[kind] = children
    # Anchors asked for keep them (the first one, if two ask for the same); blank or repeated
    # ones are made from the heading without taking an anchor asked for further down.
    taken, wanted = set(), set()
    for section in doc["sections"]:
        if section["anchor"] and section["anchor"] not in wanted:
            wanted.add(section["anchor"])
        else:
            section["anchor"] = ""
    for section in doc["sections"]:
        if not section["anchor"]:
            section["anchor"] = unique_anchor(section["heading"], taken | wanted)
        taken.add(section["anchor"])
    return doc


def _text(value):
    """Browsers send line breaks as CRLF; one kind of line break, so a round trip is no change."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def _blank(name):
    return None if name == "poll" else ""


def content(document):
    """What readers would see: the document without the workflow's status."""
    return {key: value for key, value in document.items() if key not in ("status", "format")}


def same_content(a, b):
    return a is not None and b is not None and content(normalize(a)) == content(normalize(b))


# -- applying a document to the rows --------------------------------------------------------------


class CannotApply(Exception):
    """The document names something that is gone (its film was deleted)."""


def apply(article, document, *, status=None, published_at=None):
    """Write ``document`` to the article's rows: fields, tags, compared films, sections, FAQ.

    Only rows that differ are saved, each with ``save()`` (so rendering and signals run as for
    any edit); sections are matched by ``uid`` and keep their anchors exactly. Call inside a
    transaction. ``status`` and ``published_at`` set the publication state (by default: kept).
    """
    doc = normalize(document)
    if not Film.objects.filter(pk=doc["film"]).exists():
        raise CannotApply("The film of this version no longer exists: choose a film and save again.")
    with search_index.deferred():  # one reindex for the whole version, not one per row
        return _apply(article, doc, status=status, published_at=published_at)


def _apply(article, doc, *, status, published_at):
    user_model = get_user_model()
    author = doc["author"] if doc["author"] and user_model.objects.filter(pk=doc["author"]).exists() else None

    article.title = doc["title"]
    article.slug = doc["slug"]
    article.standfirst = doc["standfirst"]
    article.intro = doc["intro"]
    article.author_id = author
    article.film_id = doc["film"]
    if (article.hero_image.name or "") != doc["hero_image"]:
        article.hero_image = doc["hero_image"] or None
    article.hero_image_alt = doc["hero_image_alt"]
    article.spoiler_terms = doc["spoiler_terms"]
    article.published_at = parse_datetime(doc["published_at"]) if doc["published_at"] else None
    if published_at is not None:
        article.published_at = published_at
    if status is not None:
        article.status = status
    article.save()

    films = set(Film.objects.filter(pk__in=doc["related_films"]).values_list("pk", flat=True))
    if set(article.related_films.values_list("pk", flat=True)) != films:
        article.related_films.set(films)
    if sorted_tags(article.tags.values_list("name", flat=True)) != doc["tags"]:
        article.tags.set(doc["tags"], clear=True)

    poll_ids = {s["poll"] for s in doc["sections"] if s["poll"]}
    polls = set(Poll.objects.filter(pk__in=poll_ids).values_list("pk", flat=True)) if poll_ids else set()
    for s in doc["sections"]:
        s["poll"] = s["poll"] if s["poll"] in polls else None
    _apply_children(article, Section, doc["sections"], SECTION_FIELDS, anchors=True)
    _apply_children(article, FAQItem, doc["faq"], FAQ_FIELDS)
    return article


def _apply_children(article, model, items, names, anchors=False):
    rows = {str(row.uid): row for row in model.objects.filter(article=article)}
    wanted = {item["uid"] for item in items}
    for uid, row in rows.items():
        if uid not in wanted:
            row.delete()
    if anchors:
        # Anchors are unique per article: rows whose anchor changes let go of it first, so two
        # sections can trade anchors, or a new one take a removed one's (blank is outside the
        # constraint).
        moving = [
            rows[item["uid"]].pk
            for item in items
            if item["uid"] in rows and rows[item["uid"]].anchor != item["anchor"]
        ]
        if moving:
            model.objects.filter(pk__in=moving).update(anchor="")
            for row in rows.values():
                if row.pk in moving:
                    row.anchor = ""
    for position, item in enumerate(items, start=1):
        row = rows.get(item["uid"])
        if row is None:
            row = model(article=article, uid=uuid.UUID(item["uid"]))
        values = {name: _row_value(name, item[name]) for name in names}
        values["position"] = position
        if row.pk is not None and all(_current(row, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(row, "poll_id" if name == "poll" else name, value)
        row.save()


def _row_value(name, value):
    if name == "image":
        return value or ""
    return value


def _current(row, name):
    if name == "poll":
        return row.poll_id
    if name == "image":
        return row.image.name or ""
    return getattr(row, name)


# -- three-way merge --------------------------------------------------------------------------------


@dataclass
class Conflict:
    """One place both editors changed: ``key`` names it ("title", "sections/<uid>/body",
    "sections/<uid>" for a delete against an edit)."""

    key: str
    label: str
    mine: object = None
    theirs: object = None
    kind: str = "changed"  # changed | deleted_by_them | deleted_by_me

    @property
    def field(self):
        return self.key.rsplit("/", 1)[-1]


@dataclass
class MergeResult:
    document: dict
    conflicts: list = field(default_factory=list)
    # Sections or FAQ items that I deleted and they edited: shown again so the editor decides.
    contested: dict = field(default_factory=dict)


def merge(base, theirs, mine):
    """Combine two editors' versions made from ``base``: field by field, child by child.

    A change made on one side only is taken. Where both sides changed the same thing to
    different values, the result keeps *mine* and a ``Conflict`` records *theirs*; the editor
    then chooses. Sets (tags, compared films) merge additions and removals without conflict.
    Children are matched by uid: one side's additions are kept where that side put them, a child
    deleted on one side and edited on the other is a conflict (never silently dropped), and a
    reordering on one side is combined with edits on the other.
    """
    base, theirs, mine = normalize(base), normalize(theirs), normalize(mine)
    merged = dict(mine)
    conflicts = []
    for name in MERGED_FIELDS:
        value, conflict = _merge_value(base[name], theirs[name], mine[name])
        merged[name] = value
        if conflict:
            conflicts.append(Conflict(name, LABELS[name], mine[name], theirs[name]))
    for name in SET_FIELDS:
        b, t, m = set(base[name]), set(theirs[name]), set(mine[name])
        result = (b | (t - b) | (m - b)) - (b - t) - (b - m)
        merged[name] = sorted_tags(result) if name == "tags" else sorted(result)
    contested = {}
    for kind, names in CHILDREN.items():
        merged[kind], kind_conflicts, kind_contested = _merge_children(
            kind, names, base[kind], theirs[kind], mine[kind]
        )
        conflicts += kind_conflicts
        contested.update(kind_contested)
    merged["status"] = theirs["status"]
    return MergeResult(normalize(merged), conflicts, contested)


def _merge_value(base, theirs, mine):
    if mine == theirs or theirs == base:
        return mine, False
    if mine == base:
        return theirs, False
    return mine, True


def _merge_children(kind, names, base, theirs, mine):
    b = {c["uid"]: c for c in base}
    t = {c["uid"]: c for c in theirs}
    m = {c["uid"]: c for c in mine}
    label_field = names[0]
    result, conflicts, contested = {}, [], {}
    for uid in [*t, *(u for u in m if u not in t), *(u for u in b if u not in t and u not in m)]:
        in_b, in_t, in_m = uid in b, uid in t, uid in m
        if in_t and in_m:
            base_child = b.get(uid) or dict.fromkeys(names)
            child = {"uid": uid}
            for name in names:
                value, conflict = _merge_value(base_child.get(name), t[uid][name], m[uid][name])
                child[name] = value
                if conflict:
                    label = f"{_kind_label(kind)} “{m[uid][label_field]}”: {LABELS[name]}"
                    conflicts.append(Conflict(f"{kind}/{uid}/{name}", label, m[uid][name], t[uid][name]))
            result[uid] = child
        elif in_m and not in_t:
            if in_b and m[uid] != b[uid]:
                conflicts.append(
                    Conflict(
                        f"{kind}/{uid}",
                        f"{_kind_label(kind)} “{m[uid][label_field]}”",
                        m[uid],
                        None,
                        kind="deleted_by_them",
                    )
                )
                result[uid] = m[uid]
            elif not in_b:
                result[uid] = m[uid]  # added by me
            # else: deleted by them, untouched by me: stays deleted
        elif in_t and not in_m:
            if in_b and t[uid] != b[uid]:
                conflicts.append(
                    Conflict(
                        f"{kind}/{uid}",
                        f"{_kind_label(kind)} “{t[uid][label_field]}”",
                        None,
                        t[uid],
                        kind="deleted_by_me",
                    )
                )
                contested[uid] = t[uid]
            elif not in_b:
                result[uid] = t[uid]  # added by them
            # else: deleted by me, untouched by them: stays deleted
    order = _merge_order([c["uid"] for c in base], [c["uid"] for c in theirs], [c["uid"] for c in mine])
    return [result[uid] for uid in order if uid in result], conflicts, contested


def _kind_label(kind):
    return "Section" if kind == "sections" else "FAQ"


def _merge_order(base, theirs, mine):
    """One reading order from both sides: the side that reordered leads (mine if both did), and
    each child only the other side has goes right after its predecessor on that side."""

    def reordered(order):
        common = [uid for uid in order if uid in base]
        return common != [uid for uid in base if uid in order]

    lead, other = (mine, theirs) if reordered(mine) else (theirs, mine)
    order = list(lead)
    for i, uid in enumerate(other):
        if uid in order:
            continue
        previous = next((u for u in reversed(other[:i]) if u in order), None)
        order.insert(order.index(previous) + 1 if previous else 0, uid)
    return order


def resolve(document, base, keys):
    """Take *their* value (the ``base`` the form now starts from) for each conflict key chosen."""
    doc = normalize(document)
    base = normalize(base)
    for key in keys:
        parts = key.split("/")
        if len(parts) == 1 and parts[0] in MERGED_FIELDS:
            doc[parts[0]] = base[parts[0]]
        elif len(parts) == 3 and parts[0] in CHILDREN and parts[2] in CHILDREN[parts[0]]:
            kind, uid, name = parts
            theirs = next((c for c in base[kind] if c["uid"] == uid), None)
            mine = next((c for c in doc[kind] if c["uid"] == uid), None)
            if theirs is not None and mine is not None:
                mine[name] = theirs[name]
    return normalize(doc)


# -- describing and comparing -----------------------------------------------------------------------


def describe_changes(old, new):
    """Short phrases naming what changed from ``old`` to ``new`` ("title", "section “X”: body")."""
    if old is None:
        return ["created"]
    old, new = normalize(old), normalize(new)
    parts = [LABELS[name] for name in MERGED_FIELDS if old[name] != new[name]]
    for name in SET_FIELDS:
        added = [str(v) for v in new[name] if v not in old[name]]
        removed = [str(v) for v in old[name] if v not in new[name]]
        if name == "related_films" and (added or removed):
            parts.append(LABELS[name])
        elif added or removed:
            detail = ", ".join([*(f"+{v}" for v in added), *(f"−{v}" for v in removed)])
            parts.append(f"tags ({detail})")
    for kind, names in CHILDREN.items():
        before = {c["uid"]: c for c in old[kind]}
        after = {c["uid"]: c for c in new[kind]}
        label_field = names[0]
        noun = _kind_label(kind).lower() if kind == "sections" else "FAQ"
        for uid, child in after.items():
            if uid not in before:
                parts.append(f"added {noun} “{child[label_field]}”")
            else:
                changed = [LABELS[n] for n in names if before[uid][n] != child[n]]
                if changed:
                    parts.append(f"{noun} “{child[label_field]}”: {', '.join(changed)}")
        for uid, child in before.items():
            if uid not in after:
                parts.append(f"removed {noun} “{child[label_field]}”")
        kept_before = [u for u in before if u in after]
        kept_after = [u for u in after if u in before]
        if kept_before != kept_after:
            parts.append(f"reordered {'sections' if kind == 'sections' else 'FAQ'}")
    return parts


def summary(old, new, limit=300):
    parts = describe_changes(old, new)
    if not parts:
        return "No changes."
    text = "; ".join(parts)
    text = text[:1].upper() + text[1:]
    return text if len(text) <= limit else text[: limit - 1] + "…"


_WORDS = re.compile(r"\s+|[^\s\w]|\w+")


def word_diff(old, new):
    """HTML marking words removed (<del>) and added (<ins>) from ``old`` to ``new``."""
    a, b = _WORDS.findall(str(old or "")), _WORDS.findall(str(new or ""))
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return mark_safe("".join(out))


@dataclass
class FieldChange:
    label: str
    old: object
    new: object
    html: str = ""  # a word diff for prose, or the two values side by side


@dataclass
class ChildChange:
    state: str  # added | removed | changed | moved | unchanged
    title: str
    changes: list = field(default_factory=list)
    moved: bool = False


def compare(old, new):
    """A readable comparison of two documents for the history's compare view.

    Returns ``{"fields": [FieldChange], "sections": [ChildChange], "faq": [ChildChange]}``.
    Prose is compared word by word; ids (film, author, poll, compared films) are shown by name,
    looked up in one query per kind whatever the number of sections.
    """
    old, new = normalize(old), normalize(new)
    names = _names(old, new)
    fields = []
    for name in MERGED_FIELDS:
        if old[name] != new[name]:
            fields.append(_field_change(name, old[name], new[name], names))
    for name in SET_FIELDS:
        if old[name] != new[name]:
            before = [names.get(("film", v), str(v)) if name == "related_films" else v for v in old[name]]
            after = [names.get(("film", v), str(v)) if name == "related_films" else v for v in new[name]]
            fields.append(
                FieldChange(LABELS[name], ", ".join(before), ", ".join(after), _set_diff(before, after))
            )
    result = {"fields": fields}
    for kind, child_names in CHILDREN.items():
        result[kind] = _compare_children(old[kind], new[kind], child_names, names)
    result["groups"] = [("Sections", result["sections"]), ("FAQ", result["faq"])]
    return result


def _field_change(name, old, new, names):
    if name in PROSE:
        return FieldChange(LABELS[name], old, new, word_diff(old, new))
    shown_old, shown_new = _shown(name, old, names), _shown(name, new, names)
    return FieldChange(
        LABELS[name],
        shown_old,
        shown_new,
        format_html("<del>{}</del> <ins>{}</ins>", shown_old or "(none)", shown_new or "(none)"),
    )


def _one_side(name, value, names, tag):
    """A field of a child that was added (``ins``) or removed (``del``) as a whole."""
    shown = _shown(name, value, names)
    return FieldChange(LABELS[name], "", shown, format_html(f"<{tag}>{{}}</{tag}>", shown))


def _shown(name, value, names):
    if value in (None, ""):
        return ""
    if name in ("film", "author", "poll"):
        return names.get((name, value), f"#{value} (deleted)")
    return str(value)


def _set_diff(before, after):
    pieces = [format_html("<del>{}</del>", v) for v in before if v not in after]
    pieces += [format_html("<ins>{}</ins>", v) for v in after if v not in before]
    pieces += [escape(v) for v in after if v in before]
    return mark_safe(", ".join(pieces))


def _compare_children(old, new, names, lookups):
    before = {c["uid"]: c for c in old}
    after = {c["uid"]: c for c in new}
    label_field = names[0]
    common_before = [u for u in before if u in after]
    common_after = [u for u in after if u in before]
    # Moved: not part of the longest run both orders share.
    matcher = difflib.SequenceMatcher(None, common_before, common_after, autojunk=False)
    in_place = set()
    for block in matcher.get_matching_blocks():
        in_place.update(common_after[block.b : block.b + block.size])
    rows = []
    for uid, child in after.items():
        if uid not in before:
            changes = [_one_side(n, child[n], lookups, "ins") for n in names if child[n] not in ("", None)]
            rows.append(ChildChange("added", child[label_field], changes))
            continue
        changes = [
            _field_change(n, before[uid][n], child[n], lookups) for n in names if before[uid][n] != child[n]
        ]
        moved = uid not in in_place
        state = "changed" if changes else ("moved" if moved else "unchanged")
        rows.append(ChildChange(state, child[label_field], changes, moved))
    for uid, child in before.items():
        if uid not in after:
            changes = [_one_side(n, child[n], lookups, "del") for n in names if child[n] not in ("", None)]
            rows.append(ChildChange("removed", child[label_field], changes))
    return rows


def _names(*documents):
    """Display names for the ids the documents mention: one query per kind."""
    films, users, polls = set(), set(), set()
    for doc in documents:
        films.update(v for v in [doc["film"], *doc["related_films"]] if v)
        if doc["author"]:
            users.add(doc["author"])
        polls.update(s["poll"] for s in doc["sections"] if s["poll"])
    names = {}
    for film in Film.objects.filter(pk__in=films).only("title", "year"):
        names[("film", film.pk)] = str(film)
    for user in get_user_model().objects.filter(pk__in=users):
        names[("author", user.pk)] = user.get_full_name() or user.get_username()
    for poll in Poll.objects.filter(pk__in=polls).only("question", "title"):
        names[("poll", poll.pk)] = str(poll)
    return names


def upgrade_legacy(snapshot_data):
    """A document from a text-only copy kept before revisions held the whole article.

    Those copies lack images, film, tags' identity, section identities and poll placement; the
    missing parts are left blank (the revision is marked incomplete and cannot be restored).
    """
    doc = {key: snapshot_data.get(key) for key in ("title", "slug", "standfirst", "intro", "status")}
    doc["published_at"] = snapshot_data.get("published_at")
    doc["tags"] = snapshot_data.get("tags") or []
    doc["sections"] = [
        {
            n: s.get(n, "")
            for n in ("uid", "heading", "anchor", "body", "key_points", "image_alt", "image_caption")
        }
        for s in snapshot_data.get("sections", [])
    ]
    doc["faq"] = [
        {"uid": f.get("uid", ""), "question": f.get("question", ""), "answer": f.get("answer", "")}
        for f in snapshot_data.get("faq", [])
    ]
    return normalize({k: v for k, v in doc.items() if v is not None})
