"""When file storage cannot be read or written: a calm 503 for the person, a retry for a task.

A storage fault is an ``OSError`` (a full or read-only disk, a lost network mount, a timeout,
a file gone between a check and a read) or, when django-storages talks to S3, one of botocore's
errors. ``SuspiciousFileOperation`` is not one: it means a bad name, a bug to see, not a fault
that passes in a minute.

Views wear ``@calm_when_storage_fails``: the fault is logged and the person sees "We could not
prepare this file just now" with 503 and ``Retry-After``, never a 500. Tasks call
``retry_later``, which queues the next attempt with a growing delay (django-tasks 0.12 has no
retry policy of its own; this follows ``outbox.delivery``) and logs the last failure at ERROR.
"""

from __future__ import annotations

import datetime
import functools
import logging
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
TEMPLATE = "storage_unavailable.html"
MAX_ATTEMPTS = 4
RETRY_DELAYS = (60, 300, 1800)  # seconds before the 2nd, 3rd and 4th attempt


def _storage_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError]
    try:  # only when django-storages' S3 backend is installed
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        pass
    else:
        errors += [BotoCoreError, ClientError]
    return tuple(errors)


STORAGE_ERRORS = _storage_errors()


def storage_unavailable(request: HttpRequest) -> HttpResponse:
    """The calm page: nothing is lost, try again in a minute."""
    response = TemplateResponse(request, TEMPLATE, {}, status=HTTPStatus.SERVICE_UNAVAILABLE)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def calm_when_storage_fails(view):
    """Wrap a view (or, through ``method_decorator``, a view method) so a storage fault is a 503."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
            if isinstance(response, TemplateResponse) and not response.is_rendered:
                response.render()  # a template may read storage too; fail here, not later
            return response
        except STORAGE_ERRORS:
            logger.warning(
                "Storage fault while answering %s %s.", request.method, request.path, exc_info=True
            )
            return storage_unavailable(request)

    return wrapped


def retry_later(task, *args, attempt: int, what: str) -> bool:
    """Queue ``task(*args, attempt=attempt + 1)`` after a delay that grows with each attempt, or,
    after ``MAX_ATTEMPTS``, log at ERROR and return False. Call it from an ``except`` block: the
    fault being handled is logged with it."""
    if attempt >= MAX_ATTEMPTS:
        logger.error("%s failed %d times on a storage fault; giving up.", what, attempt, exc_info=True)
        return False
    logger.warning("%s: attempt %d hit a storage fault; trying again.", what, attempt, exc_info=True)
    delay = datetime.timedelta(seconds=RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1])
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(*args, attempt=attempt + 1)
    return True
