"""The invitation email, sent by the task worker, and resending or revoking an invitation.

The worker issues each link's token itself, so the raw token exists only in the email: a
request queues "send issue N of invitation I", and a second run of the same issue (a double
click, a duplicate task) finds the issue done and sends nothing more."""

from __future__ import annotations

import secrets
from functools import partial

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from core.links import absolute_url
from core.organisation import organisation_settings
from lms.models import Invitation
from lms.models.people import token_digest
from outbox import delivery

EMAIL_KIND = "invitation"
BATCH = 200


def unusable_digest() -> str:
    """The digest of a token nobody holds: an invitation waiting for the worker's first email."""
    return token_digest(secrets.token_urlsafe(32))


def queue_invitations(invitation_ids: list[int]) -> None:
    """After commit, ask the worker to send each invitation's first email, in batches."""
    pairs = [[pk, 1] for pk in invitation_ids]
    for start in range(0, len(pairs), BATCH):
        transaction.on_commit(partial(send_invitations.enqueue, pairs[start : start + BATCH]))


@task()
def send_invitations(issues: list[list[int]]) -> int:
    """Send each ``[invitation id, issue number]``; returns how many emails were handed over."""
    return sum(send_issue(invitation_id, number) for invitation_id, number in issues)


def send_issue(invitation_id: int, number: int) -> bool:
    """Issue a fresh token (the previous link stops working) and hand the email to the outbox."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.open()
            .select_for_update()
            .select_related("user")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.times_sent >= number:
            return False  # revoked, accepted, gone, or this issue was sent already
        token = invitation.issue_token()
        invitation.times_sent = number
        invitation.save(update_fields=["token_digest", "sent_at", "expires_at", "times_sent"])
        subject, body = invitation_email(invitation, token)
        delivery.send(EMAIL_KIND, invitation.user.email, subject, body, key=f"{invitation.pk}:{number}")
    return True


def invitation_email(invitation: Invitation, token: str) -> tuple[str, str]:
    context = {
        "name": invitation.user.first_name or invitation.user.email,
        "organisation": organisation_settings().organisation_name,
        "accept_url": absolute_url(reverse("invitation_accept", kwargs={"token": token})),
        "expires_at": invitation.expires_at,
    }
    subject = " ".join(render_to_string("lms/invitations/email_subject.txt", context).split())
    return subject, render_to_string("lms/invitations/email.txt", context)


def resend(invitation: Invitation) -> bool:
    """Queue a new link (valid 14 days from sending) unless the invitation was accepted or revoked."""
    with transaction.atomic():
        current = Invitation.objects.open().select_for_update().filter(pk=invitation.pk).first()
        if current is None:
            return False
        transaction.on_commit(partial(send_invitations.enqueue, [[current.pk, current.times_sent + 1]]))
    return True


def revoke(invitation: Invitation) -> bool:
    """Withdraw an open invitation: its link stops working and an email not yet sent is cancelled."""
    with transaction.atomic():
        if not Invitation.objects.open().filter(pk=invitation.pk).update(revoked_at=timezone.now()):
            return False
        keys = [f"{invitation.pk}:{number}" for number in range(1, invitation.times_sent + 2)]
        delivery.cancel(EMAIL_KIND, keys, "The invitation was revoked.")
    return True
