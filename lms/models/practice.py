"""Observed practice and the supervisor's yearly sign-off of a team member.

Both are written once and never rewritten: what was observed, by whom and when stays true.
The learner can read their own observations and sign-offs; supervisors of their team can read
and write them. Nothing here holds reflections.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RUBRIC_LEVELS = {
    1: _("Not seen yet"),
    2: _("Emerging"),
    3: _("Consistent"),
    4: _("Strong"),
}
SIGN_OFF_VALID_MONTHS = 12


class Observation(models.Model):
    """A supervisor watched the member in a role-play for one module and scored it on the rubric."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="observations"
    )
    team = models.ForeignKey("lms.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    module = models.ForeignKey("courses.CoursePage", null=True, on_delete=models.SET_NULL, related_name="+")
    module_title = models.CharField(max_length=255)
    observed_on = models.DateField()
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="observations_made"
    )
    observer_name = models.CharField(max_length=300)
    scores = models.JSONField(help_text=_("Principle key → rubric level (1 to 4)."))
    strengths = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-observed_on", "-pk"]
        constraints = [
            # Saving the same observation twice (a double click) keeps one.
            models.UniqueConstraint(
                fields=["member", "module", "observed_on", "observer"], name="one_observation_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.module_title} · {self.observed_on}"

    def scored(self) -> list[tuple[str, int, str]]:
        """(principle name, level, level in words) in the principles' order."""
        from assessments.principles import PRINCIPLES

        return [
            (p.name, self.scores[p.key], RUBRIC_LEVELS[self.scores[p.key]])
            for p in PRINCIPLES
            if self.scores.get(p.key) in RUBRIC_LEVELS
        ]


class SignOff(models.Model):
    """The supervisor confirmed the member is ready to practise, for a year."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_offs")
    team = models.ForeignKey("lms.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="sign_offs_given"
    )
    signer_name = models.CharField(max_length=300)
    signer_role = models.CharField(max_length=200)
    signed_on = models.DateField()
    valid_until = models.DateField()
    reporting_route_explained = models.BooleanField()
    boundaries_agreement_acknowledged = models.BooleanField()
    supervision_attended = models.BooleanField()
    evidence = models.JSONField(
        help_text=_("Each required module's certificate and observation at sign-off.")
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "team", "signed_on"], name="one_sign_off_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.signed_on}"
