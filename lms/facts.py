"""The facts behind a compliance cell, for some members on some assignments: certificates held,
enrolments, steps done, reminders, join dates and profiles, read as plain values in a few
aggregate queries, and the pure cell rule (``lms.standing``) applied to them pair by pair.

No certificate, enrolment or progress row becomes a model object here: at thousands of people
the time goes to building objects, not to the database. ``lms.compliance`` arranges the cells
into teams' matrices; the dashboard, exports, digest and reports read ``Facts`` directly.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Count, DateTimeField, Max, Value

from certificates.models import Certificate
from core import clock
from courses.models import Enrolment, StepProgress
from courses.progress import live_step_ids
from lms.assignments import Allowances, Requirements, allowances
from lms.models import DueRule, Profile, RecertificationRule, Reminder, TeamMembership
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
