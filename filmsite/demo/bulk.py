"""Bulk content for scale work: films, people, explainers, tags, polls and votes by the 100,000.

``seed(sizes=..., seed=...)`` fills the database the way a long-running site would look: most
films have an explainer or two and a few have hundreds, a few tags are on a third of the
articles and most on a handful, a few polls get most of the votes. It is what
``manage.py seed_bulk`` runs, and what ``bench/scale.py`` measures the site against.

How it stays fast (100,000 articles with 600,000 sections in a few minutes):

* Rows are written in bulk, with ids chosen here: PostgreSQL ``COPY``, SQLite ``executemany``,
  a chunk of articles (and their sections, FAQ, tags) at a time so memory stays flat. The id
  sequences are moved past the new rows at the end.
* Editor text goes through the project's own rendering (``articles.rendering.render_markdown``),
  but each distinct text only once: article text is put together from a pool of Markdown
  blocks (paragraphs, numbered steps) rendered up front, and the stored HTML is the rendered
  blocks joined as Markdown joins blocks. The test suite checks that the result equals
  ``render_markdown`` of the whole text.
* Vote rows go in with the tally triggers suspended (``polls.triggers.suspended``: a trigger
  call per row costs 80 us in one big transaction, a recount of a million rows about a second);
  the triggers are back and the tallies recounted in the same transaction, and every
  ``ChoiceTally`` is compared with a fresh recount before committing.

Everything is one transaction: an interrupted run leaves nothing behind. Content is
deterministic for a given seed and sizes; dates are offsets from the time of the run, so the
newest articles are always recent (Google News sitemaps, "latest" lists).
"""

import itertools
import random
import time
from dataclasses import dataclass, fields
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles.models import Article, FAQItem, Section, TaggedArticle, unique_anchor
from articles.rendering import render_markdown
from filmsite import dependencies
from filmsite.models import CastCredit, CrewCredit, Film, Genre, Person
from filmsite.signals import changed
from polls import triggers
from polls.models import Choice, Poll, Vote

from . import words

AUTHOR_PREFIX = "seed-writer-"
CHUNK = 2_000  # articles generated and written per round (with their sections, FAQ and tags)


@dataclass(frozen=True)
class Sizes:
    """How much to make. The defaults are the scale of issue 9's measurements."""

    films: int = 20_000
    people: int = 20_000
    articles: int = 100_000
    sections: int = 6  # per article
    tags: int = 5_000
    polls: int = 2_000
    votes: int = 1_000_000


class AlreadySeeded(Exception):
    pass


def already_seeded():
    """Whether this database already holds seeded content (its writer accounts exist)."""
    return get_user_model().objects.filter(username__startswith=AUTHOR_PREFIX).exists()


def seed(*, sizes, seed=1, using=DEFAULT_DB_ALIAS, log=print):
    """Add ``sizes`` of generated content to the database, once; returns what was made.

    Refuses (``AlreadySeeded``) when an earlier run's content is there: run it on a fresh or
    demo database. ``log`` receives one line per step.
    """
    if already_seeded():
        raise AlreadySeeded("this database already holds seed_bulk content (seed-writer-* accounts)")
    started = time.monotonic()
    with transaction.atomic(using=using):
        run = _Run(sizes, seed, connections[using], log)
        run.all()
    # Rows written in bulk send no signals: every cached page may show what changed.
    changed({dependencies.ALL}, reschedule=True)
    connection = connections[using]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Mark the new pages all-visible, as autovacuum would later: index-only scans then skip
        # the table, as on a site that has been running (not possible inside a transaction).
        started_vacuum = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        log(f"vacuumed in {time.monotonic() - started_vacuum:.1f} s")
    log(f"done in {time.monotonic() - started:.1f} s")
    return run.made


def tally_mismatches(using=DEFAULT_DB_ALIAS):
    """Choices whose ``ChoiceTally`` differs from a recount of their vote rows (should be none)."""
    from polls.models import ChoiceTally

    choice, tally, vote = (m._meta.db_table for m in (Choice, ChoiceTally, Vote))
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"""
            SELECT c.id, COALESCE(t.votes, 0), COALESCE(v.n, 0) FROM {choice} c
            LEFT JOIN {tally} t ON t.choice_id = c.id
            LEFT JOIN (SELECT choice_id, COUNT(*) AS n FROM {vote} GROUP BY choice_id) v
                   ON v.choice_id = c.id
            WHERE COALESCE(t.votes, 0) <> COALESCE(v.n, 0)
            """
        )
        return cursor.fetchall()


