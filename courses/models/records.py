"""Learner records for modules and lessons. They outlive edits to, and deletion of, content."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Path(models.TextChoices):
    """The way through a module that a cycle takes, and that a completion was earned by."""

    FULL = "full", _("The full module")
    REFRESHER = "refresher", _("The refresher path")
    TEST_OUT = "test_out", _("Tested out")


class Enrolment(models.Model):
    """A learner has started a module."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    module = models.ForeignKey(
        "courses.CoursePage", null=True, on_delete=models.SET_NULL, related_name="enrolments"
    )
    module_title = models.CharField(max_length=255)
    started_at = models.DateTimeField(default=timezone.now)
    cycle = models.PositiveIntegerField(
        default=1, help_text=_("1 for the first time through; each renewal starts the next cycle.")
    )
    path = models.CharField(max_length=16, choices=Path.choices, default=Path.FULL)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "module"], name="one_enrolment_per_module")]

    def __str__(self) -> str:
        return f"{self.user} → {self.module_title}"


class StepProgress(models.Model):
    """A learner has completed one step (lesson, quiz, scenario) of a module."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_progress")
    step = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")
    module = models.ForeignKey(
        "courses.CoursePage", null=True, on_delete=models.SET_NULL, related_name="step_progress"
    )
    step_title = models.CharField(max_length=255)
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(default=timezone.now)
    cycle = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = _("step progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "step", "cycle"], name="one_progress_per_step_per_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.step_title}"


class ModuleCompletion(models.Model):
    """A learner completed every step of a module; keeps the revision it was earned on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions")
    module = models.ForeignKey(
        "courses.CoursePage", null=True, on_delete=models.SET_NULL, related_name="completions"
    )
    module_title = models.CharField(max_length=255)
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision_number = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("The revision's id, kept even if the revision is deleted.")
    )
    completed_at = models.DateTimeField(default=timezone.now)
    cycle = models.PositiveIntegerField(default=1)
    path = models.CharField(max_length=16, choices=Path.choices, default=Path.FULL)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module", "cycle"], name="one_completion_per_module_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} completed {self.module_title}"


class ContentNoteAcknowledgement(models.Model):
    """A learner has read a page's content note and chosen to continue."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="one_ack_per_note")]

    def __str__(self) -> str:
        return f"{self.user} read the note on page {self.page_id}"
