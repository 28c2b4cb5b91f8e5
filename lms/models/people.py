"""A person's place in the organisation (job role, start date) and invitations to join.

Assignments by job role and due dates counted from a person's start date read ``Profile``;
administrators edit the job roles themselves in the admin.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITATION_VALID_FOR = datetime.timedelta(days=14)


class JobRole(models.Model):
    """A role people hold across teams, e.g. "Peer support worker" or "Supervisor"."""

    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("job role")

    def __str__(self) -> str:
        return self.name


class ProfileQuerySet(models.QuerySet):
    def with_role(self, role: JobRole):
        return self.filter(job_role=role)


class Profile(models.Model):
    """What the organisation knows about a person beyond their account: role and start date."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    job_role = models.ForeignKey(
        JobRole, null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)

    objects = ProfileQuerySet.as_manager()

    def __str__(self) -> str:
        return str(self.user)


def token_digest(token: str) -> str:
    """Only a digest of an invitation's token is stored: a database leak opens no accounts."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor revoked (possibly expired: a resend gives it a new 14 days)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An invitation to choose a password, sent to a person an administrator added.

    The link carries a random token; only its digest is kept. A resend issues a new token (the
    old link stops working) valid for another 14 days."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        EXPIRED = "expired", _("Expired")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    times_sent = models.PositiveSmallIntegerField(default=1)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_state_display()}"

    def issue_token(self) -> str:
        """A fresh token (the previous link stops working) and 14 more days; the caller saves."""
        token = secrets.token_urlsafe(32)
        self.token_digest = token_digest(token)
        self.sent_at = timezone.now()
        self.expires_at = self.sent_at + INVITATION_VALID_FOR
        return token

    @property
    def state(self) -> str:
        if self.revoked_at:
            return self.State.REVOKED
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return self.State(self.state).label
