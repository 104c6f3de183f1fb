"""Page compression: Django's GZipMiddleware, remembering the compressed form of shared pages.

Compressing a 35 KB article costs more than serving it from the page cache (bench/compression.py),
so a page that is the same bytes for every reader (``Cache-Control: public``, no cookie set) is
compressed once: its gzip bytes are kept, by a digest of the page, and reused while the page is
unchanged. Such a page carries no secret, so it needs no BREACH padding. Every other response
(the admin, anything private or setting a cookie, with a CSRF token in it) goes through Django's
middleware unchanged: compressed each time, padded with random bytes against BREACH.
"""

import hashlib
import threading
from collections import OrderedDict

from django.middleware import gzip
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

KEPT_PAGES = 128  # about 1.3 MB of compressed pages per process


class GZipMiddleware(gzip.GZipMiddleware):
    def __init__(self, get_response):
        super().__init__(get_response)
        self._kept = OrderedDict()
        self._lock = threading.Lock()

    def process_response(self, request, response):
        if response.streaming or not _shared(response):
            return super().process_response(request, response)
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not gzip.re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = self._compressed(response.content)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response

    def _compressed(self, content):
        key = hashlib.blake2b(content, digest_size=16).digest()
        with self._lock:
            compressed = self._kept.get(key)
            if compressed is not None:
                self._kept.move_to_end(key)
                return compressed
        compressed = compress_string(content)
        with self._lock:
            self._kept[key] = compressed
            while len(self._kept) > KEPT_PAGES:
                self._kept.popitem(last=False)
        return compressed


def _shared(response):
    directives = {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",")}
    return "public" in directives and "private" not in directives and not response.cookies
