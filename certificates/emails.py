"""Emailing a learner their new certificate: once, after commit, through the Tasks API.

At most once: the task claims the send by setting ``emailed_at`` with a conditional UPDATE
before it talks to the mail server, so a second run (a duplicate enqueue, two workers) finds
the claim and sends nothing. When the send fails the claim is released and the task queues
itself again. django-tasks 0.12 has no retry policy of its own, so the retry is explicit: the
attempt number travels as an argument, the delay uses ``run_after`` where the backend can defer
(the database backend), and the attempt runs straight away where it cannot (the immediate
backend in tests). After ``MAX_ATTEMPTS`` the task gives up and the failure stays in the task
results. A worker killed between the claim and the send leaves the certificate marked as
emailed without an email: we prefer a missed email, which the learner's certificates page
makes up for, to a duplicate.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from .models import Certificate, CertificateEvent

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
RETRY_DELAYS = (60, 300, 1800)  # seconds to wait before the 2nd, 3rd and 4th attempt


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def certificate_email(certificate: Certificate) -> EmailMultiAlternatives:
    """The email for a newly issued certificate, in plain text with an HTML alternative."""
    context = {
        "certificate": certificate,
        "learner_name": certificate.learner_name,
        "module_title": certificate.module_title,
        "provider": certificate.provider,
        "issued_at": certificate.issued_at,
        "expires_on": certificate.expires_on,
        "verification_url": absolute_url(certificate.get_verification_path()),
        "certificates_url": absolute_url(reverse("certificates")),
    }
    subject = " ".join(render_to_string("certificates/email/issued_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("certificates/email/issued.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[certificate.user.email],
    )
    message.attach_alternative(render_to_string("certificates/email/issued.html", context), "text/html")
    return message


@task()
def send_certificate_email(certificate_id: int, attempt: int = 1) -> str:
    """Email the learner their certificate, never twice; returns what happened, for the task results."""
    certificate = Certificate.objects.select_related("user").filter(pk=certificate_id).first()
    if certificate is None:
        return "no such certificate"
    if certificate.user is None or not certificate.user.email:
        logger.info("Certificate %s: not emailed, the learner has no email address.", certificate.code)
        return "no email address"
    if certificate.revoked_at is not None:
        logger.info("Certificate %s: not emailed, it was revoked before the email went.", certificate.code)
        return "revoked"
    claimed_at = timezone.now()
    if not Certificate.objects.filter(pk=certificate_id, emailed_at__isnull=True).update(
        emailed_at=claimed_at
    ):
        return "already sent"
    try:
        certificate_email(certificate).send()
    except Exception:
        Certificate.objects.filter(pk=certificate_id, emailed_at=claimed_at).update(emailed_at=None)
        schedule_retry(certificate_id, attempt)
        raise  # this attempt is recorded as failed in the task results
    CertificateEvent.objects.create(
        certificate=certificate, kind=CertificateEvent.Kind.EMAILED, note=f"Sent to {certificate.user.email}"
    )
    return "sent"


def schedule_retry(certificate_id: int, attempt: int) -> None:
    if attempt >= MAX_ATTEMPTS:
        logger.error("Certificate %s: email failed %d times; giving up.", certificate_id, attempt)
        return
    logger.warning("Certificate %s: email attempt %d failed; trying again.", certificate_id, attempt)
    retry = send_certificate_email
    if retry.get_backend().supports_defer:
        delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
        retry = retry.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    retry.enqueue(certificate_id, attempt=attempt + 1)
