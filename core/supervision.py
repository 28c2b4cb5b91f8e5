"""Who supervises whom, for the layers below the people side.

Certificates and assessments must ask "does this person supervise that learner?" (to let a
supervisor download a member's certificate, or read a reflection shared with them) without
importing the app that defines teams. The answer comes from the module named by
``settings.SUPERVISION_POLICY``, which provides ``supervises(viewer, learner_id) -> bool``,
``supervises_for_module(viewer, learner_id, module_id) -> bool``, ``supervisors_of(learner)`` and ``supervised_by(viewer)``, querysets of users, and
``supervises_anyone(viewer) -> bool`` and ``sign_offs_of(learner) -> list[dict]``.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string


def _policy(name: str):
    return import_string(f"{settings.SUPERVISION_POLICY}.{name}")


def supervises(viewer, learner_id: int | None) -> bool:
    """True when ``viewer`` supervises a team ``learner_id`` belongs to."""
    if learner_id is None or not viewer.is_authenticated:
        return False
    return _policy("supervises")(viewer, learner_id)


def supervises_for_module(viewer, learner_id: int | None, module_id: int | None) -> bool:
    """True when ``viewer`` supervises a team ``learner_id`` belongs to that requires the module:
    a supervisor sees a member's record for the team's required modules only."""
    if learner_id is None or module_id is None or not viewer.is_authenticated:
        return False
    return _policy("supervises_for_module")(viewer, learner_id, module_id)


def supervisors_of(learner):
    """Every user who supervises a team ``learner`` belongs to."""
    return _policy("supervisors_of")(learner)


def supervises_anyone(viewer) -> bool:
    """True when ``viewer`` supervises at least one team."""
    return viewer.is_authenticated and _policy("supervises_anyone")(viewer)


def supervised_by(viewer):
    """Every user in a team ``viewer`` supervises (a queryset, to filter records by)."""
    return _policy("supervised_by")(viewer)


def sign_offs_of(learner) -> list[dict]:
    """The learner's supervisor sign-offs, newest first, as plain values (for transcripts):
    ``signed_on`` and ``valid_until`` (ISO dates), ``signer_name``, ``signer_role``."""
    return _policy("sign_offs_of")(learner)
