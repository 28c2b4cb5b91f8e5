"""A transcript as it was issued: its code, and a snapshot of exactly what it listed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Transcript(models.Model):
    """Each downloaded transcript (PDF or CSV), verifiable at /verify/transcripts/<code>/."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="transcripts")
    code = models.CharField(max_length=32, unique=True)
    period_start = models.DateField()
    period_end = models.DateField()
    learner_name = models.CharField(max_length=300)
    snapshot = models.JSONField()
    digest = models.CharField(
        max_length=64, help_text="What it lists, hashed: the same transcript twice is one row."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "digest"], name="one_transcript_per_content")]

    def __str__(self) -> str:
        return f"{self.code} ({self.period_start} to {self.period_end})"
