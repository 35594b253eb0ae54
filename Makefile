# argmap: `make run` serves the app, `make test` runs every check. Both install what is missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test check lint typecheck pytest chromium lock stop-db db-status bench

run: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ensure_local_admin
	$(PY) manage.py import_seeds
	@echo "argmap is at http://127.0.0.1:8000/ (Ctrl-C stops the web server and the task worker; 'make stop-db' the database)"
	@# The task worker (imports) runs beside the web server and stops with it. No auto-reload.
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(PY) -m uvicorn argmap.asgi:application --host 127.0.0.1 --port 8000 --lifespan off \
	    --timeout-graceful-shutdown 5  # open event streams never end by themselves

# The tests run with development settings; a test-only key when none is set.
test pytest: export DEBUG := $(or $(DEBUG),1)
test pytest: export SECRET_KEY := $(or $(SECRET_KEY),test-only-key-never-used-in-production)
test pytest: export DJANGO_ALLOW_ASYNC_UNSAFE := true
test: $(VENV)/.dev-installed chromium lint typecheck pytest

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check argmap tests bench
	$(PY) -m ruff format --check argmap tests bench

typecheck: $(VENV)/.dev-installed
	$(PY) -m mypy argmap

pytest: $(VENV)/.dev-installed
	$(PY) -m pytest

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@ $(VENV)/.runtime-installed

# Browser tests drive Debian's Chromium (never a browser downloaded by Playwright).
chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Regenerate the lock files after changing pyproject.toml (no index URLs are written).
lock: $(VENV)/.dev-installed
	$(VENV)/bin/pip-compile -q --no-emit-index-url --no-emit-find-links --strip-extras --no-header --allow-unsafe -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile -q --no-emit-index-url --no-emit-find-links --strip-extras --no-header --allow-unsafe --extra dev -o requirements-dev.lock pyproject.toml

stop-db: $(VENV)/.runtime-installed
	$(PY) -m argmap.embedded_db stop

db-status: $(VENV)/.runtime-installed
	$(PY) -m argmap.embedded_db status

bench: $(VENV)/.dev-installed
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done
