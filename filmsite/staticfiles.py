"""Static files: hashed, gzip- and brotli-compressed copies made by ``collectstatic``, which
WhiteNoise serves as immutable for a year.

Until ``collectstatic`` has run (development, tests: ``settings.STATIC_COLLECTED`` is false)
templates link the source files by their plain names and WhiteNoise finds them in the source
folders, so ``make run`` and ``make test`` need no build step.
"""

import os

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def stored_name(self, name):
        if not settings.STATIC_COLLECTED:
            return name
        return super().stored_name(name)


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    # A year, the longest lifetime caches are asked to honour (RFC 9111 suggests no more);
    # WhiteNoise's default is ten. Hashed names change with their content, so this is safe.
    FOREVER = 365 * 24 * 60 * 60

    def add_files(self, root, prefix=None):
        # Not collected yet: the source folders are served (finders), and an absent STATIC_ROOT
        # is expected, not worth a warning from every worker.
        if not settings.STATIC_COLLECTED and os.path.abspath(root) == os.path.abspath(settings.STATIC_ROOT):
            return
        super().add_files(root, prefix)
