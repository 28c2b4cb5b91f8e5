"""Supervisors record observed role-plays and sign members off; learners read their own record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from access_log.recording import Kind, record_view
from core import clock
from lms.models import Observation, SignOff
from lms.practice import SignOffRefused, readiness, record_observation, sign_off
from lms.practice_forms import ObservationForm, SignOffForm
from lms.sign_offs import sign_off_standing
from lms.team_access import supervised_team


def _team_and_member(request: HttpRequest, team_id: int, user_id: int):
    """A team the user supervises and an active member of it other than the user: nobody
    observes or signs off themselves."""
    team = supervised_team(request, team_id)
    members = get_user_model().objects.filter(teams=team, is_active=True).exclude(pk=request.user.pk)
    return team, get_object_or_404(members, pk=user_id)


@login_required
def observe(request: HttpRequest, team_id: int, user_id: int) -> HttpResponse:
    team, member = _team_and_member(request, team_id, user_id)
    modules = [a.module for a in team.assignments.select_related("module").filter(module__live=True)]
    form = ObservationForm(request.POST or None, modules=modules)
    if request.method == "POST" and form.is_valid():
        _observation, created = record_observation(
            team=team,
            member=member,
            observer=request.user,
            module=form.chosen_module,
            observed_on=form.cleaned_data["observed_on"],
            scores=form.scores,
            strengths=form.cleaned_data["strengths"],
            next_steps=form.cleaned_data["next_steps"],
        )
        if created:
            name = member.get_short_name() or member.username
            messages.success(
                request, _("The observation is saved. %(name)s can read it too.") % {"name": name}
            )
        else:
            messages.info(
                request,
                _("You had already saved an observation of this module for that day; it is kept as it was."),
            )
        return redirect("team:member", team.pk, member.pk)
    if request.method == "GET":
        record_view(request.user, member.pk, Kind.OBSERVATION_FORM, team.name)
    return render(request, "lms/observe.html", {"team": team, "person": member, "form": form})


@login_required
def sign_off_member(request: HttpRequest, team_id: int, user_id: int) -> HttpResponse:
    team, member = _team_and_member(request, team_id, user_id)
    today = clock.today()
    form = SignOffForm(request.POST or None)
    refused = False
    if request.method == "POST" and form.is_valid():
        try:
            record, created = sign_off(
                team=team,
                member=member,
                supervisor=request.user,
                role=form.cleaned_data["signer_role"],
                note=form.cleaned_data["note"],
                checks=form.checks,
                today=today,
            )
        except SignOffRefused:
            refused = True  # the page lists what is missing
        else:
            if created:
                until = date_format(record.valid_until, "j F Y")
                messages.success(request, _("Signed off until %(date)s.") % {"date": until})
            else:
                messages.info(
                    request,
                    _("%(name)s already signed this off today; that sign-off is kept as it was.")
                    % {"name": record.signer_name},
                )
            return redirect("team:member", team.pk, member.pk)
    context = {
        "team": team,
        "person": member,
        "form": form,
        "state": readiness(team, member, today),
        "refused": refused,
    }
    return render(request, "lms/sign_off.html", context)


@login_required
def my_practice(request: HttpRequest) -> HttpResponse:
    sign_offs = list(SignOff.objects.filter(member=request.user))
    context = {
        "observations": Observation.objects.filter(member=request.user),
        "sign_offs": sign_offs,
        "sign_off": sign_off_standing(sign_offs, clock.today()),
    }
    return render(request, "lms/my_practice.html", context)
