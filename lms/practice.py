"""Recording observed role-plays and the yearly sign-off, and what a sign-off needs first.

A supervisor signs a member off when, for every module the team requires, the member holds a
current certificate (every step done, the quiz passed, the content version recorded with the
completion) and has been observed in a role-play for it in the last year; and when the local
reporting route has been explained, a boundaries agreement acknowledged and supervision
attended. The sign-off lasts a year. Where a sign-off stands later is ``lms.standing``'s rule.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.clock import add_months
from lms.compliance import cells_for
from lms.models import Observation, SignOff, Team
from lms.models.practice import SIGN_OFF_VALID_MONTHS
from lms.standing import Cell, Standing

OBSERVATION_VALID_DAYS = 365
CHECKS = {  # each confirmation a sign-off needs: (what the supervisor ticks, what to say when it is missing)
    "reporting_route_explained": (
        gettext_lazy("I have explained the local reporting and confidentiality route."),
        gettext_lazy("The local reporting and confidentiality route has not been explained yet."),
    ),
    "boundaries_agreement_acknowledged": (
        gettext_lazy("They have acknowledged the boundaries agreement."),
        gettext_lazy("The boundaries agreement has not been acknowledged yet."),
    ),
    "supervision_attended": (
        gettext_lazy("They attend supervision."),
        gettext_lazy("Supervision has not been attended yet."),
    ),
}


class SignOffRefused(Exception):
    """What is still missing; nothing was written."""

    def __init__(self, gaps: list[str]):
        super().__init__("; ".join(gaps))
        self.gaps = gaps


@dataclass(frozen=True)
class Readiness:
    """Each required module with the member's standing and latest recent observation, and the gaps."""

    modules: list[tuple[object, Cell, Observation | None]]
    gaps: list[str]

    @property
    def ready(self) -> bool:
        return not self.gaps and bool(self.modules)


def readiness(team: Team, member, today: datetime.date) -> Readiness:
    assignments = list(team.assignments.select_related("module").filter(module__live=True))
    cells = cells_for([member], assignments, today)
    since = today - datetime.timedelta(days=OBSERVATION_VALID_DAYS)
    latest: dict[int, Observation] = {}
    for observation in Observation.objects.filter(
        member=member, team=team, module_id__in=[a.module_id for a in assignments], observed_on__gte=since
    ).order_by("observed_on", "pk"):
        latest[observation.module_id] = observation
    modules, gaps = [], []
    for assignment in assignments:
        cell, observation = cells[(member.pk, assignment.pk)], latest.get(assignment.module_id)
        modules.append((assignment, cell, observation))
        title = assignment.module.title
        if cell.standing not in (Standing.CURRENT, Standing.DUE):
            gaps.append(
                _("%(module)s: no current certificate (%(standing)s).")
                % {"module": title, "standing": cell.standing.label}
            )
        if observation is None:
            gaps.append(_("%(module)s: no observed role-play in the last year.") % {"module": title})
    if not assignments:
        gaps.append(_("The team has no required modules yet, so there is nothing to sign off against."))
    return Readiness(modules=modules, gaps=gaps)


def record_observation(
    *,
    team: Team,
    member,
    observer,
    module,
    observed_on: datetime.date,
    scores: dict,
    strengths: str,
    next_steps: str,
) -> tuple[Observation, bool]:
    """Save an observation once: (observation, created). One observer records one observation of a
    module per member per day; sending it again (a double click) keeps the first, unchanged."""
    values = {
        "team": team,
        "module_title": module.title,
        "observer_name": observer.get_full_name() or observer.username,
        "scores": scores,
        "strengths": strengths,
        "next_steps": next_steps,
    }
    key = {"member": member, "module": module, "observed_on": observed_on, "observer": observer}
    try:
        with transaction.atomic():
            return Observation.objects.get_or_create(**key, defaults=values)
    except IntegrityError:  # the same save, a moment earlier, in another request
        return Observation.objects.get(**key), False


def sign_off(
    *, team: Team, member, supervisor, role: str, note: str, checks: dict[str, bool], today: datetime.date
) -> tuple[SignOff, bool]:
    """Sign the member off, or raise ``SignOffRefused`` with what is missing: (sign-off, created).

    It lasts a year, or until the first certificate it rests on expires, whichever is sooner.
    One sign-off per member, team and day: a second one that day (a double click, or another
    supervisor) keeps the first and says so."""
    if member.pk == supervisor.pk:
        raise SignOffRefused([_("Someone else in the team's supervision has to sign you off.")])
    state = readiness(team, member, today)
    gaps = list(state.gaps) + [
        str(missing) for field, (_label, missing) in CHECKS.items() if not checks.get(field)
    ]
    if gaps:
        raise SignOffRefused(gaps)
    evidence = [
        {
            "module_id": assignment.module_id,
            "module": assignment.module.title,
            "certificate": getattr(cell.certificate, "code", ""),
            "expires_on": cell.date.isoformat() if cell.date else None,
            "observed_on": observation.observed_on.isoformat(),
        }
        for assignment, cell, observation in state.modules
    ]
    expiries = [cell.date for _assignment, cell, _observation in state.modules if cell.date is not None]
    valid_until = min([add_months(today, SIGN_OFF_VALID_MONTHS), *expiries])
    with transaction.atomic():
        return SignOff.objects.get_or_create(
            member=member,
            team=team,
            signed_on=today,
            defaults={
                "signed_by": supervisor,
                "signer_name": supervisor.get_full_name() or supervisor.username,
                "signer_role": role,
                "valid_until": valid_until,
                "evidence": evidence,
                "note": note,
                **{field: True for field in CHECKS},
            },
        )
