"""A published revocation list (W3C Bitstring Status List): one bit per certificate."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class StatusList(models.Model):
    """The stored bitstring of one list, changed in the same transaction as each revocation."""

    number = models.PositiveIntegerField(primary_key=True)
    bits = models.BinaryField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Status list {self.number}"
