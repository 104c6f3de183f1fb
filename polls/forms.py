"""Admin-side validation that spans a poll and its choices."""

from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from .models import Poll, reference_survey_problems


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
        errors = reference_survey_problems(percents, poll.reference_source)
        if poll.status == Poll.Status.PUBLISHED and len(kept) < 2:
            errors.append("A published poll needs at least two choices.")
        if errors:
            raise ValidationError(errors)
