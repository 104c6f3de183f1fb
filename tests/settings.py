"""The test suite's settings: the project's own, plus a SECRET_KEY that exists only for tests.

Tests run with DEBUG off, where filmsite refuses to sign anything without SECRET_KEY (fail
closed, see filmsite/checks.py). The suite brings its own key, so ``make test`` needs no setup;
server processes the tests start inherit it through the environment.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-never-used-by-a-real-site-0123456789")

from filmsite.settings import *  # noqa: E402, F403
