"""Admin forms for articles: the article form and its section and FAQ formsets.

They edit a *document* (a revision's version of the article, ``articles/revisions.py``), not the
database rows: for a live article with a newer draft the form shows the draft while readers keep
the live page. Children are identified by their ``uid``, carried in a hidden field, so a form
whose sections were deleted or reordered by a colleague meanwhile still validates and merges
(never by position or primary key).
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet
from django.forms.models import BaseInlineFormSet
from taggit.models import Tag
from taggit.utils import edit_string_for_tags

from . import revisions
from .models import RESERVED_ANCHORS, Article, ArticleRevision, FAQItem, Section


class ChildForm(forms.ModelForm):
    """A section or FAQ item of the document; ``uid`` ties it to the same child in every version."""

    # The child's uid (the model field itself is not editable, so the form carries it as "key").
    key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(self.instance, "_from_document", False):
            self.fields["key"].initial = str(self.instance.uid)
        self.fields["position"].required = False

    def clean_key(self):
        value = self.cleaned_data["key"]
        if value:
            try:
                uuid.UUID(value)
            except ValueError:
                raise ValidationError("This form was altered: reload the page.", code="bad_uid") from None
        return value

    def validate_unique(self):
        # Uniqueness is a property of the whole document (anchors, uids), checked by the formset
        # and by revisions.normalize(); the rows are written only when a version is applied.
        pass


class SectionInlineForm(ChildForm):
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
            "poll",
        ]
        widgets = {
            "key_points": forms.Textarea(attrs={"rows": 4}),
            "position": forms.HiddenInput(attrs={"class": "child-position"}),
        }

    def clean_anchor(self):
        anchor = self.cleaned_data["anchor"]
        if anchor in RESERVED_ANCHORS:
            raise ValidationError(
                "“%(anchor)s” is used by the article page itself; choose another anchor.",
                params={"anchor": anchor},
                code="reserved_anchor",
            )
        return anchor


class FAQItemInlineForm(ChildForm):
    class Meta:
        model = FAQItem
        fields = ["position", "question", "answer"]
        widgets = {
            "answer": forms.Textarea(attrs={"rows": 4}),
            "position": forms.HiddenInput(attrs={"class": "child-position"}),
        }


class DocumentChildFormSet(BaseInlineFormSet):
    """The children of one document (``kind``: "sections" or "faq"), in reading order.

    Forms are built from the document the article form edits (``article._editing_doc``), not
    from the database. A submitted form finds its child by uid; a uid the document no longer has
    (deleted by a colleague) simply becomes a new child, which the three-way merge then reports.
    Saving is the workflow's job (``document_children``), never ``save()``.
    """

    kind = None
    fields = ()

    def _children(self):
        if not hasattr(self, "_document_children"):
            document = getattr(self.instance, "_editing_doc", None) or {}
            self._document_children = [self._build(child) for child in document.get(self.kind, [])]
        return self._document_children

    def _build(self, child):
        values = {name: child.get(name) for name in self.fields if name not in ("poll", "image")}
        obj = self.model(article=self.instance, uid=uuid.UUID(child["uid"]), **values)
        obj.position = self._position = getattr(self, "_position", 0) + 1
        if "image" in self.fields:
            obj.image = child.get("image") or None
        if "poll" in self.fields:
            obj.poll_id = child.get("poll")
        obj._from_document = True
        return obj

    def get_queryset(self):
        if self.is_bound:
            return [form.instance for form in self.initial_forms]
        return self._children()

    def initial_form_count(self):
        if self.is_bound:
            return BaseFormSet.initial_form_count(self)
        return len(self._children())

    def _construct_form(self, i, **kwargs):
        if self.is_bound:
            uid = self.data.get(f"{self.add_prefix(i)}-key") or ""
            by_uid = {str(child.uid): child for child in self._children()}
            instance = by_uid.get(uid)
            if instance is None:
                instance = self.model(article=self.instance, uid=_parse_uid(uid) or uuid.uuid4())
        elif i < self.initial_form_count():
            instance = self._children()[i]
        else:
            instance = self.model(article=self.instance)
        kwargs["instance"] = instance
        form = BaseFormSet._construct_form(self, i, **kwargs)
        setattr(form.instance, self.fk.get_attname(), self.instance.pk)
        return form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The admin template prints a primary-key field; rows are not addressed by it here.
        form.fields[self.model._meta.pk.name] = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def _kept_forms(self):
        """Forms whose child is in the submitted document (valid, filled in, not deleted)."""
        return [
            form
            for i, form in enumerate(self.forms)
            if hasattr(form, "cleaned_data")
            and form.cleaned_data
            and not (self.can_delete and self._should_delete_form(form))
            and (i < self.initial_form_count() or form.has_changed())
        ]

    def document_children(self):
        """The submitted children as document dicts, in the order the editor arranged them.

        New image uploads are stored now, so the revision can name their files.
        """
        kept = self._kept_forms()
        ordered = sorted(
            enumerate(kept),
            key=lambda pair: (_order(pair[1].cleaned_data.get("position")), pair[0]),
        )
        children = []
        for _, form in ordered:
            obj = form.instance
            child = {"uid": form.cleaned_data.get("key") or str(obj.uid)}
            for name in self.fields:
                if name == "image":
                    child[name] = _stored_name(obj.image)
                elif name == "poll":
                    child[name] = obj.poll_id
                else:
                    child[name] = getattr(obj, name)
            children.append(child)
        return children

    def save(self, commit=True):
        raise NotImplementedError("Articles are saved through articles.workflow, not formsets.")


def _order(position):
    """Children without a position (a new row in a browser without script) go last."""
    return 10**6 if position is None else position


def _parse_uid(value):
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None


def _stored_name(fieldfile):
    """The storage name of an image field's file, storing a new upload first ("" for none)."""
    if not fieldfile:
        return ""
    if not fieldfile._committed:
        fieldfile.save(fieldfile.name, fieldfile.file, save=False)
    return fieldfile.name


