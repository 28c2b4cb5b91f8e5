"""The organisation's signing keys for Open Badges credentials, generated here (or supplied
through settings); never in the repository. The newest active key signs; every active key is
published; a retired key (``active`` false) is no longer published."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SigningKey(models.Model):
    key_id = models.CharField(max_length=64, unique=True)
    algorithm = models.CharField(max_length=16, default="EdDSA")
    private_key_pem = models.TextField()
    public_jwk = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=True, help_text="Published in the key set; false once retired.")
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Signing key {self.key_id}"
