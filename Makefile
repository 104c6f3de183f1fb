# filmsite: `make run` serves the site for development, `make test` runs the whole suite,
# `make serve` runs it as production does (README: Deploy).
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run serve test lint bench clean test-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(STAMP_RUN)

# Development: DEBUG on (a public key, detailed error pages) and Django serving the uploads.
DEV_ENV = DEBUG=$${DEBUG:-1} SERVE_MEDIA=$${SERVE_MEDIA:-1}
run: $(STAMP_RUN)
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	$(DEV_ENV) $(BIN)/python manage.py ensure_editor
	$(DEV_ENV) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production: DEBUG off, SECRET_KEY required (gunicorn refuses to start without it), static files
# collected (hashed, compressed), the deploy checks shown, migrations, then gunicorn with WEB_CONCURRENCY workers on BIND (default
# 127.0.0.1:8000) behind nginx. The settings come from the environment: README, Deploy.
serve: $(STAMP_RUN)
	@test -n "$$SECRET_KEY" || { echo "make serve: set SECRET_KEY (README: Deploy)" >&2; exit 1; }
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 $(BIN)/python manage.py check --deploy
	DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DEBUG=0 $(BIN)/python -m gunicorn -c deploy/gunicorn.conf.py filmsite.wsgi

test: $(STAMP_TEST) test-packages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Debian packages the tests drive: Chromium (browser tests), nginx (tests/test_deploy_config.py),
# redis-server, varnishd and its xkey module (the cache tests start their own). Install the missing
# ones when we can (Debian, root, one apt-get update); otherwise those tests say they were skipped
# and why.
test-packages:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v varnishd >/dev/null || [ -x /usr/sbin/varnishd ] || missing="$$missing varnish"; \
	ls /usr/lib/*/varnish/vmods/libvmod_xkey.so >/dev/null 2>&1 || missing="$$missing varnish-modules"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's$$missing for the tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "warning:$$missing missing; the tests that drive them will be skipped"; fi; \
	fi

lint: $(STAMP_TEST)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP_TEST)
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/votes.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
