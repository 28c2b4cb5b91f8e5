"""Benchmarks: the test settings on one known database, with tasks queued as in production."""

import os

import dj_database_url

from lms.settings.test import *  # noqa: F403

# The same database on every machine, whatever DATABASE_URL says: SQLite, which the runner's
# test database keeps in memory. BENCH_DATABASE_URL measures another one (e.g. PostgreSQL; the
# runner creates and drops a test_ database there).
_BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "").strip()
DATABASES = {
    "default": dj_database_url.parse(_BENCH_DATABASE_URL, conn_max_age=60)
    if _BENCH_DATABASE_URL
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
}

# Enqueueing a task costs a request what it costs in production (a row), not the task's own work.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ROOT_URLCONF = "bench.urls"
