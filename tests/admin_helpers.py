"""Helpers for admin tests: submit admin forms the way a browser would, and read their errors."""

from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


class _FormFields(HTMLParser):
    """Collect what a browser would submit for the admin's main form (files and buttons aside)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if "__prefix__" in name or name in {"csrfmiddlewaretoken", "q"}:
            name = ""  # the hidden template for new inline rows, tokens and the search box
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.setdefault(name, []).append(attrs.get("value") or "on")
                return
            self.fields.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = [""]
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select].append(attrs.get("value") or "")

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # Browsers drop the newline Django writes straight after <textarea>.
            value = self.fields[self._textarea][0]
            self.fields[self._textarea][0] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_data(response):
    """The admin form on ``response`` as POST data, as an unchanged browser submit would send it."""
    assert response.status_code == 200
    parser = _FormFields()
    parser.feed(response.content.decode())
    return {name: values[0] if len(values) == 1 else values for name, values in parser.fields.items()}


def inline_rows(prefix, rows, initial=0):
    """Management form and rows for an inline formset (``prefix`` is the related_name)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def shown_errors(response):
    """Every form and inline error on a re-displayed admin form, as 'field: message'.

    Asserts the page is a normal 200 form page and that each message is printed on it.
    """
    assert response.status_code == 200, response.status_code
    found = []
    for field, messages in response.context["adminform"].form.errors.items():
        found += [f"{field}: {message}" for message in messages]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        found += [f"{formset.prefix}: {message}" for message in formset.non_form_errors()]
        for i, errors in enumerate(formset.errors):
            for field, messages in errors.items():
                found += [f"{formset.prefix}-{i}-{field}: {message}" for message in messages]
    content = response.content.decode()
    for error in found:
        assert escape(error.split(": ", 1)[1]) in content, error
    assert found, "expected the form to show errors"
    return found


def not_an_image_error(field):
    """The project's own refusal of a file that is not an image (Django's says "Upload a valid image.")."""
    from filmsite.validators import FORMAT_LIST

    return (
        f"{field}: This file is not a {FORMAT_LIST} image, or it is damaged. Export the picture again as "
        "one of those and upload it."
    )


def text_file(name="x.png"):
    return SimpleUploadedFile(name, b"this is not an image\n", content_type="image/png")


# -- article-specific helpers ---------------------------------------------------------------------
