"""Training a learner did elsewhere, its evidence, and the reviewers' decisions on it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.storage import private_storage
from core.append_only import AppendOnlyModel
from courses.models import CpdCategory


class ActivityStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class ExternalActivityQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ActivityStatus.APPROVED)

    def pending(self):
        return self.filter(status=ActivityStatus.PENDING)

    def between(self, first, last):
        return self.filter(done_on__gte=first, done_on__lte=last)


def evidence_path(instance: ExternalActivity, filename: str) -> str:
    # The learner's file name is never kept in the path: it may hold their name.
    return f"evidence/{instance.user_id}/{uuid.uuid4().hex}{instance.evidence_suffix}"


class ExternalActivity(models.Model):
    """One piece of training done outside Groundwork, counted once a reviewer approves it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_activities"
    )
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    done_on = models.DateField(_("date"))
    hours = models.DecimalField(_("CPD hours"), max_digits=4, decimal_places=1)
    category = models.CharField(_("CPD category"), max_length=32, choices=CpdCategory.choices)
    ethics_hours = models.DecimalField(_("ethics hours"), max_digits=4, decimal_places=1, default=0)
    evidence = models.FileField(upload_to=evidence_path, storage=private_storage, max_length=200)
    evidence_type = models.CharField(max_length=40)
    status = models.CharField(max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ExternalActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-done_on", "-pk"]
        verbose_name = _("external activity")
        verbose_name_plural = _("external activities")

    def __str__(self) -> str:
        return f"{self.title} ({self.provider}, {self.done_on})"

    @property
    def evidence_suffix(self) -> str:
        return {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(
            self.evidence_type, ""
        )

    @property
    def category_label(self) -> str:
        return str(CpdCategory(self.category).label) if self.category in CpdCategory.values else self.category

    @property
    def latest_decision(self) -> ActivityDecision | None:
        """The newest decision (from a prefetch when there is one)."""
        decisions = list(self.decisions.all())
        return decisions[-1] if decisions else None

    def approval(self) -> ActivityDecision | None:
        """The decision that approved it (the latest approval), when it stands approved."""
        if self.status != ActivityStatus.APPROVED:
            return None
        return self.decisions.filter(outcome=ActivityStatus.APPROVED).order_by("-at", "-pk").first()


class ActivityDecision(AppendOnlyModel):
    """A reviewer's decision (approve, or return with a comment): who, when and why, never changed."""

    activity = models.ForeignKey(ExternalActivity, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=16, choices=ActivityStatus.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_name = models.CharField(max_length=300)
    reviewer_role = models.CharField(max_length=100)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.outcome} by {self.reviewer_name}"
