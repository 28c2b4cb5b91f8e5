"""A team's standing as a CSV file, written by Wagtail's ``SpreadsheetExportMixin`` like the
admin's "Team compliance" report: translated headings, names that cannot become formulas.

A row per member and required module, then a sign-off row per member. Dates are the
organisation's calendar days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from core import clock
from core.spreadsheets import spreadsheet_safe
from lms.compliance import TeamMatrix, team_matrix
from lms.team_access import supervised_team


@dataclass(frozen=True)
class ExportRow:
    member: str
    username: str
    module: str
    status: str
    date: datetime.date | None = None
    steps_done: int | None = None  # None: an empty cell, as on the sign-off row
    steps_total: int | None = None
    last_reminded: datetime.date | None = None


def export_rows(matrix: TeamMatrix) -> list[ExportRow]:
    rows = []
    for row in matrix.rows:
        who = {"member": row.member.get_full_name() or row.member.username, "username": row.member.username}
        for assignment, cell in zip(matrix.assignments, row.cells, strict=True):
            rows.append(
                ExportRow(
                    **who,
                    module=assignment.module.title,
                    status=cell.label,
                    date=cell.date,
                    steps_done=cell.done,
                    steps_total=cell.total,
                    last_reminded=clock.day_of(cell.last_reminded) if cell.last_reminded else None,
                )
            )
        rows.append(
            ExportRow(
                **who,
                module=_("Sign-off (observed practice)"),
                status=row.sign_off.label,
                date=row.sign_off.date,
            )
        )
    return rows


class TeamExportView(LoginRequiredMixin, SpreadsheetExportMixin, View):
    """``/team/<id>/export.csv``: for the team's supervisors only (404 for anyone else)."""

    http_method_names = ["get", "head", "options"]
    list_export = [
        "member",
        "username",
        "module",
        "status",
        "date",
        "steps_done",
        "steps_total",
        "last_reminded",
    ]
    export_headings = {
        "member": gettext_lazy("Member"),
        "username": gettext_lazy("Username"),
        "module": gettext_lazy("Module"),
        "status": gettext_lazy("Status"),
        "date": gettext_lazy("Date"),
        "steps_done": gettext_lazy("Steps done"),
        "steps_total": gettext_lazy("Steps in module"),
        "last_reminded": gettext_lazy("Last reminded"),
    }
    # Text a person typed (names, module titles) is shown by a spreadsheet, never run.
    custom_field_preprocess = {name: {"csv": spreadsheet_safe} for name in ("member", "username", "module")}

    def get(self, request: HttpRequest, team_id: int) -> HttpResponse:
        self.team = supervised_team(request, team_id)
        self.today = clock.today()
        return self.as_spreadsheet(export_rows(team_matrix(self.team, self.today)), self.FORMAT_CSV)

    def get_filename(self) -> str:
        return f"{slugify(self.team.name) or 'team'}-{self.today:%Y-%m-%d}"
