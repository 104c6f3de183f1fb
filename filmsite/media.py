"""Uploaded files, served by Django itself only when ``SERVE_MEDIA`` is on (``make run``).

In production the web server in front serves ``MEDIA_ROOT`` (deploy/nginx/filmsite.conf) and
Django never sees these URLs. Either way a file goes out with a type taken from a short list of
image types (anything else is a download), ``nosniff`` (SecurityMiddleware) and a policy that
forbids it to run anything, should a hostile file ever get into the folder.
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views import static

MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".gif": "image/gif",  # accepted by earlier versions; still served as what it is
}
MEDIA_POLICY = "default-src 'none'; sandbox"


def serve_media(request, path):
    if not settings.SERVE_MEDIA:
        raise Http404("Media files are not served by this server.")
    # Refuse "..", "." and empty segments here: Django's serve() would raise a SuspiciousFileOperation
    # and log a traceback for what is only a bad URL.
    if any(part in {"", ".", ".."} for part in path.split("/")) or "\\" in path or "\x00" in path:
        raise Http404("No such file.")
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    media_type = MEDIA_TYPES.get(posixpath.splitext(path)[1].lower())
    if response.status_code == 200:
        response["Content-Type"] = media_type or "application/octet-stream"
        if media_type is None:
            response["Content-Disposition"] = "attachment"
    response["Content-Security-Policy"] = MEDIA_POLICY
    return response
