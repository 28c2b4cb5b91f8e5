"""Who is required to hold which module, by when, under which renewal rule, and what has set a
deadline aside (extensions, exemptions): gathered for many people in a fixed number of queries.

An assignment names a team, a job role, a team and a job role, or one person
(``Assignment``). Where several assignments require one module of one person, the one due
soonest speaks for it. ``lms.facts`` turns what is gathered here into the matrix's cells
with ``lms.standing.standing_of``; ``rule_for`` answers ``core.recertification`` for the
certificates, so a certificate's expiry follows the assignment's rule.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q

from certificates import validity
from core import clock
from lms.models import Assignment, Exemption, Extension, TeamMembership
from lms.models.teams import RecertificationRule


@dataclass(frozen=True)
class Requirement:
    """One module required of one person: the assignment that speaks for it, when it is first
    due, and when a completion of it stops counting."""

    assignment: Assignment
    due_on: datetime.date
    rule: validity.Recertification

    @property
    def module(self):
        return self.assignment.module

    @property
    def module_id(self) -> int:
        return self.assignment.module_id

    def expires_on(self, certificate) -> datetime.date | None:
        """When ``certificate`` stops counting for this requirement: its own expiry when the
        assignment follows the module's rule, otherwise the assignment's rule from its issue."""
        if self.assignment.recertification == RecertificationRule.MODULE:
            return certificate.expires_on
        return self.rule.expires_on(clock.day_of(certificate.issued_at))


@dataclass
class Allowances:
    """The newest extension and exemption of each (person, module), as logged."""

    extensions: dict[tuple[int, int], Extension] = field(default_factory=dict)
    exemptions: dict[tuple[int, int], Exemption] = field(default_factory=dict)

    def extension(self, user_id: int, module_id: int, today: datetime.date) -> Extension | None:
        """The extension still in force on ``today``, if any."""
        found = self.extensions.get((user_id, module_id))
        return found if found is not None and today <= found.new_due_on else None

    def exemption(self, user_id: int, module_id: int, today: datetime.date) -> Exemption | None:
        """The exemption in force on ``today`` (not withdrawn, not ended), if any."""
        found = self.exemptions.get((user_id, module_id))
        if found is None or found.withdrawn or (found.ends_on is not None and today > found.ends_on):
            return None
        return found


@dataclass
class Requirements:
    """Every requirement of some people, with what each needs to be decided."""

    assignments: list[Assignment]
    teams_of: dict[int, set[int]]  # member id → ids of their teams
    roles: dict[int, int | None]  # member id → job role id
    starts: dict[int, datetime.date | None]  # member id → start date
    joined: dict[tuple[int, int], datetime.date]  # (team id, member id) → joined on

    def applies(self, assignment: Assignment, member_id: int, team_id: int | None = None) -> bool:
        """Whether ``assignment`` requires its module of the member. With ``team_id``, an
        assignment of another team does not count (a team's matrix shows its own)."""
        if assignment.user_id is not None and assignment.user_id != member_id:
            return False
        if assignment.job_role_id is not None and self.roles.get(member_id) != assignment.job_role_id:
            return False
        if assignment.team_id is not None:
            if team_id is not None and assignment.team_id != team_id:
                return False
            if assignment.team_id not in self.teams_of.get(member_id, ()):
                return False
        return True

    def due_on(self, assignment: Assignment, member_id: int) -> datetime.date:
        joined = self.joined.get((assignment.team_id, member_id)) if assignment.team_id else None
        return assignment.due_for(joined, self.starts.get(member_id))

    def of(self, member_id: int, team_id: int | None = None) -> dict[int, Requirement]:
        """Module id → the requirement that speaks for it (the one due soonest)."""
        found: dict[int, Requirement] = {}
        for assignment in self.assignments:
            if not self.applies(assignment, member_id, team_id):
                continue
            due = self.due_on(assignment, member_id)
            known = found.get(assignment.module_id)
            if known is None or due < known.due_on:
                found[assignment.module_id] = Requirement(assignment, due, assignment.rule())
        return found

    def modules(self, member_ids, team_id: int | None = None) -> list:
        """The modules required of any of these members, in the catalogue's order."""
        modules = {}
        for member_id in member_ids:
            for requirement in self.of(member_id, team_id).values():
                modules.setdefault(requirement.module_id, requirement.module)
        return sorted(modules.values(), key=lambda module: module.path)


def gather(members, teams=None) -> Requirements:
    """The requirements of ``members``, in three queries (two for people in no team). ``teams`` limits the team-scoped
    assignments to those teams (a team's matrix); by default every team of the members counts."""
    ids = [member.pk for member in members]
    teams_of: dict[int, set[int]] = defaultdict(set)
    roles, starts = {}, {}
    team_filter = None if teams is None else {team.pk for team in teams}
    rows = (
        get_user_model()
        .objects.filter(pk__in=ids)
        .values_list("pk", "teams", "profile__job_role_id", "profile__start_date")
    )
    for user_id, team_id, role_id, start in rows:  # a row per team (one with None: in no team)
        roles[user_id], starts[user_id] = role_id, start
        if team_id is not None and (team_filter is None or team_id in team_filter):
            teams_of[user_id].add(team_id)
    team_ids = {team_id for listed in teams_of.values() for team_id in listed}
    role_ids = {role for role in roles.values() if role is not None}
    assignments = list(
        Assignment.objects.filter(
            Q(team_id__in=team_ids) | Q(team__isnull=True, job_role_id__in=role_ids) | Q(user_id__in=ids),
            module__live=True,
        )
        .select_related("module")
        .order_by("module__path", "pk")
    )
    joined = {}
    if team_ids:
        rows = TeamMembership.objects.filter(user_id__in=ids, team_id__in=team_ids)
        joined = {
            (team_id, user_id): day
            for team_id, user_id, day in rows.values_list("team_id", "user_id", "joined_on")
        }
    return Requirements(assignments, dict(teams_of), roles, starts, joined)


def allowances(member_ids, module_ids) -> Allowances:
    """The newest extension and exemption of each (member, module), in two queries."""
    result = Allowances()
    scope = {"user_id__in": member_ids, "module_id__in": list(module_ids)}  # ids, or a subquery of them
    for extension in Extension.objects.filter(**scope).order_by("granted_at", "pk"):
        result.extensions[(extension.user_id, extension.module_id)] = extension  # the newest wins
    for exemption in Exemption.objects.filter(**scope).order_by("granted_at", "pk"):
        result.exemptions[(exemption.user_id, exemption.module_id)] = exemption
    return result


def rule_for(user, module) -> validity.Recertification | None:
    """``core.recertification``'s answer: the rule of the assignment that requires ``module`` of
    ``user``, or ``None`` (the module's own rule) when none does or it follows the module's."""
    if (
        not Assignment.objects.filter(module=module)
        .exclude(recertification=RecertificationRule.MODULE)
        .exists()
    ):
        return None  # the usual case, in one query: no assignment of the module sets its own rule
    requirement = gather([user]).of(user.pk).get(module.pk)
    if requirement is None or requirement.assignment.recertification == RecertificationRule.MODULE:
        return None
    return requirement.rule


def requirement_of(member, module_id: int, team=None) -> Requirement | None:
    """What requires ``module_id`` of ``member`` (within ``team``'s assignments, when given)."""
    return (
        gather([member], None if team is None else [team])
        .of(member.pk, getattr(team, "pk", None))
        .get(module_id)
    )


def deadline_of(member, requirement: Requirement) -> datetime.date | None:
    """The deadline an extension moves: the expiry of the newest held certificate, or the due date."""
    from certificates.models import Certificate

    newest = (
        Certificate.objects.held()
        .filter(user=member, module_id=requirement.module_id)
        .order_by("-issued_at", "-pk")
        .first()
    )
    return requirement.due_on if newest is None else requirement.expires_on(newest)
