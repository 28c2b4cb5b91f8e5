"""The people side's answer to ``core.supervision`` (``settings.SUPERVISION_POLICY``):
supervision is through teams, read through ``Team.objects.supervised_by`` and ``with_member``."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from lms.models import SignOff, Team


def supervises(viewer, learner_id: int) -> bool:
    return Team.objects.supervised_by(viewer).with_member(learner_id).exists()


def supervises_for_module(viewer, learner_id: int, module_id: int) -> bool:
    teams = Team.objects.supervised_by(viewer).with_member(learner_id)
    return teams.filter(assignments__module_id=module_id).exists()


def supervisors_of(learner):
    return get_user_model().objects.filter(supervised_teams__in=Team.objects.with_member(learner)).distinct()


def supervises_anyone(viewer) -> bool:
    """Whether ``viewer`` supervises any team (for "shared with me" and the "My team" link)."""
    return Team.objects.supervised_by(viewer).exists()


def supervised_by(viewer):
    return get_user_model().objects.filter(teams__in=Team.objects.supervised_by(viewer)).distinct()


def sign_offs_of(learner) -> list[dict]:
    rows = SignOff.objects.filter(member=learner).values(
        "signed_on", "valid_until", "signer_name", "signer_role"
    )
    return [
        {**row, "signed_on": row["signed_on"].isoformat(), "valid_until": row["valid_until"].isoformat()}
        for row in rows
    ]
