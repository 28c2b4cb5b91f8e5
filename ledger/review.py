"""Who reviews a learner's external activity, and recording their decision.

A supervisor of one of the learner's teams reviews it; when nobody supervises the learner, an
administrator does. Nobody reviews their own. Each decision is an append-only row (who, in what
role, when, why); the activity's status follows the latest decision.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from certificates.issuing import learner_name
from core import supervision

from .models import ActivityDecision, ExternalActivity
from .models.activities import ActivityStatus


def reviewer_role(viewer, learner) -> str | None:
    """ "supervisor" or "administrator" when ``viewer`` may decide on ``learner``'s activities."""
    if not viewer.is_authenticated or viewer.pk == learner.pk:
        return None
    if supervision.supervises(viewer, learner.pk):
        return "supervisor"
    if viewer.is_superuser and not supervision.supervisors_of(learner).exists():
        return "administrator"
    return None


def may_see_evidence(viewer, activity: ExternalActivity) -> bool:
    return (
        viewer.pk == activity.user_id
        or viewer.is_superuser
        or supervision.supervises(viewer, activity.user_id)
    )


def awaiting_review_by(viewer) -> list[ExternalActivity]:
    """Activities waiting for ``viewer``'s decision: their teams' members', and for an
    administrator those of learners nobody supervises."""
    pending = ExternalActivity.objects.pending().select_related("user").order_by("created_at", "pk")
    found = []
    if supervision.supervises_anyone(viewer):
        found += list(pending.filter(user__in=supervision.supervised_by(viewer)).exclude(user=viewer))
    if viewer.is_superuser:
        unsupervised = {}
        for activity in pending.exclude(pk__in=[a.pk for a in found]):
            if activity.user_id not in unsupervised:
                unsupervised[activity.user_id] = not supervision.supervisors_of(activity.user).exists()
            if unsupervised[activity.user_id] and activity.user_id != viewer.pk:
                found.append(activity)
    return found


def decide(activity: ExternalActivity, reviewer, outcome: str, comment: str) -> ActivityDecision | None:
    """Record the decision and set the activity's status; None when it was decided already (a
    double click), so a decision is never recorded twice."""
    role = reviewer_role(reviewer, activity.user)
    if role is None:
        raise PermissionError(_("You do not review this person's activities."))
    with transaction.atomic():
        locked = ExternalActivity.objects.select_for_update().get(pk=activity.pk)
        if locked.status != ActivityStatus.PENDING:
            return None
        decision = ActivityDecision.objects.create(
            activity=locked,
            outcome=outcome,
            reviewer=reviewer,
            reviewer_name=learner_name(reviewer),
            reviewer_role=role,
            comment=comment.strip(),
        )
        ExternalActivity.objects.filter(pk=locked.pk).update(status=outcome)
    return decision
