"""Private reflections, and the copies a learner chooses to share with their supervisors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Reflection(models.Model):
    """A learner's own writing. Only its author ever sees it: there is no admin for it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections")
    prompt = models.TextField()
    text = models.TextField()
    source_title = models.CharField(max_length=255, help_text=_("Where it was written, e.g. a scenario."))
    source_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_key = models.CharField(
        max_length=64, blank=True, help_text=_("The ending key or the lesson block id it answers.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source_page", "source_key"], name="one_reflection_per_prompt"
            )
        ]

    def __str__(self) -> str:
        return f"Reflection {self.pk}"


class SharedReflection(models.Model):
    """A copy of one reflection, shared with the learner's supervisors until the learner revokes
    it (revoking deletes the copy). Later edits to the reflection do not change the copy."""

    reflection = models.OneToOneField(Reflection, on_delete=models.CASCADE, related_name="shared_copy")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    prompt = models.TextField()
    text = models.TextField()
    source_title = models.CharField(max_length=255)
    shared_at = models.DateTimeField(default=timezone.now)
    readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="+",
        help_text=_(
            "The supervisors it was shared with, fixed when shared: later supervisors do not see it."
        ),
    )

    class Meta:
        ordering = ["-shared_at"]

    def __str__(self) -> str:
        return f"Shared reflection {self.pk}"