class SectionInlineFormSet(DocumentChildFormSet):
    """Sections, with anchors unique within the article and each poll placed once."""

    kind = "sections"
    fields = revisions.SECTION_FIELDS

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


class FAQItemInlineFormSet(DocumentChildFormSet):
    kind = "faq"
    fields = revisions.FAQ_FIELDS


class ArticleAdminForm(forms.ModelForm):
    """The article's own fields, opened from a revision (``base_revision``).

    ``request`` is set by the admin on a per-request subclass; when the previous submission ran
    into an edit conflict the form is shown again with the merged version and the choices to
    make, and cannot be valid until the editor has seen them.
    """

    base_revision = forms.ModelChoiceField(
        queryset=ArticleRevision.objects.defer("snapshot"), widget=forms.HiddenInput, required=False
    )
    go_live_at = forms.SplitDateTimeField(
        label="Go live at",
        required=False,
        help_text="Publishing a live article with a time here schedules the update: readers keep the "
        "live version until then.",
    )

    review_comment = forms.CharField(
        label="Note for the review",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sent with “Submit for review” or “Send back” and kept in the history. Sending back "
        "needs one: the writer sees it on the article.",
    )
    override_reason = forms.CharField(
        label="Publish despite failed checks, because…",
        required=False,
        help_text="Only needed when a check below fails; kept in the history.",
    )

    request = None

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
            "spoiler_terms",
            "published_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_revision"].queryset = ArticleRevision.objects.filter(
            article_id=self.instance.pk
        ).defer("snapshot")
        document = getattr(self.instance, "_editing_doc", None)
        if document is not None:
            self.initial["related_films"] = list(document["related_films"])
            self.initial["tags"] = edit_string_for_tags([Tag(name=name) for name in document["tags"]])
            base = getattr(self.instance, "_editing_base", None)
            self.initial["base_revision"] = base.pk if base is not None else None
        self.fields["published_at"].label = "Publication time"
        self.fields["published_at"].help_text = (
            "When readers first saw the article. For a new article leave it empty to publish at once, "
            "or set a future time to schedule it."
        )

    def clean(self):
        cleaned_data = super().clean()
        conflict = getattr(self.request, "edit_conflict", None)
        if conflict is not None:
            raise ValidationError(conflict_message(conflict), code="edit_conflict")
        blocked = getattr(self.request, "publish_blocked", None)
        if blocked is not None:
            self.add_error(
                "override_reason" if "override_reason" in self.fields else None,
                "Not published: "
                + " ".join(failure.message for failure in blocked.failures)
                + " Fix these, or give a reason to publish anyway.",
            )
        if "_send_back" in self.data and not cleaned_data.get("review_comment", "").strip():
            self.add_error("review_comment", "Say what needs changing: the writer sees this note.")
        return cleaned_data

    def document(self, formsets, *, status, author):
        """The submitted version as a document (stores new uploads so it can name them).

        ``author``: the byline to keep when the form does not offer the field (writers').
        """
        data, obj = self.cleaned_data, self.instance
        if "author" in self.fields:
            author = data["author"].pk if data.get("author") else None
        doc = {
            "title": data["title"],
            "slug": data["slug"],
            "standfirst": data["standfirst"],
            "intro": data["intro"],
            "author": author,
            "film": data["film"].pk,
            "related_films": [film.pk for film in data.get("related_films") or []],
            "hero_image": _stored_name(obj.hero_image),
            "hero_image_alt": data["hero_image_alt"],
            "spoiler_terms": data.get("spoiler_terms", ""),
            "tags": list(data.get("tags") or []),
            "status": status,
            "published_at": data.get("published_at"),
        }
        # Children come from their formsets; a kind without one keeps what the version had.
        current = getattr(obj, "_editing_doc", None) or {}
        for kind in revisions.CHILDREN:
            doc[kind] = current.get(kind, [])
        for formset in formsets:
            doc[formset.kind] = formset.document_children()
        return revisions.normalize(doc)


def conflict_message(conflict):
    from .workflow import format_time

    who = sorted({revision.editor_name for revision in conflict.changed_by}) or ["someone"]
    last = conflict.theirs
    parts = revisions.describe_changes(conflict.base.snapshot, conflict.theirs.snapshot)
    return (
        f"{' and '.join(who)} saved this article at {format_time(last.created_at)}, after you opened it "
        f"({'; '.join(parts) or 'no visible change'}). Their changes and yours were combined where they "
        f"did not overlap; both of you changed the parts listed below. Nothing is saved yet: choose "
        f"for each, or edit the text, then save again."
    )
