"""The organisation's view in the admin: each team's standing in counts, never names."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from core import clock
from core.reports import ExportsItsColumns
from core.spreadsheets import spreadsheet_safe
from lms.compliance import required_assignments
from lms.facts import Facts
from lms.models import Team
from lms.sign_offs import latest_sign_offs
from lms.standing import Standing
from lms.team_export import CHUNK, batched


@dataclass(frozen=True)
class TeamSummary:
    name: str
    members: int
    required_modules: int
    current: int
    due: int
    expired: int
    overdue: int
    in_progress: int
    not_started: int
    signed_off: int


def team_summaries(today) -> list[TeamSummary]:
    """Every team's counts, counted without building any matrix: the members and required
    modules counted by the database, each (member, module) standing decided by the pure rule
    on facts gathered a thousand members at a time, so memory stays flat at any size."""
    active = Count("members", filter=Q(members__is_active=True), distinct=True)
    teams = list(Team.objects.order_by("name").annotate(active_members=active))
    required = required_assignments(teams)
    tally = {team.pk: Counter() for team in teams}
    signed_off = Counter()
    users = get_user_model().objects
    pairs = (
        Team.members.through.objects.filter(team__in=teams, user__is_active=True)
        .order_by("user_id")
        .values_list("team_id", "user_id")
    )
    assignments = [a for listed in required.values() for a in listed]
    for chunk in batched(pairs, CHUNK):
        # The chunk's members by their id range, as a subquery: a thousand ids spelled out as
        # parameters cost each of the facts' queries more to build than to run.
        members = users.filter(pk__range=(chunk[0][1], chunk[-1][1])).values("pk")
        facts = Facts(members, assignments, today, details=False)
        sign_offs = latest_sign_offs(list(tally), members, today)
        for team_id, user_id in chunk:
            tally[team_id].update(facts.standing(user_id, a)[0] for a in required[team_id])
            if sign_offs.cell(team_id, user_id).standing in (Standing.CURRENT, Standing.DUE):
                signed_off[team_id] += 1
    return [
        TeamSummary(
            name=team.name,
            members=team.active_members,
            required_modules=len(required[team.pk]),
            current=tally[team.pk][Standing.CURRENT],
            due=tally[team.pk][Standing.DUE],
            expired=tally[team.pk][Standing.EXPIRED],
            overdue=tally[team.pk][Standing.OVERDUE],
            in_progress=tally[team.pk][Standing.IN_PROGRESS],
            not_started=tally[team.pk][Standing.NOT_STARTED],
            signed_off=signed_off[team.pk],
        )
        for team in teams
    ]


class TeamComplianceView(ExportsItsColumns, ReportView):
    """For those who manage teams: how each team stands, as counts of member-module pairs."""

    page_title = _("Team compliance")
    header_icon = "group"
    index_url_name = "team_compliance:index"
    export_filename = "team-compliance"
    permission_required = "change"
    columns = [
        Column("name", label=_("Team")),
        Column("members", label=_("Members")),
        Column("required_modules", label=_("Required modules")),
        Column("current", label=_("Current")),
        Column("due", label=_("Due for renewal")),
        Column("expired", label=_("Expired")),
        Column("overdue", label=_("Overdue")),
        Column("in_progress", label=_("In progress")),
        Column("not_started", label=_("Not started")),
        Column("signed_off", label=_("Members signed off")),
    ]
    custom_field_preprocess = {"name": {"csv": spreadsheet_safe}}

    @cached_property
    def permission_policy(self) -> ModelPermissionPolicy:
        return ModelPermissionPolicy(Team)

    @cached_property
    def no_results_message(self) -> str:
        return _("There are no teams yet. Add one under Teams.")

    def get_queryset(self) -> list[TeamSummary]:
        return team_summaries(clock.today())
