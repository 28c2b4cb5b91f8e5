"""Extensions and exemptions: the two ways a person's deadline for a module is set aside.

Both are append-only logs (``core.append_only``): a row is never changed or deleted; the newest
row for a person and a module is what stands. A supervisor grants an extension (a new date, a
reason code, a note); an administrator marks an exemption (a reason, a note on the evidence,
an optional end date) and withdraws one by adding a row that says so.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.append_only import AppendOnlyModel


class ExtensionReason(models.TextChoices):
    LEAVE = "leave", _("Leave (annual, parental, carer's)")
    ILLNESS = "illness", _("Illness or recovery")
    WORKLOAD = "workload", _("Workload or rota")
    ACCESS = "access", _("Access needs or adjustments")
    NEW_CONTENT = "new_content", _("Module content changed")
    OTHER = "other", _("Other (see the note)")


class ExemptionReason(models.TextChoices):
    EQUIVALENT = "equivalent", _("Equivalent qualification held")
    NOT_IN_ROLE = "not_in_role", _("Not relevant to the person's role")
    ADJUSTMENT = "adjustment", _("Reasonable adjustment")
    OTHER = "other", _("Other (see the evidence note)")


class Extension(AppendOnlyModel):
    """A supervisor moved one person's deadline for one module to a new date."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="extensions")
    module = models.ForeignKey("courses.CoursePage", null=True, on_delete=models.SET_NULL, related_name="+")
    module_title = models.CharField(max_length=255)
    new_due_on = models.DateField(_("new date"))
    reason = models.CharField(_("reason"), max_length=20, choices=ExtensionReason.choices)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="extensions_granted"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["user", "module", "granted_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.module_title} → {self.new_due_on}"


class Exemption(AppendOnlyModel):
    """An administrator exempted one person from one module (until ``ends_on``, if set), or,
    with ``withdrawn``, ended an earlier exemption."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exemptions")
    module = models.ForeignKey("courses.CoursePage", null=True, on_delete=models.SET_NULL, related_name="+")
    module_title = models.CharField(max_length=255)
    reason = models.CharField(_("reason"), max_length=20, choices=ExemptionReason.choices)
    evidence_note = models.TextField(_("evidence"), blank=True, max_length=2000)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    withdrawn = models.BooleanField(default=False)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="exemptions_granted"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["user", "module", "granted_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.module_title} ({'withdrawn' if self.withdrawn else self.reason})"
