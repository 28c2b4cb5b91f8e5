"""The compliance matrix: where each team member stands on each required module and on their sign-off.

The rule for one cell lives in ``lms.standing``, and what it needs is gathered by ``lms.facts``;
this module finds each team's required modules and arranges the cells, for one person, a team,
or a whole organisation's teams.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, prefetch_related_objects

from lms.assignments import gather
from lms.facts import Facts
from lms.models import Assignment, Team
from lms.sign_offs import latest_sign_offs
from lms.standing import Cell, Standing


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
        tally.pop(Standing.NOT_REQUIRED, None)
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


def required_assignments(teams) -> dict[int, list]:
    """Each team's columns: the live modules the team requires (of everyone, or of its members
    in a job role), and those required of a job role across teams or of one person, where a
    member of the team is in that role or is that person. One query, and a second only when
    the organisation has such wider assignments."""
    team_ids = [team.pk for team in teams]
    rows = Assignment.objects.filter(Q(team_id__in=team_ids) | Q(team__isnull=True), module__live=True)
    rows = list(rows.select_related("module").order_by("module__path", "pk"))
    roles_in: dict[int, set] = defaultdict(set)
    people_in: dict[int, set] = defaultdict(set)
    if any(assignment.team_id is None for assignment in rows):
        through = Team.members.through.objects.filter(team_id__in=team_ids)
        for team_id, user_id, role_id in through.values_list(
            "team_id", "user_id", "user__profile__job_role_id"
        ):
            people_in[team_id].add(user_id)
            roles_in[team_id].add(role_id)
    found = defaultdict(list)
    for assignment in rows:
        if assignment.team_id is not None:
            found[assignment.team_id].append(assignment)
            continue
        for team_id in team_ids:
            if (
                assignment.user_id in people_in[team_id]
                if assignment.user_id
                else assignment.job_role_id in roles_in[team_id]
            ):
                found[team_id].append(assignment)
    return found


def team_matrix(team, today: datetime.date, members=None) -> TeamMatrix:
    """The matrix for one ``team``, or for some of its ``members``."""
    return team_matrices([team], today, members)[0]


def team_matrices(teams, today: datetime.date, members=None) -> list[TeamMatrix]:
    """A matrix per team, with user objects as rows, in a fixed number of queries.

    For acting on a whole team (reminders) or reading one member; the supervisor's dashboard
    and exports read lean rows page by page instead (``lms.team_dashboard``).
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
    assignments = required_assignments(teams)
    everyone = list({member.pk for listed in rows_of.values() for member in listed})
    facts = Facts(everyone, [a for listed in assignments.values() for a in listed], today)
    sign_offs = latest_sign_offs([team.pk for team in teams], everyone, today)
    return [
        TeamMatrix(
            team=team,
            assignments=assignments[team.pk],
            rows=[
                MemberRow(
                    member=member,
                    cells=[facts.cell(member.pk, a) for a in assignments[team.pk]],
                    sign_off=sign_offs.cell(team.pk, member.pk),
                )
                for member in rows_of[team.pk]
            ],
        )
        for team in teams
    ]


def required_of(user, today: datetime.date, gathered=None, progress=None) -> list[tuple[object, Cell]]:
    """What is required of the learner (by their teams, their job role, or of them alone):
    (assignment, cell), soonest due first. A module required twice appears once, with the
    earlier date. The same lean facts as the matrix, for one person. ``gathered``: what
    ``lms.assignments.gather`` found for them already; ``progress``: their progress by module id.
    """
    gathered = gathered or gather([user])
    requirements = gathered.of(user.pk)
    chosen = sorted(
        (requirement.assignment for requirement in requirements.values()),
        key=lambda a: (requirements[a.module_id].due_on, a.module.path),
    )
    facts = Facts([user.pk], chosen, today, gathered=gathered, progress=progress)
    return [(assignment, facts.cell(user.pk, assignment)) for assignment in chosen]


def cells_for(members, assignments, today: datetime.date) -> dict[tuple[int, int], Cell]:
    """Each (member id, assignment id) cell, in six queries whatever the numbers of each.

    Keyed by assignment, not module: two teams can require one module by different dates."""
    if not members or not assignments:
        return {}
    facts = Facts([m.pk for m in members], assignments, today)
    return {(m.pk, a.pk): facts.cell(m.pk, a) for m in members for a in facts.assignments}
