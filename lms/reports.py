"""The organisation's view in the admin: each team's standing in counts, never names."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from core import clock
from core.reports import ExportsItsColumns
from core.spreadsheets import spreadsheet_safe
from lms.compliance import team_matrices
from lms.models import Team
from lms.standing import Standing


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
    summaries = []
    for matrix in team_matrices(Team.objects.order_by("name"), today):
        tally = dict(matrix.counts)
        summaries.append(
            TeamSummary(
                name=matrix.team.name,
                members=len(matrix.rows),
                required_modules=len(matrix.assignments),
                current=tally[Standing.CURRENT],
                due=tally[Standing.DUE],
                expired=tally[Standing.EXPIRED],
                overdue=tally[Standing.OVERDUE],
                in_progress=tally[Standing.IN_PROGRESS],
                not_started=tally[Standing.NOT_STARTED],
                signed_off=sum(
                    1 for row in matrix.rows if row.sign_off.standing in (Standing.CURRENT, Standing.DUE)
                ),
            )
        )
    return summaries


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
