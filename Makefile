# Groundwork: `make run` serves the demo site; `make test` runs lint and the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto

.PHONY: run test test-suite lint bench cluster load deps system-deps system-deps-browser demo clean

run: system-deps $(INSTALLED) demo
	@echo
	@echo "Groundwork is running at http://127.0.0.1:$(PORT)/"
	@echo "Demo accounts (password: groundwork-demo): learner, refresher, supervisor, editor, admin"
	@echo "Admin: http://127.0.0.1:$(PORT)/admin/   Stop with Ctrl+C."
	@echo "A background worker renders certificate PDFs and sends email (printed here in development)."
	@echo
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --no-reload -v0 & \
	$(BIN)/python manage.py run_scheduler -v0 & \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: system-deps-browser $(INSTALLED) lint test-suite

test-suite: $(INSTALLED)
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	DJANGO_SETTINGS_MODULE=lms.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=lms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

bench: system-deps $(INSTALLED)
	$(BIN)/python -m bench

# Two web processes, two task workers, PostgreSQL, Redis and an S3 server on this machine.
cluster: system-deps $(INSTALLED)
	scripts/cluster

# Locust against gunicorn + PostgreSQL + Redis with production settings: bench/load.json.
load: system-deps $(INSTALLED)
	$(BIN)/python -m bench.load

demo: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_demo

system-deps:
	@bash scripts/system-deps.sh

system-deps-browser:
	@bash scripts/system-deps.sh --with-browser

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Groundwork needs Python 3.11 or newer.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	@touch $@

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm .test-db.sqlite3* staticfiles .test-media .test-private .pytest_cache
