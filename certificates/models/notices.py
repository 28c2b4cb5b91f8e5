"""Emails before a certificate expires: which were sent, and who chose not to get them."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class RenewalNotice(models.Model):
    """A "due for renewal" email for one certificate at one point before its expiry (sent once)."""

    certificate = models.ForeignKey(
        "certificates.Certificate", on_delete=models.CASCADE, related_name="notices"
    )
    days_before = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True, help_text="When its outcome was recorded.")
    outcome = models.CharField(max_length=40, blank=True, help_text="Sent, or why it was not.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "days_before"], name="one_notice_per_certificate_and_point"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} · {self.days_before} days"


class RenewalEmailChoice(models.Model):
    """A learner's choice about renewal emails; without a row they are sent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="renewal_email_choice"
    )
    wants_emails = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.user} · {'on' if self.wants_emails else 'off'}"
