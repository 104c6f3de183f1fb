"""gunicorn settings for filmsite in production (``make serve``, deploy/systemd/filmsite.service).

Every value can be changed from the environment, so the systemd unit and ``make serve`` share
this file: ``gunicorn -c deploy/gunicorn.conf.py filmsite.wsgi``.
"""

import os

# Where nginx (or Varnish) reaches the app. A unix socket also works: BIND=unix:/run/filmsite/gunicorn.sock
bind = os.environ.get("BIND", "127.0.0.1:8000")
# Processes serving requests: about 2 per core on a machine that also runs PostgreSQL and Redis.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads per process; each keeps its own database connection (DB_CONN_MAX_AGE), so
# workers x threads must stay under PostgreSQL's max_connections.
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Import the app before forking: a configuration error (no SECRET_KEY, a bad DATABASE_URL)
# stops the server at once with one clear message instead of workers failing one by one.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
# Only the proxy on this machine may say which scheme the reader used (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
