"""filmsite settings: one module; every deploy-specific value comes from the environment.

Defaults are safe for a developer machine: SQLite in the project folder, the local-memory
cache, DEBUG off unless asked for (``make run`` turns it on).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
    # A development-only key; production sets SECRET_KEY (and REQUIRE_SECRET_KEY=1 to insist).
    SECRET_KEY = DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "filmsite",
    "polls",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "filmsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "filmsite.context_processors.site_urls",
            ],
        },
    },
]

WSGI_APPLICATION = "filmsite.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let concurrent writers (votes) queue instead of failing with
    # "database is locked"; IMMEDIATE makes write transactions take the lock up front.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME") or None}
elif os.environ.get("TEST_DATABASE_NAME"):
    # Lets several checkouts run the suite against one PostgreSQL server at once.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "filmsite"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole anonymous public pages are cached this many seconds (0 turns the page cache off).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# The rendered content of an article (sections, FAQ, related list) is kept this long for
# anonymous readers, even when the whole-page cache is off (0 turns it off).
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", str(PAGE_CACHE_SECONDS or 300)))

# How long browsers and CDNs may reuse a public page without asking again. 0 (the default) means
# every view asks this server, so unpublishing or an edit reaches every reader at once; behind a
# CDN, 60 takes load off the server but lets a page linger for up to that long after a change.
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "0"))
# With a shared cache (Redis), each process also keeps this many pages and fragments it has
# fetched or stored (keys name a content generation, so a copy is never stale): a hit then costs
# one small read of the generation instead of fetching the whole page. 0 turns it off; it is
# unused with the local-memory cache, which already lives in the process.
PAGE_CACHE_LOCAL_ITEMS = int(os.environ.get("PAGE_CACHE_LOCAL_ITEMS", "256"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves static files under gunicorn too; finders mean no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Serve uploaded media from Django itself (fine for a single small site; put a web server or a
# bucket in front in production and set SERVE_MEDIA=0).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

# Uploaded images: bigger files or pixel counts are refused with a form error.
IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", str(8 * 1024 * 1024)))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TAGGIT_CASE_INSENSITIVE = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if env_bool("HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Polls (see polls/voting.py and the README's Polls section).
# Per-poll, per-client ballot limit: at most POLL_CLIENT_MAX_VOTES accepted votes for one poll from
# one client address (IPv6: one /64) within POLL_CLIENT_WINDOW_SECONDS. Only a salted hash of the
# address is stored.
POLL_CLIENT_WINDOW_SECONDS = int(os.environ.get("POLL_CLIENT_WINDOW_SECONDS", str(24 * 60 * 60)))
POLL_CLIENT_MAX_VOTES = int(os.environ.get("POLL_CLIENT_MAX_VOTES", "20"))
# Vote requests with a bigger body are refused (413) before the body is read.
POLL_MAX_BODY_BYTES = int(os.environ.get("POLL_MAX_BODY_BYTES", "2048"))
# How many reverse proxies we run in front of the app (each appends to X-Forwarded-For). 0: the
# header is ignored and REMOTE_ADDR is the client, so the header cannot be forged to dodge the limit.
POLL_TRUSTED_PROXY_COUNT = int(os.environ.get("POLL_TRUSTED_PROXY_COUNT", "0"))
# Key for the voter/client hashes; defaults to SECRET_KEY. Changing it resets who "has voted".
POLL_HASH_SALT = os.environ.get("POLL_HASH_SALT", "")

# Search (articles/search.py and the README's Search section).
# Each search's queries are stopped after this many milliseconds (the reader gets a 503 page).
SEARCH_TIMEOUT_MS = int(os.environ.get("SEARCH_TIMEOUT_MS", "1500"))
# At most SEARCH_RATE_LIMIT searches per client address (IPv6: per /64) in each window of
# SEARCH_RATE_WINDOW_SECONDS; more get 429. The address is found as for polls
# (POLL_TRUSTED_PROXY_COUNT). 0 turns the limit off.
SEARCH_RATE_LIMIT = int(os.environ.get("SEARCH_RATE_LIMIT", "30"))
SEARCH_RATE_WINDOW_SECONDS = int(os.environ.get("SEARCH_RATE_WINDOW_SECONDS", "60"))
# Only the newest SEARCH_MAX_RESULTS matches are ranked and paged through.
SEARCH_MAX_RESULTS = int(os.environ.get("SEARCH_MAX_RESULTS", "200"))
