"""The compliance matrix: where each team member stands on each required module and on their sign-off.

The rule for one cell lives in ``lms.standing``; this module gathers what those rules need for
a whole team, or a whole organisation's teams, in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, OuterRef, Prefetch, Subquery, prefetch_related_objects

from certificates.models import Certificate
from courses.models import Enrolment, StepProgress
from courses.progress import live_step_ids
from lms.models import Assignment, Reminder, SignOff, TeamMembership
from lms.standing import Cell, Standing, sign_off_cell, standing_of


@dataclass
class MemberRow:
    member: object
    cells: list[Cell] = field(default_factory=list)
    sign_off: Cell | None = None

    @property
    def needs_action(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.needs_action]


@dataclass
class TeamMatrix:
    """A team's members by its required modules, each cell a ``Cell``."""

    team: object
    assignments: list
    rows: list[MemberRow]

    @property
    def counts(self) -> list[tuple[Standing, int]]:
        tally = Counter(cell.standing for row in self.rows for cell in row.cells)
        return [(standing, tally[standing]) for standing in Standing]

    @property
    def action_count(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.needs_action)

    @property
    def needing_action(self) -> list[tuple[object, object, Cell]]:
        return [(member, assignment, cell) for member, assignment, cell in self.pairs() if cell.needs_action]

    def pairs(self):
        """(member, assignment, cell) for every cell, row by row."""
        for row in self.rows:
            for assignment, cell in zip(self.assignments, row.cells, strict=True):
                yield row.member, assignment, cell


def team_matrix(team, today: datetime.date, members=None) -> TeamMatrix:
    """The matrix for one ``team``, or for some of its ``members``."""
    return team_matrices([team], today, members)[0]


def team_matrices(teams, today: datetime.date, members=None) -> list[TeamMatrix]:
    """A matrix per team, in a fixed number of queries however many teams and members there are.

    ``members`` (for one team) limits the rows; otherwise each team's active members, by name.
    """
    teams = list(teams)
    if members is None:
        by_name = (
            get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "username")
        )
        prefetch_related_objects(teams, Prefetch("members", by_name, to_attr="active_members"))
        rows_of = {team.pk: team.active_members for team in teams}
    else:
        rows_of = {team.pk: list(members) for team in teams}
    assignments = defaultdict(list)
    for assignment in Assignment.objects.filter(team__in=teams, module__live=True).select_related("module"):
        assignments[assignment.team_id].append(assignment)
    everyone = list({member.pk: member for listed in rows_of.values() for member in listed}.values())
    cells = cells_for(everyone, [a for listed in assignments.values() for a in listed], today)
    latest_sign_off = {}
    for record in SignOff.objects.filter(team__in=teams, member__in=everyone).order_by("signed_on", "pk"):
        latest_sign_off[(record.team_id, record.member_id)] = record  # the newest wins
    revoked = revoked_evidence(latest_sign_off.values())
    return [
        TeamMatrix(
            team=team,
            assignments=assignments[team.pk],
            rows=[
                MemberRow(
                    member=member,
                    cells=[cells[(member.pk, a.pk)] for a in assignments[team.pk]],
                    sign_off=sign_off_cell(latest_sign_off.get((team.pk, member.pk)), today, revoked),
                )
                for member in rows_of[team.pk]
            ],
        )
        for team in teams
    ]


def required_of(user, today: datetime.date) -> list[tuple[object, Cell]]:
    """What the learner's teams require of them: (assignment, cell), soonest due first.

    A module required by two teams appears once, with the earlier date.
    """
    assignments = list(
        Assignment.objects.filter(team__in=user.teams.all(), module__live=True).select_related("module")
    )
    joined = joined_on([user], assignments)
    due = {a.pk: a.due_for(joined.get((a.team_id, user.pk))) for a in assignments}
    earliest: dict[int, object] = {}
    for assignment in assignments:
        known = earliest.get(assignment.module_id)
        if known is None or due[assignment.pk] < due[known.pk]:
            earliest[assignment.module_id] = assignment
    assignments = sorted(earliest.values(), key=lambda a: (due[a.pk], a.module.path))
    cells = cells_for([user], assignments, today)
    return [(assignment, cells[(user.pk, assignment.pk)]) for assignment in assignments]


def cells_for(members, assignments, today: datetime.date) -> dict[tuple[int, int], Cell]:
    """Each (member id, assignment id) cell, in six queries whatever the numbers of each.

    Keyed by assignment, not module: two teams can require one module by different dates."""
    if not members or not assignments:
        return {}
    scope = {"user_id__in": [m.pk for m in members], "module_id__in": [a.module_id for a in assignments]}

    newest_held = Certificate.objects.held().newest_per_module().filter(**scope).select_related("completion")
    latest = {(certificate.user_id, certificate.module_id): certificate for certificate in newest_held}
    cycles = dict(
        ((user_id, module_id), cycle)
        for user_id, module_id, cycle in Enrolment.objects.filter(**scope).values_list(
            "user_id", "module_id", "cycle"
        )
    )
    live_steps = live_step_ids([a.module for a in assignments])
    current_cycle = Enrolment.objects.filter(user_id=OuterRef("user_id"), module_id=OuterRef("module_id"))
    done = {
        (row["user_id"], row["module_id"]): row["n"]
        for row in StepProgress.objects.filter(
            cycle=Subquery(current_cycle.values("cycle")[:1]), step__live=True, **scope
        )
        .values("user_id", "module_id")
        .annotate(n=Count("id"))
    }
    joined = joined_on(members, assignments)
    reminded = {
        (row["user_id"], row["module_id"]): row["last"]
        for row in Reminder.objects.filter(**scope)
        .values("user_id", "module_id")
        .annotate(last=Max("created_at"))
    }

    cells = {}
    for member in members:
        for assignment in assignments:
            key = (member.pk, assignment.module_id)
            certificate = latest.get(key)
            standing, date = standing_of(
                today,
                holds_certificate=certificate is not None,
                expires_on=getattr(certificate, "expires_on", None),
                due_on=assignment.due_for(joined.get((assignment.team_id, member.pk))),
                started=key in cycles,
            )
            earned_in = getattr(getattr(certificate, "completion", None), "cycle", None)
            cells[(member.pk, assignment.pk)] = Cell(
                standing=standing,
                date=date,
                done=done.get(key, 0),
                total=len(live_steps.get(assignment.module_id, [])),
                certificate=certificate,
                last_reminded=reminded.get(key),
                renewing=earned_in is not None and cycles.get(key, 0) > earned_in,
            )
    return cells


def joined_on(members, assignments) -> dict[tuple[int, int], datetime.date]:
    """(team id, member id) → the day they joined, for the teams of these assignments, in one query."""
    rows = TeamMembership.objects.filter(
        user__in=[m.pk for m in members], team_id__in={a.team_id for a in assignments}
    ).values_list("team_id", "user_id", "joined_on")
    return {(team_id, user_id): day for team_id, user_id, day in rows}


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
