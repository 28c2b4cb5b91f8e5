"""Where each member stands on their observed-practice sign-off: the newest sign-off per team and
member, as plain values, and whether the certificates it cites still stand (the rule on a
sign-off lives in ``lms.standing``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from certificates.models import Certificate
from lms.models import SignOff
from lms.standing import Cell, sign_off_cell


class SignOffs:
    """The newest sign-off of each (team, member), as plain values, and the rule on it."""

    def __init__(self, latest: dict, revoked: frozenset, today: datetime.date):
        self.latest, self.revoked, self.today = latest, revoked, today

    def cell(self, team_id: int, member_id: int) -> Cell:
        return sign_off_cell(self.latest.get((team_id, member_id)), self.today, self.revoked)


@dataclass(frozen=True)
class SignOffFacts:
    """The two fields of a sign-off that its cell reads."""

    valid_until: datetime.date
    evidence: list


def latest_sign_offs(team_ids, members, today: datetime.date) -> SignOffs:
    """The newest sign-off per (team, member) for these teams and members, in two queries."""
    latest = {}
    rows = (
        SignOff.objects.filter(team_id__in=team_ids, member_id__in=members)
        .order_by("signed_on", "pk")
        .values_list("team_id", "member_id", "valid_until", "evidence")
    )
    for team_id, member_id, valid_until, evidence in rows:
        latest[(team_id, member_id)] = SignOffFacts(valid_until, evidence)  # the newest wins
    return SignOffs(latest, revoked_evidence(latest.values()), today)


def revoked_evidence(sign_offs) -> frozenset:
    """The certificate codes behind these sign-offs that have been revoked, in one query."""
    codes = {entry.get("certificate") for record in sign_offs for entry in record.evidence} - {"", None}
    if not codes:
        return frozenset()
    revoked = Certificate.objects.filter(code__in=codes, revoked_at__isnull=False)
    return frozenset(revoked.values_list("code", flat=True))


def sign_off_standing(sign_offs, today: datetime.date) -> Cell:
    """The cell for the newest of ``sign_offs`` (newest first, as ``SignOff`` orders them)."""
    newest = sign_offs[0] if sign_offs else None
    return sign_off_cell(newest, today, revoked_evidence(sign_offs[:1]))
