"""Audience interpretation polls: a question, ordered choices, and one row per accepted vote.

Votes are never a bare counter: every accepted vote is a ``Vote`` row (poll, choice, hashed voter
key, hashed client, time), so totals can be audited and recounted. The rules for accepting a vote
live in ``polls/voting.py``; this module holds the data and its invariants.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from filmsite.models import Film
from filmsite.ordering import AppendToEndMixin

REFERENCE_TOLERANCE = Decimal(2)  # published surveys round each share; allow 98-102 in total


def reference_survey_problems(percents, source):
    """What is wrong with a poll's reference survey: its choices' percentages and its source.

    None, or one percentage per choice adding up to about 100, and only with a named source.
    """
    given = [p for p in percents if p is not None]
    source = (source or "").strip()
    problems = []
    if given:
        if len(given) != len(percents):
            problems.append("Give a reference percentage for every choice, or for none.")
        else:
            total = sum(given)
            if abs(total - 100) > REFERENCE_TOLERANCE:
                problems.append(
                    f"The reference percentages add up to {total.normalize():f}%; they should add "
                    f"up to 100% (within {REFERENCE_TOLERANCE}% for rounding)."
                )
        if not source:
            problems.append("Name the reference survey's source (under Reference survey).")
    elif source:
        problems.append(
            "The reference survey has a source but no percentages: give one per choice, or clear the source."
        )
    return problems


class PollQuerySet(models.QuerySet):
    def published(self):
        """The one definition of 'public' for polls (whatever their voting schedule).

        Published, and either placed in an article that is live (a poll follows its article:
        its choices can give the ending away) or published on its own on purpose (``standalone``).
        """
        from articles.models import Section, published_q

        placed_live = Section.objects.filter(published_q("article__"), poll_id=models.OuterRef("pk"))
        return self.filter(status=Poll.Status.PUBLISHED).filter(
            Q(standalone=True) | models.Exists(placed_live)
        )

    def open(self, now=None):
        """Published polls that accept votes right now."""
        now = now or timezone.now()
        return (
            self.published()
            .filter(opens_at__lte=now)
            .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        )

    def scheduled(self, now=None):
        """Published polls that have not opened yet."""
        return self.published().filter(opens_at__gt=now or timezone.now())

    def closed(self, now=None):
        """Published polls whose voting window has ended."""
        return self.published().filter(closes_at__lte=now or timezone.now())

    def next_change(self, now=None):
        """When a published poll next opens or closes (None if none will): pages change then."""
        now = now or timezone.now()
        times = self.published().aggregate(
            opens=models.Min("opens_at", filter=Q(opens_at__gt=now)),
            closes=models.Min("closes_at", filter=Q(closes_at__gt=now)),
        )
        return min((t for t in times.values() if t is not None), default=None)

    def with_choices(self):
        return self.prefetch_related(
            models.Prefetch("choices", queryset=Choice.objects.order_by("position", "id"))
        )


class Poll(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class ResultsVisibility(models.TextChoices):
        ALWAYS = "always", "Always"
        AFTER_VOTE = "after_vote", "After the reader has voted"
        AFTER_CLOSE = "after_close", "After the poll has closed"

    question = models.CharField(
        max_length=250, help_text="Asked to readers, e.g. 'How would you describe the ending of Her?'"
    )
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Used in the poll's URL and its #anchor in articles."
    )
    title = models.CharField(
        max_length=120, blank=True, help_text="Optional heading shown above the question."
    )
    film = models.ForeignKey(
        Film,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="polls",
        help_text="A published poll with a film is also shown on that film's page.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Drafts are never shown publicly and accept no votes. A published poll placed in an "
        "article appears when that article is live.",
    )
    standalone = models.BooleanField(
        "published on its own",
        default=False,
        help_text="Also show this poll on its film's page and its own page when no live article places "
        "it. Its choices may give the ending away: on film pages it sits behind a spoiler notice.",
    )
    opens_at = models.DateTimeField(
        "opens", default=timezone.now, help_text="Votes are accepted from this time."
    )
    closes_at = models.DateTimeField(
        "closes",
        null=True,
        blank=True,
        help_text="Votes are refused from this time. Leave empty to keep the poll open.",
    )
    results_visibility = models.CharField(
        max_length=20,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_VOTE,
        help_text="When readers may see the counts (and the reference survey beside them).",
    )
    reference_source = models.CharField(
        "reference survey source",
        max_length=200,
        blank=True,
        help_text="Who ran the outside survey, e.g. 'Letterboxd user surveys'. Required when the "
        "choices carry reference percentages.",
    )
    reference_url = models.URLField("reference survey URL", blank=True)
    reference_sample_size = models.PositiveIntegerField(
        "reference sample size", null=True, blank=True, help_text="How many people answered, if known."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PollQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-id"]
        permissions = [("publish_poll", "Can publish polls")]
        indexes = [
            models.Index(fields=["status", "opens_at"]),
            # The admin's list order: its first hundred polls without sorting them all.
            models.Index(fields=["opens_at", "id"], name="poll_admin_order"),
        ]

    def __str__(self):
        return self.title or self.question

    def get_absolute_url(self):
        return reverse("polls:poll_detail", kwargs={"slug": self.slug})

    @property
    def anchor(self):
        """The id of the poll's block on any page (the vote redirect comes back to it)."""
        return f"poll-{self.slug}"

    def clean(self):
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The poll must close after it opens."})
        if (self.reference_url or self.reference_sample_size) and not self.reference_source.strip():
            raise ValidationError({"reference_source": "Name the source of the reference survey."})

    def is_published(self):
        return self.status == self.Status.PUBLISHED

    is_published.boolean = True
    is_published.short_description = "published"

    def has_opened(self, now=None):
        return self.opens_at <= (now or timezone.now())

    def has_closed(self, now=None):
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.is_published() and self.has_opened(now) and not self.has_closed(now)

    is_open.boolean = True
    is_open.short_description = "open"

    def results_visible(self, *, voted, now=None):
        """Whether counts may be shown to a reader who has (or has not) voted."""
        if self.results_visibility == self.ResultsVisibility.ALWAYS:
            return True
        if self.results_visibility == self.ResultsVisibility.AFTER_VOTE:
            # Once voting has ended nobody can vote any more, so nothing is left to wait for.
            return voted or self.has_closed(now)
        return self.has_closed(now)

    @property
    def has_reference(self):
        return bool(self.reference_source)


