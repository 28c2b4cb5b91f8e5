"""The supervisor's matrix filters, as query parameters that a link can carry:
``/team/?status=overdue&module=<slug>&team=<id>&q=<name>&sort=urgency&page=2``.

A team that is not the supervisor's is a 404, as everywhere on team pages; any other value the
form does not know is reported beside the field and left out, never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django import forms
from django.http import Http404, QueryDict
from django.utils.translation import gettext_lazy as _

from lms.standing import Standing

NEEDS_ACTION = "needs_action"
URGENCY, NAME = "urgency", "name"


class TeamFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100, strip=True)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            (NEEDS_ACTION, _("Needs action")),
            *Standing.choices[:-1],
        ],  # all but "not required"
    )
    module = forms.ChoiceField(label=_("Module"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[(NAME, _("By name")), (URGENCY, _("Most urgent first"))],
    )

    def __init__(self, data, *, teams, modules):
        super().__init__(data)
        self.fields["team"].choices = [("", _("All my teams")), *((str(t.pk), t.name) for t in teams)]
        self.fields["module"].choices = [("", _("All required modules")), *modules]


@dataclass(frozen=True)
class TeamFilters:
    q: str = ""
    status: str = ""
    module: str = ""
    team: int | None = None
    sort: str = NAME
    page: str = "1"

    @property
    def active(self) -> bool:
        return bool(self.q or self.status or self.module or self.team)

    def query(self, **changes) -> str:
        """This selection as a query string, with ``changes``; empty values left out."""
        chosen = replace(self, **changes)
        values = {
            "status": chosen.status,
            "module": chosen.module,
            "team": chosen.team or "",
            "q": chosen.q,
            "sort": "" if chosen.sort == NAME else chosen.sort,
            "page": "" if str(chosen.page) == "1" else chosen.page,
        }
        return urlencode({key: value for key, value in values.items() if value})


def read_filters(
    data: QueryDict, teams, modules: list[tuple[str, str]]
) -> tuple[TeamFilters, TeamFilterForm]:
    """The filters asked for in ``data``; a ``team`` that is not among ``teams`` raises 404."""
    wanted_team = data.get("team", "")
    if wanted_team and wanted_team not in {str(team.pk) for team in teams}:
        raise Http404
    form = TeamFilterForm(data, teams=teams, modules=modules)
    form.is_valid()
    clean = {name: value for name, value in form.cleaned_data.items() if value}
    filters = TeamFilters(
        q=clean.get("q", ""),
        status=clean.get("status", ""),
        module=clean.get("module", ""),
        team=int(clean["team"]) if "team" in clean else None,
        sort=clean.get("sort", NAME),
        page=data.get("page", "1")[:10],
    )
    return filters, form