class _Writer:
    """Inserts rows with given ids: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection):
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.models = []

    def next_id(self, model):
        self.models.append(model)
        last = model._default_manager.db_manager(self.connection.alias).aggregate(m=models.Max("pk"))["m"]
        return (last or 0) + 1

    def insert(self, model, columns, rows):
        """Write ``rows`` (tuples in the order of ``columns``, field names) into ``model``'s table.

        Fields not named take their model default, so a field added later needs no change here.
        """
        meta = model._meta
        adapt = self._adapters(meta, columns)
        listed = {meta.get_field(c).column for c in columns}
        rest = [f for f in meta.concrete_fields if f.column not in listed]
        if rest:
            # A callable default (a uid) is called for each row, as a save() would.
            fixed = {
                f.name: f.get_db_prep_save(f.get_default(), self.connection)
                for f in rest
                if not callable(f.default)
            }

            def defaults():
                return tuple(
                    fixed[f.name] if f.name in fixed else f.get_db_prep_save(f.get_default(), self.connection)
                    for f in rest
                )

            columns = [*columns, *(f.name for f in rest)]
            rows = (row + defaults() for row in rows)
            adapt += [None] * len(rest)
        quote = self.connection.ops.quote_name
        table = quote(meta.db_table)
        names = ", ".join(quote(meta.get_field(c).column) for c in columns)
        with self.connection.cursor() as cursor:
            if self.postgres:  # psycopg adapts the values itself
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({names}) VALUES ({placeholders})",
                    [tuple(f(v) if f else v for f, v in zip(adapt, row, strict=True)) for row in rows],
                )

    def _adapters(self, meta, columns):
        """Per column, the function turning a Python date or time into SQLite's text (else None)."""
        ops = self.connection.ops
        adapt = []
        for column in columns:
            field = meta.get_field(column)
            if self.postgres:
                adapt.append(None)
            elif isinstance(field, models.DateTimeField):
                adapt.append(ops.adapt_datetimefield_value)
            elif isinstance(field, models.DateField):
                adapt.append(ops.adapt_datefield_value)
            else:
                adapt.append(None)
        return adapt

    def finish(self):
        """Move id sequences past the rows written with explicit ids (PostgreSQL)."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), self.models)
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            cursor.execute("ANALYZE")  # fresh planner statistics for the new row counts


class _Zipf:
    """Draws indexes in range(n), index i with weight 1/(i + 1 + offset): a few common, a long tail."""

    def __init__(self, n, offset):
        self.population = range(n)
        self.cum = list(itertools.accumulate(1 / (r + offset) for r in range(1, n + 1)))

    def draw(self, rng, count):
        if not self.population or count <= 0:
            return []
        return rng.choices(self.population, cum_weights=self.cum, k=count)


def _zipf(rng, count, n, offset):
    return _Zipf(n, offset).draw(rng, count)


def _title_case(text):
    small = {"the", "a", "an", "of", "on", "in", "and", "at", "to"}
    parts = text.split()
    return " ".join(p if (i and p in small) else p[:1].upper() + p[1:] for i, p in enumerate(parts))


def _sentence_case(text):
    return text[:1].upper() + text[1:]


_TITLE = {text: _title_case(text) for text in words.THEMES + words.MOTIFS}
_SENTENCE = {text: _sentence_case(text) for text in words.THEMES + words.MOTIFS}


class _Blocks:
    """A pool of Markdown blocks, each rendered once; texts are made by joining blocks.

    Markdown renders blocks separated by a blank line independently, and joins their HTML with
    a newline; so the HTML of a joined text is the join of its blocks' HTML.
    """

    def __init__(self):
        self.markdown = []
        self.html = []
        self._index = {}

    def add(self, text):
        if text not in self._index:
            self._index[text] = len(self.markdown)
            self.markdown.append(text)
            self.html.append(render_markdown(text))
        return self._index[text]

    def join(self, indexes):
        return "\n\n".join(self.markdown[i] for i in indexes), "\n".join(self.html[i] for i in indexes)


class _Run:
    def __init__(self, sizes, seed, connection, log):
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.writer = _Writer(connection)
        self.connection = connection
        self.log = log
        self.now = timezone.now()
        self.made = {}

    def step(self, name, function):
        started = time.monotonic()
        count = function()
        self.made[name] = count
        self.log(f"{name}: {count:,} in {time.monotonic() - started:.1f} s")

    def all(self):
        self.step("text blocks rendered", self.make_blocks)
        self.step("writers", self.make_authors)
        self.step("genres", self.make_genres)
        self.step("people", self.make_people)
        self.step("films", self.make_films)
        self.step("tags", self.make_tags)
        self.plan_articles()
        self.step("polls", self.make_polls)
        self.step("articles", self.make_articles)
        self.step("votes", self.make_votes)
        self.step("tables indexed and checked", self.finish)

    def finish(self):
        self.writer.finish()
        mismatches = tally_mismatches(self.connection.alias)
        if mismatches:
            raise RuntimeError(f"vote tallies differ from the recount for choices {mismatches[:10]}")
        return len(self.writer.models)

    # --- text -------------------------------------------------------------------------------

    def slots(self, film=None):
        """Values for the placeholders of ``words``' patterns: this film's, plus a random theme."""
        rng = self.rng
        theme, theme2 = rng.sample(words.THEMES, 2)
        motif = rng.choice(words.MOTIFS)
        characters = film["characters"] if film else ("Mara", "Theo")
        return {
            "film": film["title"] if film else "the film",
            "character": characters[0],
            "character2": characters[1],
            "verb": rng.choice(words.VERBS),
            "motif": motif,
            "Motif": _SENTENCE[motif],
            "MotifTitle": _TITLE[motif],
            "theme": theme,
            "Theme": _SENTENCE[theme],
            "ThemeTitle": _TITLE[theme],
            "theme2": theme2,
            "Theme2Title": _TITLE[theme2],
        }

    def make_blocks(self):
        rng = self.rng
        blocks = self.blocks = _Blocks()

        def pool(templates, size):
            indexes = []
            for _ in range(size * 3):  # distinct texts; stop at size
                indexes.append(blocks.add(rng.choice(templates).format(**self.slots())))
                if len(set(indexes)) >= size:
                    break
            return sorted(set(indexes))

        scale = max(1, min(self.sizes.articles, 100_000))
        self.paragraphs = pool(words.PARAGRAPHS, max(20, scale // 30))
        self.intros = pool(words.INTROS, max(10, scale // 100))
        self.steps_blocks = pool(words.STEPS, max(5, scale // 250))
        self.answers = pool(words.FAQ_ANSWERS, max(10, scale // 150))
        return len(blocks.markdown)

    # --- catalogue ------------------------------------------------------------------------------

    def make_authors(self):
        User = get_user_model()
        authors = []
        for i, (first, last) in enumerate(words.AUTHORS, start=1):
            user = User(username=f"{AUTHOR_PREFIX}{i:02d}", first_name=first, last_name=last)
            user.set_unusable_password()
            authors.append(user)
        self.author_ids = [u.pk for u in User.objects.bulk_create(authors)]
        if not all(self.author_ids):  # backends that return no ids from bulk_create
            self.author_ids = list(
                User.objects.filter(username__startswith=AUTHOR_PREFIX).values_list("pk", flat=True)
            )
        return len(self.author_ids)

    def make_genres(self):
        self.genre_ids = [
            Genre.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0].pk
            for name in words.GENRES
        ]
        return len(self.genre_ids)

    def make_people(self):
        rng = self.rng
        n = self.sizes.people
        combos = [f"{a} {b}" for a in words.FIRST_NAMES for b in words.LAST_NAMES]
        rng.shuffle(combos)
        names = combos[:n]
        initials = itertools.cycle("ABCDEFGHJKLMNPRSTVW")
        while len(names) < n:  # more people than first x last names: add a middle initial
            a, b = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
            names.append(f"{a} {next(initials)}. {b}")
        taken = set(Person.objects.values_list("slug", flat=True))
        first = self.writer.next_id(Person)
        rows = []
        for i, name in enumerate(names):
            rows.append((first + i, name, _unique_slug(slugify(name), taken)))
        self.writer.insert(Person, ["id", "name", "slug"], rows)
        self.person_ids = [row[0] for row in rows]
        return n

    def make_films(self):
        rng, now = self.rng, self.now
        n = self.sizes.films
        people = self.person_ids
        # A sixth of the people direct (several films each); anyone may act or crew.
        directors = people[: max(1, len(people) // 6)] if people else []
        taken = set(Film.objects.values_list("slug", flat=True))
        first = self.writer.next_id(Film)
        self.films = []
        film_rows, genre_rows, director_rows, cast_rows, crew_rows = [], [], [], [], []
        roles = [role for role, _ in CrewCredit.Role.choices]
        for i in range(n):
            film_id = first + i
            year = max(1927, min(self.now.year, self.now.year - int(rng.expovariate(1 / 14))))
            title = _film_title(rng)
            slug = _unique_slug(slugify(title), taken, year)
            characters = rng.sample(words.FIRST_NAMES, 3)
            created = now - timedelta(days=rng.uniform(30, 3000))
            synopsis = (
                f"{characters[0]} {rng.choice(_SYNOPSIS_HOOKS)}. When {characters[1]} arrives with news "
                f"of {rng.choice(words.MOTIFS)}, the two are drawn into a story about "
                f"{rng.choice(words.THEMES)} that neither of them chose."
            )
            film_rows.append(
                (
                    film_id,
                    title,
                    slug,
                    year,
                    date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    rng.randint(78, 185),
                    synopsis,
                    "",
                    None,
                    None,
                    "",
                    f"tt9{i:07d}",  # 8 digits: no clash with real (7-digit) ids in the demo
                    900_000 + i,
                    slug,
                    created,
                    created,
                )
            )
            for genre in rng.sample(self.genre_ids, rng.choice((1, 2, 2, 3))):
                genre_rows.append((film_id, genre))
            film_directors = []
            if directors:
                film_directors = rng.sample(directors, 2 if rng.random() < 0.08 else 1)
                director_rows.extend((film_id, person) for person in film_directors)
            if people:
                cast = rng.sample(people, min(len(people), 6))
                for position, person in enumerate(cast[:5], start=1):
                    role = characters[position - 1] if position <= 3 else rng.choice(words.FIRST_NAMES)
                    cast_rows.append((film_id, person, role, position))
                crew = rng.sample(people, min(len(people), 3))
                for position, person in enumerate(crew, start=1):
                    crew_rows.append((film_id, person, roles[(i + position) % len(roles)], position))
            self.films.append(
                {"id": film_id, "title": title, "characters": characters, "directors": film_directors}
            )
        w = self.writer
        w.insert(
            Film,
            [
                "id",
                "title",
                "slug",
                "year",
                "release_date",
                "runtime",
                "synopsis",
                "poster",
                "poster_width",
                "poster_height",
                "poster_alt",
                "imdb_id",
                "tmdb_id",
                "letterboxd_slug",
                "created_at",
                "updated_at",
            ],
            film_rows,
        )
        for through, rows, column in (
            (Film.genres.through, genre_rows, "genre_id"),
            (Film.directors.through, director_rows, "person_id"),
        ):
            start = w.next_id(through)
            w.insert(through, ["id", "film_id", column], [(start + j, *r) for j, r in enumerate(rows)])
        start = w.next_id(CastCredit)
        w.insert(
            CastCredit,
            ["id", "film_id", "person_id", "character_name", "position"],
            [(start + j, *r) for j, r in enumerate(cast_rows)],
        )
        start = w.next_id(CrewCredit)
        w.insert(
            CrewCredit,
            ["id", "film_id", "person_id", "role", "position"],
            [(start + j, *r) for j, r in enumerate(crew_rows)],
        )
        self.films_by_director = {}
        for index, film in enumerate(self.films):
            for person in film["directors"]:
                self.films_by_director.setdefault(person, []).append(index)
        return n

    def make_tags(self):
        rng = self.rng
        n = self.sizes.tags
        qualifiers = list(dict.fromkeys(words.TAG_QUALIFIERS + [a.lower() for a in words.TITLE_ADJECTIVES]))
        combos = [f"{q} {s}" for q in qualifiers for s in words.TAG_SUBJECTS]
        rng.shuffle(combos)
        existing = Tag.objects.values_list("name", "slug")
        taken_names = {name.lower() for name, _ in existing}
        taken_slugs = {slug for _, slug in existing}
        names = []
        for name in itertools.chain(words.COMMON_TAGS, combos, (f"theme {i}" for i in itertools.count(1))):
            if len(names) >= n:
                break
            slug = slugify(name)
            if name.lower() in taken_names or slug in taken_slugs:
                continue
            taken_names.add(name.lower())
            taken_slugs.add(slug)
            names.append((name, slug))
        first = self.writer.next_id(Tag)
        rows = [(first + i, name, slug) for i, (name, slug) in enumerate(names)]
        self.writer.insert(Tag, ["id", "name", "slug"], rows)
        self.tag_ids = [row[0] for row in rows]  # most used first
        self.tag_draws = _Zipf(len(self.tag_ids), offset=1)
        return len(rows)

    # --- articles -------------------------------------------------------------------------------

    def plan_articles(self):
        """Which film, status and publication time each article gets (no text yet)."""
        rng, now, n = self.rng, self.now, self.sizes.articles
        films = len(self.films)
        self.article_films, self.article_times, self.article_status = [], [], []
        if films == 0:
            return
        # Nearly every film has an explainer; the rest pile up on a few popular films.
        base = min(n, int(films * 0.97))
        order = list(range(films))
        rng.shuffle(order)
        film_of = order[:base] + [order[r] for r in _zipf(rng, n - base, films, offset=40)]
        rng.shuffle(film_of)
        self.article_films = film_of
        # Publication times spread over eight years, oldest first (ids follow time, as on a real site).
        span = timedelta(days=8 * 365).total_seconds()
        offsets = sorted((rng.random() for _ in range(n)), reverse=True)
        self.article_times = [now - timedelta(seconds=60 + o * span) for o in offsets]
        self.article_status = []
        for i in range(n):
            roll = rng.random()
            if roll < 0.01:
                self.article_status.append("draft")  # a draft (a past publication time kept)
            elif roll < 0.02:
                self.article_status.append("draft-new")  # a draft never published
            elif roll < 0.025:
                self.article_status.append("scheduled")
                self.article_times[i] = now + timedelta(hours=rng.uniform(1, 30 * 24))
            else:
                self.article_status.append("published")

    def make_polls(self):
        rng, now = self.rng, self.now
        n = min(self.sizes.polls, len(self.films))
        # Polls go on the films with the most explainers, in a section of their first live one.
        per_film = {}
        first_live = {}
        for index, (film, status) in enumerate(zip(self.article_films, self.article_status, strict=True)):
            per_film[film] = per_film.get(film, 0) + 1
            if status == "published" and film not in first_live:
                first_live[film] = index
        busiest = sorted(per_film, key=lambda f: (-per_film[f], f))[:n]
        taken = set(Poll.objects.values_list("slug", flat=True))
        first = self.writer.next_id(Poll)
        first_choice = self.writer.next_id(Choice)
        poll_rows, choice_rows = [], []
        self.polls = []
        self.poll_in_article = {}
        for i, film_index in enumerate(busiest):
            film = self.films[film_index]
            question, labels = rng.choice(words.POLL_QUESTIONS)
            slot = self.slots(film)
            question = question.format(**slot)[:250]
            slug = _unique_slug(slugify(f"{film['title']} ending")[:80], taken)
            status = "published" if rng.random() < 0.95 else "draft"
            opens = now - timedelta(days=rng.uniform(1, 900))
            closes = opens + timedelta(days=30) if rng.random() < 0.25 else None
            if closes is not None and closes >= now:
                closes = None
            created = opens - timedelta(days=1)
            visibility = rng.choice(["always", "after_vote", "after_vote", "after_close"])
            poll_id = first + i
            poll_rows.append(
                (poll_id, question, slug, "", film["id"], status, opens, closes, visibility, "", "", None)
                + (created, created)
            )
            choices = []
            for position, label in enumerate(labels, start=1):
                choice_id = first_choice + len(choice_rows)
                choice_rows.append((choice_id, poll_id, label, position, None))
                choices.append(choice_id)
            self.polls.append(
                {"id": poll_id, "status": status, "opens": opens, "closes": closes, "choices": choices}
            )
            if film_index in first_live:
                self.poll_in_article[first_live[film_index]] = poll_id
        self.writer.insert(
            Poll,
            [
                "id",
                "question",
                "slug",
                "title",
                "film",
                "status",
                "opens_at",
                "closes_at",
                "results_visibility",
                "reference_source",
                "reference_url",
                "reference_sample_size",
                "created_at",
                "updated_at",
            ],
            poll_rows,
        )
        self.writer.insert(Choice, ["id", "poll", "label", "position", "reference_percent"], choice_rows)
        return len(poll_rows)

    def make_articles(self):
        w = self.writer
        self.article_slugs = set(Article.objects.values_list("slug", flat=True))
        ids = {
            model: w.next_id(model)
            for model in (Article, Section, FAQItem, TaggedArticle, Article.related_films.through)
        }
        n = len(self.article_films)
        for start in range(0, n, CHUNK):
            rows = {model: [] for model in ids}
            for index in range(start, min(n, start + CHUNK)):
                self.article(index, ids, rows)
            for model, columns in _ARTICLE_COLUMNS.items():
                w.insert(model, columns, rows[model])
        return n

    def article(self, index, ids, rows):
        rng, now = self.rng, self.now
        film_index = self.article_films[index]
        film = self.films[film_index]
        article_id = ids[Article]
        ids[Article] += 1
        slot = self.slots(film)
        title_template = words.ARTICLE_TITLES[0] if rng.random() < 0.4 else rng.choice(words.ARTICLE_TITLES)
        title = title_template.format(**slot)
        slug = _unique_slug(slugify(title)[:180], self.article_slugs)
        intro, intro_html = self.blocks.join([rng.choice(self.intros)])
        kind = self.article_status[index]
        published_at = self.article_times[index] if kind != "draft-new" else None
        status = "draft" if kind.startswith("draft") else "published"
        moment = published_at or now - timedelta(days=rng.uniform(0, 30))
        created = moment - timedelta(hours=rng.uniform(1, 240))
        updated = moment
        if rng.random() < 0.25 and moment < now:
            updated = moment + (now - moment) * rng.random()
        rows[Article].append(
            (
                article_id,
                title,
                slug,
                film["id"],
                rng.choice(words.STANDFIRSTS).format(**slot)[:300],
                intro,
                intro_html,
                "",
                None,
                None,
                "",
                "",
                rng.choice(self.author_ids) if self.author_ids else None,
                status,
                published_at,
                updated,
                created,
            )
        )
        self.sections(article_id, film, index, ids, rows)
        for position in range(1, rng.choices((0, 1, 2, 3), (30, 30, 25, 15))[0] + 1):
            answer, answer_html = self.blocks.join([rng.choice(self.answers)])
            question = rng.choice(words.FAQ_QUESTIONS).format(**self.slots(film))
            rows[FAQItem].append((ids[FAQItem], article_id, position, question, answer, answer_html))
            ids[FAQItem] += 1
        if self.tag_ids:
            for tag_index in sorted(set(self.tag_draws.draw(rng, rng.randint(3, 6)))):
                rows[TaggedArticle].append((ids[TaggedArticle], self.tag_ids[tag_index], article_id))
                ids[TaggedArticle] += 1
        compared = set()
        for _ in range(rng.choices((0, 1, 2, 3), (40, 35, 20, 5))[0]):
            same_director = [
                other for person in film["directors"] for other in self.films_by_director.get(person, ())
            ]
            pool = same_director if same_director and rng.random() < 0.5 else None
            other = rng.choice(pool) if pool else rng.randrange(len(self.films))
            if other != film_index:
                compared.add(self.films[other]["id"])
        for film_id in sorted(compared):
            rows[Article.related_films.through].append(
                (ids[Article.related_films.through], article_id, film_id)
            )
            ids[Article.related_films.through] += 1

    def sections(self, article_id, film, index, ids, rows):
        rng = self.rng
        count = self.sizes.sections
        headings = rng.sample(words.HEADINGS, min(count, len(words.HEADINGS)))
        headings += [f"Part {n}" for n in range(len(headings) + 1, count + 1)]
        poll_id = self.poll_in_article.get(index)
        poll_position = min(3, count)
        taken = set()
        for position, template in enumerate(headings, start=1):
            slot = self.slots(film)
            heading = _sentence_case(template.format(**slot))[:200]
            anchor = unique_anchor(heading, taken)
            taken.add(anchor)
            blocks = rng.sample(self.paragraphs, min(2, len(self.paragraphs)))
            if rng.random() < 0.25:
                blocks.insert(1, rng.choice(self.steps_blocks))
            if rng.random() < 0.15:
                blocks.append(rng.choice(self.paragraphs))
            body, body_html = self.blocks.join(blocks)
            key_points = "\n".join(p.format(**slot) for p in rng.sample(words.KEY_POINTS, 3))
            rows[Section].append(
                (
                    ids[Section],
                    article_id,
                    position,
                    heading,
                    anchor,
                    body,
                    body_html,
                    key_points,
                    "",
                    None,
                    None,
                    "",
                    "",
                    poll_id if position == poll_position else None,
                )
            )
            ids[Section] += 1

    # --- votes ------------------------------------------------------------------------------

    def make_votes(self):
        rng, now = self.rng, self.now
        live = [p for p in self.polls if p["status"] == "published" and p["opens"] < now]
        if not live or self.sizes.votes <= 0:
            return 0
        per_poll = [0] * len(live)
        for r in _zipf(rng, self.sizes.votes, len(live), offset=5):
            per_poll[r] += 1
        with triggers.suspended(self.connection.alias):
            self._votes(live, per_poll)
        return sum(per_poll)

    def _votes(self, live, per_poll):
        rng, now = self.rng, self.now
        next_id = self.writer.next_id(Vote)
        batch = []
        for poll, count in zip(live, per_poll, strict=True):
            if not count:
                continue
            end = poll["closes"] or now
            seconds = (end - poll["opens"]).total_seconds()
            weights = [rng.random() ** 2 + 0.05 for _ in poll["choices"]]
            choices = rng.choices(poll["choices"], weights, k=count)
            clients = [f"{rng.getrandbits(256):064x}" for _ in range(max(1, count * 7 // 10))]
            # Most votes come soon after a poll opens.
            moments = sorted(
                poll["opens"] + timedelta(seconds=seconds * rng.random() ** 3) for _ in range(count)
            )
            for choice, moment in zip(choices, moments, strict=True):
                batch.append(
                    (next_id, poll["id"], choice, f"{rng.getrandbits(256):064x}", rng.choice(clients), moment)
                )
                next_id += 1
            if len(batch) >= 50_000:
                self._write_votes(batch)
                batch = []
        self._write_votes(batch)

    def _write_votes(self, batch):
        if batch:
            columns = ["id", "poll", "choice", "voter_key", "client_hash", "created_at"]
            self.writer.insert(Vote, columns, batch)


_ARTICLE_COLUMNS = {
    Article: [
        "id",
        "title",
        "slug",
        "film",
        "standfirst",
        "intro",
        "intro_html",
        "hero_image",
        "hero_image_width",
        "hero_image_height",
        "hero_card",
        "hero_image_alt",
        "author",
        "status",
        "published_at",
        "updated_at",
        "created_at",
    ],
    Section: [
        "id",
        "article",
        "position",
        "heading",
        "anchor",
        "body",
        "body_html",
        "key_points",
        "image",
        "image_width",
        "image_height",
        "image_alt",
        "image_caption",
        "poll",
    ],
    FAQItem: ["id", "article", "position", "question", "answer", "answer_html"],
    TaggedArticle: ["id", "tag", "content_object"],
    Article.related_films.through: ["id", "article", "film"],
}

_SYNOPSIS_HOOKS = [
    "has spent ten years avoiding the town where it all began",
    "runs a failing hotel at the edge of the sea",
    "is a night-shift nurse with a secret",
    "inherits a house nobody will visit",
    "is the last keeper of a lighthouse due to be automated",
    "writes letters for other people for a living",
    "has just been released from prison",
    "is a translator who stops being able to sleep",
    "leads a touring orchestra through a hard winter",
    "is a detective on her final case",
]


def _film_title(rng):
    adjective = rng.choice(words.TITLE_ADJECTIVES)
    noun = rng.choice(words.TITLE_NOUNS)
    pattern = rng.random()
    if pattern < 0.35:
        return f"The {adjective} {noun}"
    if pattern < 0.55:
        return f"{adjective} {noun}"
    if pattern < 0.65:
        return noun
    if pattern < 0.8:
        return f"{noun} of {rng.choice(words.PLACES)}"
    if pattern < 0.9:
        return f"{rng.choice(words.FIRST_NAMES)}'s {noun}"
    return f"The {noun} at {rng.choice(words.PLACES)}"


def _unique_slug(base, taken, *suffixes):
    """``base``, else ``base-<suffix>``, else ``base-<suffix>-2``...; recorded in ``taken``."""
    base = base or "item"
    candidates = [base, *(f"{base}-{s}" for s in suffixes)]
    for candidate in candidates:
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    stem = candidates[-1]
    for n in itertools.count(2):
        candidate = f"{stem}-{n}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def size_fields():
    return [f.name for f in fields(Sizes)]
