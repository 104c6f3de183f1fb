"""Settings for benchmarks: the real settings plus a 'floor' URL (see bench/urls.py)."""

from filmsite.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SEED_BULK_ALLOWED = True  # scratch databases made for the benchmark (bench/scale.py)
