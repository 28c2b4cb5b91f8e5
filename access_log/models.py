"""Who opened whose record: one row each time a supervisor or administrator opens a learner's
record (DESIGN.md: "the learner can see it"). Append-only: rows are never changed or deleted,
except with the learner they are about.

Below certificates and assessments, like ``outbox``, so that every view that shows a learner's
record to someone else (team pages, certificate downloads, shared reflections) can write here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.append_only import AppendOnlyModel


class RecordView(AppendOnlyModel):
    class Kind(models.TextChoices):
        TEAM_RECORD = "team_record", _("Team record")
        CERTIFICATE = "certificate", _("Certificate")
        OBSERVATION_FORM = "observation_form", _("Observation form")
        SHARED_REFLECTIONS = "shared_reflections", _("Shared reflections")

    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", _("your supervisor")
        ADMINISTRATOR = "administrator", _("an administrator")

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The name as it was, so the learner's list needs no join and outlives the viewer's account.
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewer_name = models.CharField(max_length=255)
    viewer_role = models.CharField(max_length=16, choices=Role.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(max_length=255, help_text="What was opened: a team, a module, reflections.")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["learner", "-at", "-id"], name="recordview_learner_newest")]

    def __str__(self) -> str:
        return self.sentence()

    def sentence(self) -> str:
        """In plain words, for the learner: "Morgan Reid (your supervisor) looked at …"."""
        at = timezone.localtime(self.at)
        parts = {
            "who": self.viewer_name,
            "role": self.get_viewer_role_display(),
            "label": self.label,
            "date": date_format(at, "j F Y"),
            "time": date_format(at, "H:i"),
        }
        return str(SENTENCES[self.kind]) % parts


SENTENCES = {
    RecordView.Kind.TEAM_RECORD: _(
        "%(who)s (%(role)s) looked at your team record in %(label)s on %(date)s at %(time)s."
    ),
    RecordView.Kind.CERTIFICATE: _(
        "%(who)s (%(role)s) downloaded your certificate for %(label)s on %(date)s at %(time)s."
    ),
    RecordView.Kind.OBSERVATION_FORM: _(
        "%(who)s (%(role)s) opened the form to record an observation of your practice in %(label)s"
        " on %(date)s at %(time)s."
    ),
    RecordView.Kind.SHARED_REFLECTIONS: _(
        "%(who)s (%(role)s) read the reflections you shared (%(label)s) on %(date)s at %(time)s."
    ),
}
