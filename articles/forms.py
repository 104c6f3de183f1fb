"""Admin forms for articles: the checks that span a whole submission of sections."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from .models import RESERVED_ANCHORS, Article, Section, unique_anchor


class SectionInlineForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = [
            "position",
            "heading",
            "anchor",
            "body",
            "key_points",
            "image",
            "image_alt",
            "image_caption",
        ]
        widgets = {"key_points": forms.Textarea(attrs={"rows": 4})}

    def clean_anchor(self):
        anchor = self.cleaned_data["anchor"]
        if anchor in RESERVED_ANCHORS:
            raise ValidationError(
                "“%(anchor)s” is used by the article page itself; choose another anchor.",
                params={"anchor": anchor},
                code="reserved_anchor",
            )
        return anchor


class SectionInlineFormSet(BaseInlineFormSet):
    """Sections of one article, with anchors unique within the article.

    The database constraint on (article, anchor) ignores blank anchors, so Django's formset
    does not check it; without this, two sections with the same anchor would reach the
    database as an IntegrityError. Saving also copes with anchors that move between sections
    in one submission (a swap, or taking over a deleted section's anchor).
    """

    def _kept_forms(self):
        """Forms whose section will exist after saving (valid, filled in, not deleted)."""
        return [
            form
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and form.cleaned_data
            and not (self.can_delete and self._should_delete_form(form))
            and (form.instance.pk is not None or form.has_changed())
        ]

    def clean(self):
        super().clean()
        owners = {}
        for form in self._kept_forms():
            anchor = form.cleaned_data.get("anchor")
            if anchor:
                owners.setdefault(anchor, []).append(form)
        duplicates = sorted(anchor for anchor, forms_ in owners.items() if len(forms_) > 1)
        for anchor in duplicates:
            for form in owners[anchor]:
                form.add_error("anchor", "Another section in this article uses this anchor.")
        if duplicates:
            raise ValidationError(
                "Each section needs its own anchor; used more than once: %(anchors)s.",
                params={"anchors": ", ".join(duplicates)},
                code="duplicate_anchor",
            )
        self._clean_polls()

    def _clean_polls(self):
        """A poll appears at most once per article: its block's id (the vote's return anchor,
        and what the page's script finds it by) must be unique on the page."""
        placed = {}
        for form in self._kept_forms():
            poll = form.cleaned_data.get("poll")
            if poll is not None:
                placed.setdefault(poll, []).append(form)
        repeated = [poll for poll, forms_ in placed.items() if len(forms_) > 1]
        for poll in repeated:
            for form in placed[poll][1:]:
                form.add_error("poll", "This poll is already placed after another section of this article.")
        if repeated:
            raise ValidationError(
                "A poll can be placed once per article; placed more than once: %(polls)s.",
                params={"polls": ", ".join(str(poll) for poll in repeated)},
                code="duplicate_poll",
            )

    def save(self, commit=True):
        if commit:
            self._prepare_anchors()
        return super().save(commit=commit)

    def _prepare_anchors(self):
        kept = self._kept_forms()
        # Existing sections that give up their anchor (deleted, or given a new one) release it
        # first; a blank anchor is outside the unique constraint, so rows can trade anchors.
        releasing = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk is not None and (form not in kept or "anchor" in form.changed_data)
        ]
        if releasing:
            Section.objects.filter(pk__in=releasing).update(anchor="")
        # Blank anchors are made from the heading here rather than in Section.save(), so that a
        # generated anchor cannot take one that a later section in this submission asks for.
        taken = {form.instance.anchor for form in kept if form.instance.anchor}
        if self.instance.pk is not None:
            kept_pks = {form.instance.pk for form in kept if form.instance.pk is not None}
            taken.update(
                Section.objects.filter(article=self.instance)
                .exclude(pk__in=kept_pks)
                .exclude(pk__in=releasing)
                .exclude(anchor="")
                .values_list("anchor", flat=True)
            )
        for form in kept:
            if not form.instance.anchor:
                form.instance.anchor = unique_anchor(form.instance.heading, taken)
                taken.add(form.instance.anchor)


class ArticleAdminForm(forms.ModelForm):
    """The article form, guarded against two editors overwriting each other.

    The form carries the ``updated_at`` it was opened with. If the article was saved by someone
    else in the meantime, saving is refused with a form error and nothing is written: the
    editor's text stays in the form. The hidden value is then moved to the newer version, so a
    second, deliberate Save replaces the other version.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "standfirst",
            "author",
            "film",
            "related_films",
            "intro",
            "tags",
            "hero_image",
            "hero_image_alt",
            "status",
            "published_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk:
            return cleaned_data
        rows = Article.objects.filter(pk=self.instance.pk)
        if connection.in_atomic_block:
            # The admin saves in a transaction: lock the row so two simultaneous saves queue up
            # and the second one sees the first (PostgreSQL; SQLite writers queue anyway).
            rows = rows.select_for_update()
        current = rows.values_list("updated_at", flat=True).first()
        loaded = cleaned_data.get("loaded_version") or ""
        if current is not None and loaded != current.isoformat():
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = current.isoformat()
            raise ValidationError(
                "Someone else saved this article at %(when)s, after you opened it. Nothing was "
                "saved. Your text is still in this form: compare it with the current version "
                "(open the article in another tab), then press Save again to replace that "
                "version with yours.",
                params={"when": timezone.localtime(current).strftime("%H:%M:%S on %d %b %Y")},
                code="edit_conflict",
            )
        return cleaned_data
