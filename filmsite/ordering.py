"""Ordered children (sections, FAQ items, credits): a new row left at position 0 goes last."""

from django.db.models import Max


class AppendToEndMixin:
    """Give a new row with no position the next position under its parent.

    Editors add sections or credits in an inline without thinking about numbers; without this
    they would all land at position 0, i.e. first.
    """

    order_parent_field: str  # e.g. "article"

    def save(self, *args, **kwargs):
        if self._state.adding and not self.position:
            parent_id = getattr(self, f"{self.order_parent_field}_id")
            siblings = type(self)._default_manager.filter(**{f"{self.order_parent_field}_id": parent_id})
            self.position = (siblings.aggregate(last=Max("position"))["last"] or 0) + 1
        super().save(*args, **kwargs)
