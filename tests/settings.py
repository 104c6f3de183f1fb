"""The test suite's settings: the project's own, plus a SECRET_KEY that exists only for tests.

Tests run with DEBUG off, where filmsite refuses to sign anything without SECRET_KEY (fail
closed, see filmsite/checks.py). The suite brings its own key, so ``make test`` needs no setup;
server processes the tests start inherit it through the environment.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-never-used-by-a-real-site-0123456789")

from filmsite.settings import *  # noqa: E402, F403

# The suite serves static files from the source folders, whatever an earlier `make serve` left in
# STATIC_ROOT (a stale manifest would otherwise decide the links in every test).
STATIC_COLLECTED = False
SEED_BULK_ALLOWED = True
WHITENOISE_USE_FINDERS = True
