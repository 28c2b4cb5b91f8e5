"""For load balancers: ``/healthz`` says the process answers; ``/readyz`` that it can do its work.

``/readyz`` answers 503 (with which check failed) unless the database, the cache, the private
file storage and the task queue all answer. Neither needs a session or changes anything.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "up"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    cache.get("groundwork:readyz")  # a miss is an answer; an unreachable Redis raises


def _storage() -> None:
    """The private storage answers: a folder that exists (or can be made), or a bucket that lists."""
    storage = storages["private"]
    if isinstance(storage, FileSystemStorage):
        location = storage.location
        while not os.path.isdir(location):  # made on the first save, under a folder that exists
            location = os.path.dirname(location)
        if not os.access(location, os.W_OK):
            raise PermissionError(f"cannot write under {location}")
        return
    storage.listdir("")


def _queue() -> None:
    from django_tasks import task_backends

    name = type(task_backends["default"]).__name__
    if name == "RQBackend":
        import django_rq

        django_rq.get_connection("default").ping()
    elif name == "DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.only("id").first()


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "storage": _storage,
    "queue": _queue,
}


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        start = time.perf_counter()
        try:
            check()
        except Exception:
            logger.exception("Readiness check %r failed", name)
            results[name] = "failing"
        else:
            results[name] = f"ok ({(time.perf_counter() - start) * 1000:.0f} ms)"
    ready = all(value.startswith("ok") for value in results.values())
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": results}, status=200 if ready else 503
    )
