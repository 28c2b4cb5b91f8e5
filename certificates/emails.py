"""Emailing a learner their new certificate: once, through the outbox.

Issuing queues ``send_certificate_email`` after commit; it renders the email and hands it to
the outbox under the certificate's id, so a duplicate enqueue finds the email already there.
The outbox delivers, retries and records the outcome (``outbox.delivery``); when the email has
gone, ``record_outcome`` stamps ``Certificate.emailed_at`` and writes the EMAILED event. A
certificate revoked before this task runs, or a learner without an address, gets no email.
"""

from __future__ import annotations

import logging

from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from core.links import absolute_url
from outbox import delivery as outbox
from outbox.models import OutgoingEmail

from .models import Certificate, CertificateEvent

logger = logging.getLogger(__name__)

KIND = "certificate_issued"


def certificate_email(certificate: Certificate) -> dict[str, str]:
    """The email for a newly issued certificate: subject, plain text and an HTML alternative."""
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
    return {
        "subject": " ".join(render_to_string("certificates/email/issued_subject.txt", context).split()),
        "body": render_to_string("certificates/email/issued.txt", context),
        "html": render_to_string("certificates/email/issued.html", context),
    }


@task()
def send_certificate_email(certificate_id: int) -> str:
    """Hand the learner's certificate email to the outbox, once; returns what happened."""
    certificate = Certificate.objects.select_related("user").filter(pk=certificate_id).first()
    if certificate is None:
        return "no such certificate"
    if certificate.user is None or not certificate.user.email:
        logger.info("Certificate %s: not emailed, the learner has no email address.", certificate.code)
        return "no email address"
    if certificate.revoked_at is not None:
        logger.info("Certificate %s: not emailed, it was revoked before the email went.", certificate.code)
        return "revoked"
    if certificate.emailed_at is not None:
        return "already sent"
    email = outbox.send(
        KIND,
        certificate.user.email,
        key=certificate.pk,
        on_outcome=record_outcome,
        **certificate_email(certificate),
    )
    return "queued" if email.status == OutgoingEmail.Status.QUEUED else f"already {email.status}"


def record_outcome(email: OutgoingEmail) -> None:
    """Once the email has gone: when, on the certificate, and an EMAILED event in its audit trail."""
    if email.status != OutgoingEmail.Status.SENT:
        return  # a failure stays on the outbox row; the certificate still reads "not yet emailed"
    certificate_id = int(email.key)
    if Certificate.objects.filter(pk=certificate_id, emailed_at__isnull=True).update(
        emailed_at=email.sent_at
    ):
        CertificateEvent.objects.create(
            certificate_id=certificate_id,
            kind=CertificateEvent.Kind.EMAILED,
            note=f"Sent to {email.recipient}",
        )
