"""Granting an extension (a team's supervisor) and marking an exemption (an administrator).

Only someone who may act gets a page; anyone else a 404, as for an unknown id. A module that is
not required of the person (in the supervisor's team, for an extension) is a 404 too.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from access_log.recording import Kind, Role, record_view
from core import clock
from lms.assignments import allowances, deadline_of, requirement_of
from lms.deadline_forms import ExemptionForm, ExtensionForm
from lms.deadlines import grant_extension, history, mark_exemption
from lms.team_access import supervised_team


def _name(person) -> str:
    return person.get_short_name() or person.username


@login_required
def extend(request: HttpRequest, team_id: int, user_id: int, module_id: int) -> HttpResponse:
    team = supervised_team(request, team_id)
    person = get_object_or_404(get_user_model().objects.filter(teams=team), pk=user_id)
    requirement = requirement_of(person, module_id, team)
    if requirement is None:
        raise Http404
    module, today = requirement.module, clock.today()
    deadline = deadline_of(person, requirement)
    form = ExtensionForm(request.POST or None, deadline=deadline)
    if request.method == "POST" and form.is_valid():
        _extension, created = grant_extension(
            user=person, module=module, granted_by=request.user, **form.cleaned_data
        )
        if created:
            messages.success(
                request,
                _("%(name)s has until %(date)s for %(module)s.")
                % {"name": _name(person), "date": form.cleaned_data["new_due_on"], "module": module.title},
            )
        else:
            messages.info(request, _("That extension was already recorded."))
        return redirect("team:member", team.pk, person.pk)
    if request.method == "GET":
        record_view(request.user, person.pk, Kind.TEAM_RECORD, team.name)
    found = allowances([person.pk], [module.pk])
    context = {
        "team": team,
        "person": person,
        "module": module,
        "deadline": deadline,
        "extension": found.extension(person.pk, module.pk, today),
        "exemption": found.exemption(person.pk, module.pk, today),
        "history": history(person, module),
        "form": form,
    }
    return render(request, "lms/extension_form.html", context)


@login_required
def exempt(request: HttpRequest, user_id: int, module_id: int) -> HttpResponse:
    if not request.user.has_perm("lms.add_exemption"):
        raise Http404
    person = get_object_or_404(get_user_model(), pk=user_id)
    requirement = requirement_of(person, module_id)
    if requirement is None:
        raise Http404
    module, today = requirement.module, clock.today()
    withdrawing = request.POST.get("action") == "withdraw"
    form = ExemptionForm(None if withdrawing else (request.POST or None))
    if request.method == "POST" and withdrawing:
        _row, created = mark_exemption(
            user=person,
            module=module,
            reason="",
            evidence_note="",
            ends_on=None,
            granted_by=request.user,
            withdrawn=True,
        )
        if created:
            messages.success(
                request,
                _("The exemption has ended: %(module)s is required again.") % {"module": module.title},
            )
        else:
            messages.info(request, _("There was no exemption to end."))
        return redirect("team:exempt", person.pk, module.pk)
    if request.method == "POST" and form.is_valid():
        _row, created = mark_exemption(
            user=person, module=module, granted_by=request.user, **form.cleaned_data
        )
        if created:
            messages.success(
                request,
                _("%(name)s is exempt from %(module)s.") % {"name": _name(person), "module": module.title},
            )
        else:
            messages.info(request, _("That exemption was already recorded."))
        return redirect("team:exempt", person.pk, module.pk)
    if request.method == "GET":
        record_view(request.user, person.pk, Kind.TEAM_RECORD, _("Exemptions"), role=Role.ADMINISTRATOR)
    found = allowances([person.pk], [module.pk])
    context = {
        "person": person,
        "module": module,
        "deadline": deadline_of(person, requirement),
        "exemption": found.exemption(person.pk, module.pk, today),
        "history": history(person, module),
        "form": form,
    }
    return render(request, "lms/exemption_form.html", context)
