"""Revoking a certificate, with the reason kept in its append-only audit trail and the
certificate's bit set in its published revocation list, in one transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from outbox import delivery as outbox

from . import emails, status_lists
from .models import Certificate, CertificateEvent, RenewalNotice, RevocationCategory
from .renewal_notices import cancel_waiting_notices

REVOKED = "revoked"


def revoke(
    certificate: Certificate, actor, reason: str, category: str = RevocationCategory.WITHDRAWN
) -> bool:
    """Revoke once, with the reason in the audit trail and the public, neutral ``category``; a
    second revocation (a double click, two administrators at once) changes nothing and returns
    False."""
    now = timezone.now()
    with transaction.atomic():
        revoked = (
            Certificate.objects.held()
            .filter(pk=certificate.pk)
            .update(revoked_at=now, revoked_reason=reason, revocation_category=category)
        )
        if not revoked:
            return False
        if certificate.status_index is None:  # an instance loaded before its place was given
            certificate.refresh_from_db(fields=["status_list", "status_index"])
        status_lists.mark_revoked(certificate)
        CertificateEvent.objects.create(
            certificate=certificate, kind=CertificateEvent.Kind.REVOKED, actor=actor, note=reason, at=now
        )
        # Emails about it that have not gone yet would announce or renew a certificate that no longer stands.
        outbox.cancel(emails.KIND, [certificate.pk], REVOKED)
        cancel_waiting_notices(RenewalNotice.objects.filter(certificate=certificate), REVOKED)
    certificate.revoked_at, certificate.revoked_reason, certificate.revocation_category = (
        now,
        reason,
        category,
    )
    # The stored PDF must say REVOKED too: re-rendered by a task, so no later GET has to.
    transaction.on_commit(lambda: _rerender(certificate.pk))
    return True


def _rerender(certificate_id: int) -> None:
    from .rendering import render_certificate  # loads WeasyPrint; kept out of the admin's start-up

    render_certificate.enqueue(certificate_id)
