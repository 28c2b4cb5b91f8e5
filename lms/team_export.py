"""A supervisor's teams as CSV or XLSX, written by Wagtail's ``SpreadsheetExportMixin`` like the
admin's "Team compliance" report: translated headings, names that cannot become formulas.

A row per member and required module, then a sign-off row per member, by team and then name.
Dates are the organisation's calendar days. Rows are produced as the file is written, a
thousand members at a time, so a file of 5,000 people holds no more memory than one of 500:
CSV streams, XLSX is written a batch of rows at a time into a spooled temporary file
(``core.spreadsheets``, ``core.xlsx``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from itertools import islice
from typing import NamedTuple

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import clock
from core.spreadsheets import StreamedSpreadsheetMixin, spreadsheet_safe
from lms.compliance import required_assignments
from lms.facts import Facts
from lms.sign_offs import latest_sign_offs
from lms.standing import Standing, standing_labels
from lms.team_access import supervised_team
from lms.team_dashboard import matches, people_of
from lms.team_filters import TeamFilters

CHUNK = 1000  # members whose facts are held at once


class ExportRow(NamedTuple):
    """One row of a team export: a plain tuple, as a file of 5,000 people makes 100,000 of them."""

    member: str
    username: str
    module: str
    status: str
    date: datetime.date | None = None
    steps_done: int | None = None  # None: an empty cell, as on the sign-off row
    steps_total: int | None = None
    last_reminded: datetime.date | None = None
    team: str = ""


def export_rows(teams, filters: TeamFilters, today: datetime.date) -> Iterator[ExportRow]:
    """The rows for ``teams`` that ``filters`` keep (not their page, nor their order: team, then name)."""
    teams = {team.pk: team for team in teams}
    required = required_assignments(list(teams.values()))
    shown = {
        pk: [a for a in listed if not filters.module or a.module.slug == filters.module]
        for pk, listed in required.items()
    }
    signed = _("Sign-off (observed practice)")
    labels = standing_labels()
    people = people_of(list(teams.values()), filters.q, by_team=True)
    for chunk in batched(people, CHUNK):
        ids = list({person.pk for _team_id, person in chunk})
        facts = Facts(ids, [a for team_id in teams for a in shown.get(team_id, [])], today)
        sign_offs = latest_sign_offs(list(teams), ids, today)
        for team_id, person in chunk:
            columns = shown.get(team_id, [])
            cells = [facts.cell(person.pk, a) for a in columns]
            if not matches([(cell.standing, cell.date) for cell in cells], filters.status):
                continue
            who = {"member": person.name, "username": person.username, "team": teams[team_id].name}
            for assignment, cell in zip(columns, cells, strict=True):
                if cell.standing == Standing.NOT_REQUIRED:  # a column for others' role
                    continue
                yield ExportRow(
                    **who,
                    module=assignment.module.title,
                    status=cell.label_from(labels),
                    date=cell.date,
                    steps_done=cell.done,
                    steps_total=cell.total,
                    last_reminded=clock.day_of(cell.last_reminded) if cell.last_reminded else None,
                )
            sign_off = sign_offs.cell(team_id, person.pk)
            yield ExportRow(**who, module=signed, status=sign_off.label_from(labels), date=sign_off.date)


def batched(items, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (``itertools.batched`` arrives with Python 3.12)."""
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


class TeamSpreadsheet(StreamedSpreadsheetMixin):
    """The columns, headings and safe text of every team export."""

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
        "team": gettext_lazy("Team"),
        "member": gettext_lazy("Member"),
        "username": gettext_lazy("Username"),
        "module": gettext_lazy("Module"),
        "status": gettext_lazy("Status"),
        "date": gettext_lazy("Date"),
        "steps_done": gettext_lazy("Steps done"),
        "steps_total": gettext_lazy("Steps in module"),
        "last_reminded": gettext_lazy("Last reminded"),
    }
    # Text a person typed (names, module and team titles) is shown by a spreadsheet, never run
    # (in XLSX, ``core.spreadsheets`` writes all text as text, never as a formula).
    custom_field_preprocess = {
        name: {"csv": spreadsheet_safe} for name in ("team", "member", "username", "module")
    }


class TeamExportView(LoginRequiredMixin, TeamSpreadsheet, View):
    """``/team/<id>/export.csv``: one team, every member, for its supervisors only (404 for anyone else)."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, team_id: int) -> HttpResponse:
        self.team = supervised_team(request, team_id)
        self.today = clock.today()
        return self.as_spreadsheet(export_rows([self.team], TeamFilters(), self.today), self.FORMAT_CSV)

    def get_filename(self) -> str:
        return f"{slugify(self.team.name) or 'team'}-{self.today:%Y-%m-%d}"


class FilteredExport(TeamSpreadsheet):
    """What ``/team/?…&export=csv`` (or ``xlsx``) downloads: the filtered people of the chosen teams."""

    list_export = ["team", *TeamSpreadsheet.list_export]

    def __init__(self, teams, filters: TeamFilters, today: datetime.date):
        self.teams, self.filters, self.today = teams, filters, today

    def response(self, spreadsheet_format: str) -> HttpResponse:
        return self.as_spreadsheet(export_rows(self.teams, self.filters, self.today), spreadsheet_format)

    def get_filename(self) -> str:
        name = slugify(self.teams[0].name) if len(self.teams) == 1 else "my-teams"
        return f"{name or 'team'}-{self.today:%Y-%m-%d}"
