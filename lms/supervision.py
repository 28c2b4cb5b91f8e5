"""The people side's answer to ``core.supervision``: supervision is through teams."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from lms.models import Team


def supervises(viewer, learner_id: int) -> bool:
    return Team.objects.supervised_by(viewer).with_member(learner_id).exists()


def supervisors_of(learner):
    return get_user_model().objects.filter(supervised_teams__in=Team.objects.with_member(learner)).distinct()
