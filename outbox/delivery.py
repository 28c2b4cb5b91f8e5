"""Handing an email to the outbox and delivering it: one claim-and-retry policy for every email.

``send`` records the email in the caller's transaction and queues its delivery after commit;
``(kind, key)`` is unique, so a double click or a duplicate enqueue cannot make a second one.
``deliver`` claims the row with a conditional UPDATE before it talks to the mail server, so a
second run (a duplicate enqueue, two workers) finds the claim and sends nothing. A failed
attempt gives the claim back and queues the next, ``RETRY_DELAYS`` later where the task backend
can defer (the database backend) and at once where it cannot (the immediate backend in tests):
django-tasks 0.12 has no retry policy of its own. After ``MAX_ATTEMPTS`` the email is marked
failed with the last error. ``sweep`` queues again what a lost task or a dead worker left
behind. Each final outcome (sent, failed, cancelled) is stored on the row and handed to the
sender's ``on_outcome`` function, which keeps the sender's own records true.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status
MAX_ATTEMPTS = 4
RETRY_DELAYS = (60, 300, 1800)  # seconds to wait before the 2nd, 3rd and 4th attempt
# A claim or a queued email untouched this long was left by a dead worker or a lost task. Far
# above any send (SMTP times out well before), so a live worker's claim is never taken back.
STALE_AFTER = datetime.timedelta(hours=1)

OutcomeHandler = Callable[[OutgoingEmail], None]


def send(
    kind: str,
    to: str,
    subject: str,
    body: str,
    *,
    key: str | int,
    html: str = "",
    on_outcome: OutcomeHandler | None = None,
) -> OutgoingEmail:
    """Record an email (once per ``kind`` and ``key``) and deliver it after commit.

    An email already recorded under the key is left as it is, unless it failed: then it is
    queued again with the new content. ``on_outcome`` must be a module-level function, stored
    by its path like a task, so a worker in another process can call it.
    """
    if not to:
        raise ValueError("An email needs a recipient.")
    content = {"recipient": to, "subject": subject, "body": body, "html": html or ""}
    with transaction.atomic():
        email, created = OutgoingEmail.objects.get_or_create(
            kind=kind, key=str(key), defaults={**content, "on_outcome": _path_of(on_outcome)}
        )
        retried = not created and (
            OutgoingEmail.objects.filter(pk=email.pk, status=Status.FAILED).update(
                **content, status=Status.QUEUED, attempts=0, last_error="", next_attempt_at=timezone.now()
            )
        )
        if created or retried:
            _queue_delivery(email.pk)
    if retried:
        email.refresh_from_db()
    return email


def cancel(kind: str, keys: Iterable[str | int], reason: str) -> int:
    """Cancel the queued emails of ``kind`` under ``keys``; one being sent or sent already stands."""
    cancelled = 0
    queued = OutgoingEmail.objects.filter(kind=kind, key__in=[str(key) for key in keys], status=Status.QUEUED)
    for email in queued:
        with transaction.atomic():
            if OutgoingEmail.objects.filter(pk=email.pk, status=Status.QUEUED).update(
                status=Status.CANCELLED, last_error=reason
            ):
                email.status, email.last_error = Status.CANCELLED, reason
                _tell_sender(email)
                cancelled += 1
    return cancelled


@task()
def deliver(email_id: int) -> str:
    """Send one email at most once; returns what happened, for the task results."""
    claimed = OutgoingEmail.objects.filter(pk=email_id, status=Status.QUEUED).update(
        status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if not claimed:
        status = OutgoingEmail.objects.filter(pk=email_id).values_list("status", flat=True).first()
        return f"already {status}" if status else "no such email"
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        message(email).send()
    except Exception as error:  # any failure of the mail server or the connection to it
        return after_failure(email, f"{type(error).__name__}: {error}")
    finish(email, Status.SENT, sent_at=timezone.now(), last_error="")
    return "sent"


def message(email: OutgoingEmail) -> EmailMultiAlternatives:
    """The email as Django sends it: plain text, with the HTML part when there is one."""
    result = EmailMultiAlternatives(
        subject=email.subject, body=email.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.recipient]
    )
    if email.html:
        result.attach_alternative(email.html, "text/html")
    return result


def after_failure(email: OutgoingEmail, error: str) -> str:
    """Give the claim back and queue the next attempt, or, after the last one, record the failure."""
    if email.attempts >= MAX_ATTEMPTS:
        logger.error(
            "Outbox email %s (%s %s) failed %d times; giving up.",
            email.pk,
            email.kind,
            email.key,
            email.attempts,
        )
        finish(email, Status.FAILED, last_error=error)
        return "failed"
    logger.warning("Outbox email %s: attempt %d failed (%s); trying again.", email.pk, email.attempts, error)
    delay = datetime.timedelta(seconds=RETRY_DELAYS[min(email.attempts, len(RETRY_DELAYS)) - 1])
    run_after = timezone.now() + delay if deliver.get_backend().supports_defer else None
    with transaction.atomic():
        if OutgoingEmail.objects.filter(pk=email.pk, status=Status.SENDING, attempts=email.attempts).update(
            status=Status.QUEUED, last_error=error, next_attempt_at=run_after or timezone.now()
        ):
            _queue_delivery(email.pk, run_after)
    return "will retry"


def finish(email: OutgoingEmail, status: str, **fields) -> bool:
    """Record the final outcome of the claim this run holds and tell the sender, in one transaction."""
    with transaction.atomic():
        if not OutgoingEmail.objects.filter(
            pk=email.pk, status=Status.SENDING, attempts=email.attempts
        ).update(status=status, **fields):
            return False  # the sweep took this claim back; the newer attempt records the outcome
        for name, value in {"status": status, **fields}.items():
            setattr(email, name, value)
        _tell_sender(email)
    return True


def sweep(now: datetime.datetime | None = None) -> int:
    """Queue again the emails a lost task or a dead worker left behind; returns how many.

    A claim left by a worker that died is given back, so the email may go twice if the worker
    died after the mail server took it: we prefer that to an email lost without a trace.
    """
    now = now or timezone.now()
    stale = now - STALE_AFTER
    stuck = OutgoingEmail.objects.filter(
        Q(status=Status.QUEUED, next_attempt_at__lt=stale) | Q(status=Status.SENDING, claimed_at__lt=stale)
    )
    requeued = 0
    for email in stuck:
        if email.status == Status.SENDING and email.attempts >= MAX_ATTEMPTS:
            finish(email, Status.FAILED, last_error="The worker stopped during the last attempt.")
            continue
        with transaction.atomic():
            if OutgoingEmail.objects.filter(pk=email.pk, status=email.status, attempts=email.attempts).update(
                status=Status.QUEUED, next_attempt_at=now
            ):
                _queue_delivery(email.pk)
                requeued += 1
    return requeued


def _queue_delivery(email_id: int, run_after: datetime.datetime | None = None) -> None:
    delivery = deliver if run_after is None else deliver.using(run_after=run_after)
    transaction.on_commit(partial(delivery.enqueue, email_id))


def _path_of(handler: OutcomeHandler | None) -> str:
    if handler is None:
        return ""
    path = f"{handler.__module__}.{handler.__qualname__}"
    try:
        importable = import_string(path) is handler
    except ImportError:
        importable = False
    if not importable:
        raise ValueError(f"on_outcome must be a module-level function; {path} is not importable.")
    return path


def _tell_sender(email: OutgoingEmail) -> None:
    """Hand the outcome to the sender; a failing handler is logged and never undoes the outcome."""
    if not email.on_outcome:
        return
    try:
        with transaction.atomic():
            import_string(email.on_outcome)(email)
    except Exception:
        logger.exception("Outbox email %s: the outcome handler %s failed.", email.pk, email.on_outcome)