class Choice(AppendToEndMixin, models.Model):
    order_parent_field = "poll"

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the poll.")
    reference_percent = models.DecimalField(
        "reference %",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Share of this answer in the reference survey (0-100).",
    )

    class Meta:
        ordering = ["poll", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "label"], name="choice_unique_label_per_poll"),
            models.CheckConstraint(
                condition=Q(reference_percent__isnull=True)
                | Q(reference_percent__gte=0, reference_percent__lte=100),
                name="choice_reference_percent_range",
            ),
        ]

    def __str__(self):
        return self.label


class Vote(models.Model):
    """One accepted vote. Both keys are one-way hashes: no cookie value and no address is stored.

    ``voter_key`` identifies a browser (HMAC of its random voter cookie); the unique constraint on
    (poll, voter_key) is the real one-vote-per-browser guarantee. ``client_hash`` is an HMAC of
    the poll id and the client address, used only to count recent votes per client.
    Both foreign keys PROTECT: a choice or poll with votes cannot be deleted by accident.
    """

    # No index of its own: every lookup by poll uses one of the indexes below, which start with it.
    # Each index is one more page written per vote (bench/votes.py).
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="votes", db_index=False)
    choice = models.ForeignKey(Choice, on_delete=models.PROTECT, related_name="votes")
    voter_key = models.CharField(max_length=64)
    client_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter_key"], name="vote_one_per_voter"),
        ]
        indexes = [
            models.Index(fields=["poll", "client_hash", "created_at"], name="vote_client_window"),
            # The admin's votes per day, over a bounded period of one poll.
            models.Index(fields=["poll", "created_at"], name="vote_poll_time"),
        ]

    def __str__(self):
        return f"Vote {self.pk} in poll {self.poll_id}"


class ChoiceTally(models.Model):
    """How many ``Vote`` rows a choice has, kept by database triggers (``polls/triggers.py``).

    The Vote rows stay the record; this is their running count, so reading a poll's results costs
    one row per choice however many votes it has, instead of counting every vote on every read.
    Triggers on the vote table add and subtract in the same transaction as the vote itself, on
    any path (the vote endpoint, the ORM, bulk deletes in the admin), so the tally cannot drift.
    ``polls.voting.poll_results(recount=True)`` counts the rows instead; the admin's results and
    CSV use it, so editors audit the record itself. A separate table, not a Choice column, so an
    editor saving a choice never writes a count.
    """

    choice = models.OneToOneField(Choice, on_delete=models.CASCADE, primary_key=True, related_name="tally")
    votes = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.choice}: {self.votes}"
