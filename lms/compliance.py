"""The compliance matrix: where each team member stands on each required module and on their sign-off.

The rule for one cell lives in ``lms.standing``; this module gathers what those rules need, as
plain values from a few aggregate queries (``Facts``), for one person, a team, or a whole
organisation's teams. No certificate, enrolment or progress row becomes a model object here:
at thousands of people the time goes to building objects, not to the database.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    Max,
    Prefetch,
    Q,
    Value,
    prefetch_related_objects,
)

from certificates.models import Certificate
from core import clock
from courses.models import Enrolment, StepProgress
from courses.progress import live_step_ids
from lms.assignments import Allowances, Requirements, allowances, gather
from lms.models import (
    Assignment,
    DueRule,
    Profile,
    RecertificationRule,
    Reminder,
    Team,
    TeamMembership,
)
from lms.sign_offs import latest_sign_offs
from lms.standing import Cell, Standing, standing_of


class Facts:
    """What the cell rule needs for some members on some assignments, in six queries.

    ``members`` is a list of user ids or a query of them (``values("pk")``), so a team of
    thousands is never spelled out as parameters. ``standing()`` is the pure rule on one pair;
    ``cell()`` adds what a screen shows (progress, reminders, the certificate's code), which
    ``details=False`` leaves out (three queries fewer) for those that only count.
    """

    def __init__(
        self,
        members,
        assignments,
        today: datetime.date,
        details: bool = True,
        *,
        gathered: Requirements | None = None,
        progress: dict | None = None,
    ):
        """``gathered`` (what ``gather`` found for these members) and ``progress`` (one member's
        ``ModuleProgress`` by module id, as a learner's own page has read it) save the queries
        for what they already hold."""
        self.today = today
        self.assignments = list(assignments)
        modules = {a.module_id: a.module for a in self.assignments}
        scope = {"user_id__in": members, "module_id__in": list(modules)}
        if not modules:
            scope = None
        own = _own_progress(members, progress, modules)
        # The issue time only for an assignment's own recertification rule; the code only for a screen.
        needs_issue_time = any(a.recertification != RecertificationRule.MODULE for a in self.assignments)
        self.held = self._newest_held(scope, code=details, issue_time=needs_issue_time)
        self.cycles = own.cycles if own else self._pairs(scope, Enrolment.objects, "cycle")
        if gathered is not None:
            self.joined, self.roles, self.starts = gathered.joined, gathered.roles, gathered.starts
        else:
            self.joined = self._joined(members, {a.team_id for a in self.assignments})
            needs_profiles = any(a.job_role_id or a.due_rule == DueRule.AFTER_START for a in self.assignments)
            self.roles, self.starts = self._profiles(members) if needs_profiles else ({}, {})
        self.allowances = allowances(members, list(modules)) if modules else Allowances()
        self.rules = {a.pk: a.rule() for a in self.assignments}
        if details:
            self.done = own.done if own else self._steps_done(scope)
            self.reminded = self._last_reminded(scope)
            self.totals = (
                own.totals
                if own
                else {pk: len(steps) for pk, steps in live_step_ids(list(modules.values())).items()}
            )

    @staticmethod
    def _pairs(scope, queryset, value: str) -> dict:
        if scope is None:
            return {}
        rows = queryset.filter(**scope).order_by().values_list("user_id", "module_id", value)
        return {(user_id, module_id): found for user_id, module_id, found in rows}

    @staticmethod
    def _newest_held(scope, *, code: bool = True, issue_time: bool = True) -> dict:
        """(user, module) → (code, expires_on, cycle earned in, issued_at) of the newest unrevoked certificate.

        Read oldest first so the newest wins, by issue time then id, as
        ``Certificate.objects.newest_per_module()`` decides, without its correlated subquery.
        A column not asked for is read as an empty literal: at an organisation's 200,000
        certificates, turning each issue time into a datetime is a fifth of a report's time."""
        if scope is None:
            return {}
        rows = (
            Certificate.objects.held()
            .filter(**scope)
            .order_by("issued_at", "pk")
            .values_list(
                "user_id",
                "module_id",
                "code" if code else Value("", output_field=CharField()),
                "expires_on",
                "completion__cycle",
                "issued_at" if issue_time else Value(None, output_field=DateTimeField()),
            )
        )
        return {(user_id, module_id): rest for user_id, module_id, *rest in rows}

    def _steps_done(self, scope) -> dict:
        """(user, module) → live steps done in the current cycle: one GROUP BY, cycles matched here."""
        if scope is None:
            return {}
        rows = (
            StepProgress.objects.filter(step__live=True, **scope)
            .order_by()
            .values("user_id", "module_id", "cycle")
            .annotate(n=Count("id"))
            .values_list("user_id", "module_id", "cycle", "n")
        )
        cycles = self.cycles
        return {(u, m): n for u, m, cycle, n in rows if cycles.get((u, m)) == cycle}

    @staticmethod
    def _last_reminded(scope) -> dict:
        if scope is None:
            return {}
        rows = (
            Reminder.objects.filter(**scope)
            .order_by()
            .values("user_id", "module_id")
            .annotate(last=Max("created_at"))
            .values_list("user_id", "module_id", "last")
        )
        return {(user_id, module_id): last for user_id, module_id, last in rows}

    @staticmethod
    def _joined(members, team_ids) -> dict:
        if not team_ids:
            return {}
        rows = TeamMembership.objects.filter(user_id__in=members, team_id__in=team_ids).values_list(
            "team_id", "user_id", "joined_on"
        )
        return {(team_id, user_id): day for team_id, user_id, day in rows}

    @staticmethod
    def _profiles(members) -> tuple[dict, dict]:
        """Each member's job role id and start date (``lms.models.Profile``), in one query."""
        roles, starts = {}, {}
        rows = Profile.objects.filter(user_id__in=members).values_list("user_id", "job_role_id", "start_date")
        for user_id, role_id, start in rows:
            roles[user_id], starts[user_id] = role_id, start
        return roles, starts

    def applies(self, member_id: int, assignment) -> bool:
        """Whether a column's assignment requires its module of this member of the team: one
        made for a job role or a person leaves the team's other members blank."""
        return assignment.user_id in (None, member_id) and assignment.job_role_id in (
            None,
            self.roles.get(member_id),
        )

    def due_on(self, member_id: int, assignment) -> datetime.date:
        return assignment.due_for(
            self.joined.get((assignment.team_id, member_id)), self.starts.get(member_id)
        )

    def expires_on(self, held, assignment) -> datetime.date | None:
        """The certificate's own expiry, or the assignment's rule from its issue date."""
        if assignment.recertification == RecertificationRule.MODULE:
            return held[1]
        return self.rules[assignment.pk].expires_on(clock.day_of(held[3]))

    def standing(self, member_id: int, assignment) -> tuple[Standing, datetime.date | None]:
        """The pure rule for one pair, from the gathered facts."""
        if not self.applies(member_id, assignment):
            return Standing.NOT_REQUIRED, None
        module_id = assignment.module_id
        key = (member_id, module_id)
        held = self.held.get(key)
        allowances = self.allowances  # most people have none: an organisation's count skips the look-ups
        extension = allowances.extension(member_id, module_id, self.today) if allowances.extensions else None
        exemption = allowances.exemption(member_id, module_id, self.today) if allowances.exemptions else None
        return standing_of(
            self.today,
            holds_certificate=held is not None,
            expires_on=self.expires_on(held, assignment) if held else None,
            due_on=self.due_on(member_id, assignment),
            started=key in self.cycles,
            window_days=self.rules[assignment.pk].window_days,
            extended_to=extension.new_due_on if extension else None,
            exempt=exemption is not None,
            exempt_until=exemption.ends_on if exemption else None,
        )

    def cell(self, member_id: int, assignment) -> Cell:
        key = (member_id, assignment.module_id)
        held = self.held.get(key)
        standing, date = self.standing(member_id, assignment)
        if standing == Standing.NOT_REQUIRED:
            return Cell(standing=standing)
        return Cell(
            standing=standing,
            date=date,
            extension=self.allowances.extension(member_id, assignment.module_id, self.today),
            exemption=self.allowances.exemption(member_id, assignment.module_id, self.today),
            done=self.done.get(key, 0),
            total=self.totals.get(assignment.module_id, 0),
            certificate=HeldCertificate(held[0], held[1]) if held else None,
            last_reminded=self.reminded.get(key),
            renewing=bool(held) and held[2] is not None and self.cycles.get(key, 0) > held[2],
        )


@dataclass(frozen=True)
class OwnProgress:
    cycles: dict
    done: dict
    totals: dict


def _own_progress(members, progress: dict | None, modules: dict) -> OwnProgress | None:
    """One member's enrolments, steps done and step totals, from progress already read for every
    module in question; ``None`` (so Facts queries) for several members or a module not read."""
    if (
        progress is None
        or not isinstance(members, list)
        or len(members) != 1
        or not set(modules) <= set(progress)
    ):
        return None
    (member_id,) = members
    enrolled = [pk for pk in modules if progress[pk].enrolled]
    return OwnProgress(
        cycles={(member_id, pk): progress[pk].cycle for pk in enrolled},
        done={(member_id, pk): progress[pk].done for pk in enrolled},
        totals={pk: progress[pk].total for pk in modules},
    )


@dataclass(frozen=True)
class HeldCertificate:
    """What a cell says of the certificate behind it: its code and expiry, not the whole row."""

    code: str
    expires_on: datetime.date | None


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
