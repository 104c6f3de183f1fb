"""Admin-side validation that spans a poll and its choices."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from .models import Poll

REFERENCE_TOLERANCE = Decimal(2)  # published surveys round each share; allow 98-102 in total


class ChoiceInlineFormSet(BaseInlineFormSet):
    """Choices of one poll: no silent loss of votes, and a coherent reference survey.

    * A choice that has votes cannot be deleted (the Vote foreign key PROTECTs it too; this
      turns the database refusal into a clear message before anything is saved).
    * Reference percentages: none, or one per choice, each 0-100 (field validators), adding up
      to about 100, and only with a named source on the poll.
    * A published poll needs at least two choices.
    """

    def clean(self):
        # Checked first: the admin's own protected-deletion check (raised from inside
        # super().clean()) names the votes one by one, which says little to an editor.
        deleted = [form for form in self.forms if self.can_delete and self._should_delete_form(form)]
        for form in deleted:
            choice = form.instance
            count = choice.votes.count() if choice.pk else 0
            if count:
                raise ValidationError(
                    f"“{choice.label}” has {count} vote{'s' if count != 1 else ''} and cannot be "
                    "deleted: deleting it would silently change the results. Rename it instead, "
                    "or close the poll."
                )
        super().clean()
        if any(self.errors):
            return
        poll = self.instance
        kept = [
            form for form in self.forms if (form.has_changed() or form.instance.pk) and form not in deleted
        ]

        percents = [form.cleaned_data.get("reference_percent") for form in kept]
        given = [p for p in percents if p is not None]
        source = (poll.reference_source or "").strip()
        errors = []
        if given:
            if len(given) != len(kept):
                errors.append("Give a reference percentage for every choice, or for none.")
            else:
                total = sum(given)
                if abs(total - 100) > REFERENCE_TOLERANCE:
                    errors.append(
                        f"The reference percentages add up to {total.normalize():f}%; they should add "
                        f"up to 100% (within {REFERENCE_TOLERANCE}% for rounding)."
                    )
            if not source:
                errors.append("Name the reference survey's source (under Reference survey).")
        elif source:
            errors.append(
                "The reference survey has a source but no percentages: give one per choice, "
                "or clear the source."
            )
        if poll.status == Poll.Status.PUBLISHED and len(kept) < 2:
            errors.append("A published poll needs at least two choices.")
        if errors:
            raise ValidationError(errors)
