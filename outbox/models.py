"""One row per email: what to send, to whom, and what became of it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """An email handed to the outbox; ``(kind, key)`` is unique, so it exists (and goes) once."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(max_length=40, help_text="What sort of email, e.g. “reminder”.")
    key = models.CharField(max_length=100, help_text="What it is about, unique within its kind.")
    recipient = models.EmailField(max_length=254)
    subject = models.TextField()
    body = models.TextField()
    html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(
        blank=True, help_text="Why the last attempt failed, or why it was cancelled."
    )
    on_outcome = models.CharField(
        max_length=200, blank=True, help_text="Dotted path of the sender's function told the outcome."
    )
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="one_email_per_kind_and_key")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.recipient} · {self.status}"
