"""Revoking a certificate, with the reason kept in its append-only audit trail."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Certificate, CertificateEvent


def revoke(certificate: Certificate, actor, reason: str) -> bool:
    """Revoke once, with the reason in the audit trail; a second revocation (a double click, two
    administrators at once) changes nothing and returns False."""
    now = timezone.now()
    with transaction.atomic():
        revoked = (
            Certificate.objects.held().filter(pk=certificate.pk).update(revoked_at=now, revoked_reason=reason)
        )
        if not revoked:
            return False
        CertificateEvent.objects.create(
            certificate=certificate, kind=CertificateEvent.Kind.REVOKED, actor=actor, note=reason, at=now
        )
    certificate.revoked_at, certificate.revoked_reason = now, reason
    # The stored PDF must say REVOKED too: re-rendered by a task, so no later GET has to.
    transaction.on_commit(lambda: _rerender(certificate.pk))
    return True


def _rerender(certificate_id: int) -> None:
    from .rendering import render_certificate  # loads WeasyPrint; kept out of the admin's start-up

    render_certificate.enqueue(certificate_id)
