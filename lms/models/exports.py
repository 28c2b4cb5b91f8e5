"""A learner's "all my data" ZIP: asked for, built by the task worker, downloadable for 7 days."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from certificates.storage import private_storage

VALID_FOR = datetime.timedelta(days=7)


def seven_days_on() -> datetime.datetime:
    return timezone.now() + VALID_FOR


class DataExport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    token = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="data-exports/", storage=private_storage, blank=True, max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=seven_days_on)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.created_at:%Y-%m-%d} · {self.status}"

    @property
    def is_available(self) -> bool:
        return self.status == self.Status.READY and self.expires_at > timezone.now()
