"""Supervisors record observed role-plays and sign members off; learners read their own record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.models import Observation, SignOff
from lms.practice import SignOffRefused, readiness, record_observation, sign_off
from lms.practice_forms import ObservationForm, SignOffForm
from lms.team_views import supervised_team


def _team_and_member(request: HttpRequest, team_id: int, user_id: int):
    team = supervised_team(request, team_id)
    return team, get_object_or_404(get_user_model().objects.filter(teams=team), pk=user_id)


@login_required
def observe(request: HttpRequest, team_id: int, user_id: int) -> HttpResponse:
    team, member = _team_and_member(request, team_id, user_id)
    modules = [a.module for a in team.assignments.select_related("module").filter(module__live=True)]
    form = ObservationForm(request.POST or None, modules=modules)
    if request.method == "POST" and form.is_valid():
        record_observation(
            team=team,
            member=member,
            observer=request.user,
            module=form.chosen_module,
            observed_on=form.cleaned_data["observed_on"],
            scores=form.scores,
            strengths=form.cleaned_data["strengths"],
            next_steps=form.cleaned_data["next_steps"],
        )
        messages.success(
            request,
            _("The observation is saved. %(name)s can read it too.")
            % {"name": member.get_short_name() or member.username},
        )
        return redirect("team:member", team.pk, member.pk)
    return render(request, "lms/observe.html", {"team": team, "person": member, "form": form})


@login_required
def sign_off_member(request: HttpRequest, team_id: int, user_id: int) -> HttpResponse:
    team, member = _team_and_member(request, team_id, user_id)
    today = timezone.localdate()
    form = SignOffForm(request.POST or None)
    refused: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            sign_off(
                team=team,
                member=member,
                supervisor=request.user,
                role=form.cleaned_data["signer_role"],
                note=form.cleaned_data["note"],
                checks=form.checks,
                today=today,
            )
        except SignOffRefused as refusal:
            refused = refusal.gaps
        else:
            messages.success(request, _("Signed off until the same day next year."))
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
    context = {
        "observations": Observation.objects.filter(member=request.user),
        "sign_offs": SignOff.objects.filter(member=request.user),
        "today": timezone.localdate(),
    }
    return render(request, "lms/my_practice.html", context)
