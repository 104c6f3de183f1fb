"""Shareable preview links: one version of an article for someone without an account.

A link names a random key, signed with the site's secret (``django.core.signing``), so it can be
neither guessed nor altered; the row says when it expires and whether an editor revoked it. The
page shows that version as readers would see it, marked "Preview", ``noindex``, never stored by
any cache, and it links to nothing that is not public.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import PreviewLink

SALT = "articles.preview-link"
DEFAULT_DAYS = 7
DAY_CHOICES = (1, 3, 7, 14, 30)


def create(article, *, user, days=DEFAULT_DAYS):
    """A new link to the article's newest version, valid ``days`` days."""
    revision = article.latest_revision
    return PreviewLink.objects.create(
        article=article,
        revision=revision,
        key=secrets.token_urlsafe(32),
        created_by=user,
        expires_at=timezone.now() + timedelta(days=days),
    )


def revoke(link, *, user):
    if link.revoked_at is None:
        link.revoked_at, link.revoked_by = timezone.now(), user
        link.save(update_fields=["revoked_at", "revoked_by"])


def token(link):
    return signing.Signer(salt=SALT).sign(link.key)


def url(link, request=None):
    path = reverse("articles:preview_link", kwargs={"token": token(link)})
    return request.build_absolute_uri(path) if request is not None else path


def find(value):
    """The link a token names, or None when the token is forged, altered or unknown."""
    try:
        key = signing.Signer(salt=SALT).unsign(value)
    except signing.BadSignature:
        return None
    return (
        PreviewLink.objects.select_related("article", "revision", "revision__editor").filter(key=key).first()
    )
