"""filmsite settings: one module; every deploy-specific value comes from the environment.

Defaults are safe for a developer machine: SQLite in the project folder, the local-memory
cache, DEBUG off unless asked for (``make run`` turns it on).
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from redis.backoff import NoBackoff
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Only ever used with DEBUG on (``make run``): the key is public, so anything signed with it
# (sessions, the messages cookie, password reset links) can be forged.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = DEV_SECRET_KEY
# With DEBUG off and no SECRET_KEY the key stays empty: Django refuses every use of an empty key,
# and filmsite.wsgi refuses to start (fail closed), while commands that sign nothing
# (makemigrations, check) still run.

# The site's public address: canonical links, og:image, JSON-LD, the feed, the sitemap and the
# page cache use it, never the request's Host header (filmsite/siteurl.py).
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
SITE_URL = os.environ.get("SITE_URL", DEFAULT_SITE_URL).rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
if urlsplit(SITE_URL).hostname and urlsplit(SITE_URL).hostname not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(urlsplit(SITE_URL).hostname)
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
    "axes",
    "filmsite",
    "polls",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "filmsite.security.SecurityHeadersMiddleware",  # CSP and Permissions-Policy, static files too
    "filmsite.staticfiles.StaticFilesMiddleware",  # WhiteNoise: static files answered here
    # Pages are compressed (35 KB -> 10 KB for an article). BREACH: Django masks the CSRF token
    # differently in every response and pads compressed responses with random bytes ("Heal the
    # Breach"); pages shared by every reader carry no secret and are compressed once
    # (filmsite/compression.py).
    "filmsite.compression.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
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
        # A persistent connection that died (a database restart) is replaced before it is used,
        # instead of failing the next request with a 500.
        conn_health_checks=True,
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

# A cache that fails or answers slowly never fails a page or a save (filmsite/failsafe.py): past
# CACHE_TIMEOUT_SECONDS a Redis call gives up, and the cache is left alone CACHE_RETRY_SECONDS.
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.25"))
CACHE_RETRY_SECONDS = float(os.environ.get("CACHE_RETRY_SECONDS", "5"))
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "filmsite"),
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
                "retry": Retry(NoBackoff(), 0),  # a failing call gives up at once, never retries
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole anonymous public pages are cached this many seconds (0 turns the page cache off).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# The rendered content of an article (sections, FAQ, related list) is kept this long for
# anonymous readers, even when the whole-page cache is off (0 turns it off).
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", str(PAGE_CACHE_SECONDS or 300)))

# Sitemap pages are kept this long, under a fingerprint of their rows, so they are rebuilt only
# when what they list changes (0 turns this off). SITE_NAME names the publication in Google News.
SITEMAP_CACHE_SECONDS = int(os.environ.get("SITEMAP_CACHE_SECONDS", str(24 * 60 * 60)))
SITE_NAME = os.environ.get("SITE_NAME", "filmsite")

# How long browsers and CDNs may reuse a public page without asking again. 0 (the default) means
# every view asks this server, so unpublishing or an edit reaches every reader at once; behind a
# CDN, 60 takes load off the server but lets a page linger for up to that long after a change.
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "0"))
# With a shared cache (Redis), each process also keeps this many pages and fragments it has
# fetched or stored (keys name a content generation, so a copy is never stale): a hit then costs
# one small read of the generation instead of fetching the whole page. 0 turns it off; it is
# unused with the local-memory cache, which already lives in the process.
PAGE_CACHE_LOCAL_ITEMS = int(os.environ.get("PAGE_CACHE_LOCAL_ITEMS", "256"))
# Each public response names the dependency keys of what it shows in this header, for a front
# cache to purge by (Varnish's xkey, Fastly's Surrogate-Key). See filmsite/dependencies.py.
SURROGATE_KEY_HEADER = os.environ.get("SURROGATE_KEY_HEADER", "Surrogate-Key")
# Beside the per-process (local-memory) cache, when each key last changed is kept in this file,
# mapped by every process of the machine so that all workers see each change. Empty: a file in
# the temporary folder named after the project folder and database.
CACHE_VERSIONS_FILE = os.environ.get("CACHE_VERSIONS_FILE", "")
# Front caches (Varnish) to purge by key after each content change, e.g. http://127.0.0.1:6081/
FRONT_CACHE_PURGE_URLS = env_list("FRONT_CACHE_PURGE_URLS")
FRONT_CACHE_PURGE_TIMEOUT = float(os.environ.get("FRONT_CACHE_PURGE_TIMEOUT", "2"))
# How long a front cache may keep a public page (s-maxage) and serve it stale while it fetches a
# new copy (stale-while-revalidate). Only with a front cache that is purged on every change:
# 0 (the default) tells shared caches to ask every time, like browsers.
FRONT_CACHE_SECONDS = int(os.environ.get("FRONT_CACHE_SECONDS", "0"))
FRONT_CACHE_STALE_SECONDS = int(os.environ.get("FRONT_CACHE_STALE_SECONDS", "30"))

# Admin login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username
# from one client address, that pair is refused (429) for LOGIN_COOLOFF_MINUTES; a correct login
# resets the count. The address is found as for votes (POLL_TRUSTED_PROXY_COUNT).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "polls.voting.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

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
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# `collectstatic` (make serve, the systemd unit) writes hashed, gzip- and brotli-compressed copies
# to STATIC_ROOT; once they exist they are what the site links and serves (immutable, a year,
# filmsite/staticfiles.py). Before that (make run, make test) the source folders are served.
STATIC_COLLECTED = (STATIC_ROOT / "staticfiles.json").exists()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "filmsite.staticfiles.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG or not STATIC_COLLECTED
WHITENOISE_AUTOREFRESH = DEBUG
# Files under their plain names (favicon.ico at the root, old links to unhashed copies): a day.
WHITENOISE_MAX_AGE = 0 if DEBUG else 24 * 60 * 60
# Files served at the site's root: /favicon.ico (browsers ask for it on every first visit).
WHITENOISE_ROOT = BASE_DIR / "public"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Django serves uploads itself only when asked (make run sets SERVE_MEDIA=1); in production the
# web server in front serves MEDIA_ROOT (deploy/nginx/filmsite.conf), or the bucket does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
# Uploads go through Django's storage API: files under MEDIA_ROOT by default, or an S3-compatible
# bucket (django-storages, the "s3" extra) when MEDIA_BUCKET is set, so that several app servers
# share one copy of every upload. MEDIA_S3_ENDPOINT_URL points at a non-AWS server (MinIO, Ceph);
# MEDIA_S3_CUSTOM_DOMAIN is the public host the URLs name (a CDN, or the bucket's website host).
MEDIA_BUCKET = os.environ.get("MEDIA_BUCKET", "")
if MEDIA_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION", "us-east-1"),
            "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "addressing_style": "path" if os.environ.get("MEDIA_S3_ENDPOINT_URL") else None,
            "querystring_auth": False,  # plain public URLs: pages are cached for every reader
            # "public-read" where objects are made public by ACL; empty with a bucket policy.
            "default_acl": os.environ.get("MEDIA_S3_DEFAULT_ACL") or None,
            "file_overwrite": False,  # a new upload never replaces a file a revision refers to
        },
    }

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
# Content-Security-Policy (filmsite/security.py): scripts, styles, images, fonts and requests only
# from this site; no inline script, no eval, no plugins, no framing, forms post only here.
# The one allowance, style *attributes*, draws the poll result bars (a width per answer, in the
# cached HTML, so they show without JavaScript) and the admin's result bars; <style> elements and
# style sheets from elsewhere stay blocked. JSON-LD (<script type="application/ld+json">) is data
# and is not subject to script-src.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Powerful browser features the site never uses, refused for it and anything it could embed.
PERMISSIONS_POLICY = dict.fromkeys(
    ["accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb"],
    "()",
)
SESSION_COOKIE_HTTPONLY = True
# HTTPS=1: the site is reached over TLS (nginx in front terminates it and says so with
# X-Forwarded-Proto). Cookies go over TLS only, plain-HTTP requests are redirected, and browsers
# are told (HSTS) to use HTTPS for a year.
HTTPS = env_bool("HTTPS", False)
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers check health over plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
    SECURE_CSP["upgrade-insecure-requests"] = []
# Asking browsers to preload HSTS for the whole domain is the domain owner's decision
# (HSTS_PRELOAD=1), not a default, so check --deploy does not nag about it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Errors are reported through logging: every unhandled exception (a 500) is logged by Django's
# "django.request" logger at ERROR with its traceback, to standard error (journald under systemd,
# gunicorn's log with make serve). That is the hook: add a handler here to send them elsewhere.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# With SENTRY_DSN set, errors (and warnings logged around them, as breadcrumbs) also go to Sentry
# or a Sentry-compatible service such as GlitchTip; needs the optional extra: pip install ".[sentry]".
# No personal data is sent (no cookies, no user, no addresses).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    try:
        import sentry_sdk
    except ImportError as error:
        message = 'SENTRY_DSN is set but sentry-sdk is missing: pip install ".[sentry]"'
        raise ImproperlyConfigured(message) from error
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=0.0,
    )

# manage.py seed_bulk adds generated content by the 100,000: never on a production database. It
# runs with DEBUG on, or where this says so (the test suite, the benchmarks' settings).
SEED_BULK_ALLOWED = env_bool("ALLOW_SEED_BULK", False)

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
