"""Scenario runs: where a learner is in a scenario, the path they took, and a log of every move."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScenarioRun(models.Model):
    """One play-through. ``path`` holds each choice on the way to the current step, as it was
    written when chosen, so a run stays true after the scenario is edited or deleted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scenario_runs")
    scenario = models.ForeignKey(
        "assessments.ScenarioPage", null=True, on_delete=models.SET_NULL, related_name="runs"
    )
    module = models.ForeignKey("courses.CoursePage", null=True, on_delete=models.SET_NULL, related_name="+")
    scenario_title = models.CharField(max_length=255)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    current_key = models.CharField(
        max_length=60, help_text=_("The step the learner is on, or the ending reached.")
    )
    path = models.JSONField(default=list, blank=True)
    ending = models.JSONField(null=True, blank=True, help_text=_("The ending reached, as it was written."))
    ended_at = models.DateTimeField(null=True, blank=True)
    set_aside_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the learner restarted instead.")
    )

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["user", "scenario"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scenario"],
                condition=models.Q(set_aside_at__isnull=True),
                name="one_current_run_per_scenario",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.scenario_title}"

    @property
    def is_ended(self) -> bool:
        return self.ending is not None

    @property
    def sequence(self) -> int:
        """How many choices stand on the path: forms carry it so a replayed POST changes nothing."""
        return len(self.path)


class RunEvent(models.Model):
    """Every move in a run, in order: a choice, a step back, or a restart. Never erased."""

    class Kind(models.TextChoices):
        CHOICE = "choice", _("Choice")
        BACK = "back", _("Went back a step")
        RESTART = "restart", _("Restarted")

    run = models.ForeignKey(ScenarioRun, on_delete=models.CASCADE, related_name="events")
    scenario = models.ForeignKey(
        "assessments.ScenarioPage", null=True, on_delete=models.SET_NULL, related_name="run_events"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    step_key = models.CharField(max_length=60)
    choice_id = models.CharField(max_length=64, blank=True)
    to_key = models.CharField(max_length=60, blank=True)
    reached_ending = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["scenario", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.step_key}"
