"""The organisation's view in the admin: each team's standing in counts, never names."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from lms.compliance import Standing
from lms.models import Team
from lms.spreadsheets import spreadsheet_safe


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
    """Every team's counts, in a fixed number of queries however many teams there are."""
    from collections import Counter, defaultdict

    from django.contrib.auth import get_user_model
    from django.db.models import Prefetch

    from lms.compliance import cells_for
    from lms.models import Assignment, SignOff
    from lms.practice import revoked_evidence, sign_off_cell

    active = get_user_model().objects.filter(is_active=True)
    teams = list(
        Team.objects.order_by("name").prefetch_related(Prefetch("members", active, to_attr="active"))
    )
    assignments = defaultdict(list)
    for assignment in Assignment.objects.filter(module__live=True).select_related("module"):
        assignments[assignment.team_id].append(assignment)
    members = list({member.pk: member for team in teams for member in team.active}.values())
    cells = cells_for(members, [a for listed in assignments.values() for a in listed], today)
    latest_sign_off = {}
    for record in SignOff.objects.filter(team__in=teams).order_by("signed_on", "pk"):
        latest_sign_off[(record.team_id, record.member_id)] = record  # the newest wins
    revoked = revoked_evidence(latest_sign_off.values())

    summaries = []
    for team in teams:
        tally = Counter(
            cells[(member.pk, assignment.pk)].standing
            for member in team.active
            for assignment in assignments[team.pk]
        )
        signed_off = [
            sign_off_cell(latest_sign_off.get((team.pk, member.pk)), today, revoked).standing
            for member in team.active
        ]
        summaries.append(
            TeamSummary(
                name=team.name,
                members=len(team.active),
                required_modules=len(assignments[team.pk]),
                current=tally[Standing.CURRENT],
                due=tally[Standing.DUE],
                expired=tally[Standing.EXPIRED],
                overdue=tally[Standing.OVERDUE],
                in_progress=tally[Standing.IN_PROGRESS],
                not_started=tally[Standing.NOT_STARTED],
                signed_off=sum(1 for standing in signed_off if standing in (Standing.CURRENT, Standing.DUE)),
            )
        )
    return summaries


class TeamComplianceView(ReportView):
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
    list_export = [column.name for column in columns]
    export_headings = {column.name: column.label for column in columns}
    custom_field_preprocess = {"name": {"csv": spreadsheet_safe}}

    @cached_property
    def permission_policy(self) -> ModelPermissionPolicy:
        return ModelPermissionPolicy(Team)

    @cached_property
    def no_results_message(self) -> str:
        return _("There are no teams yet. Add one under Teams.")

    def get_queryset(self) -> list[TeamSummary]:
        return team_summaries(timezone.localdate())
