"""Learner endpoints for playing scenarios: plain URLs with guards as decorators, like quizzes.
Moves are POSTs; the rules live in scenario_runs. A scenario's own page is its start page."""

from __future__ import annotations

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.numbers import parse_count
from courses.access import viewable

from . import scenario_runs as play
from .guards import own_run
from .models import Reflection, ScenarioPage, ScenarioRun
from .principles import profile


def run_url(run: ScenarioRun) -> str:
    return reverse("learning:scenario_run", args=[run.pk])


def _run_context(request: HttpRequest, run: ScenarioRun, scenario: ScenarioPage) -> dict:
    """What a step or feedback page needs: the run, its scenario and module (for breadcrumbs)."""
    return {
        "run": run,
        "page": scenario,
        "self": scenario,
        "request": request,
        "module": scenario.get_module(),
    }


def _sequence(request: HttpRequest) -> int:
    return parse_count(request.POST.get("sequence"), -1)


@require_POST
@login_required
def start(request: HttpRequest, page_id: int) -> HttpResponse:
    scenario = viewable(request, get_object_or_404(ScenarioPage.objects.live(), pk=page_id))
    if scenario.problems():  # published without the editor's checks, e.g. in bulk
        messages.error(request, _("This scenario is not ready yet. Please come back to it later."))
        return redirect(scenario.get_parent().url)
    return redirect(run_url(play.start_run(request.user, scenario)))


@own_run
def run_page(request: HttpRequest, run: ScenarioRun, scenario: ScenarioPage | None) -> HttpResponse:
    return _run_page(request, run, scenario)


def _run_page(
    request: HttpRequest, run: ScenarioRun, scenario: ScenarioPage | None, error: str = ""
) -> HttpResponse:
    """Where the run stands: the current step (with ``error`` when a move was refused), or the ending."""
    if scenario is None:
        return TemplateResponse(request, "assessments/scenario_unavailable.html", {"run": run})
    if run.is_ended:
        return _ending(request, run, scenario)
    step = play.current_step(run, scenario)
    if step is None:
        return TemplateResponse(
            request, "assessments/scenario_unavailable.html", {"run": run, "changed": True}
        )
    context = _run_context(request, run, scenario)
    context.update(step=step, step_number=run.sequence + 1, error=error)
    status = HTTPStatus.BAD_REQUEST if error else HTTPStatus.OK
    return TemplateResponse(request, "assessments/scenario_step.html", context, status=status)


def _ending(request: HttpRequest, run: ScenarioRun, scenario: ScenarioPage) -> HttpResponse:
    context = _run_context(request, run, scenario) | scenario.step_context(request.user)
    progress = context.get("progress")
    step_done = progress is not None and progress.is_done(scenario)
    context.update(
        step_done=step_done,
        profile=profile(run.path),
        next_step=progress.step_after(scenario) if step_done else None,
        reflection=Reflection.objects.filter(
            user=request.user, source_page=scenario, source_key=run.ending["key"]
        ).first(),
    )
    return TemplateResponse(request, "assessments/scenario_ending.html", context)


@require_POST
@own_run
def choose(request: HttpRequest, run: ScenarioRun, scenario: ScenarioPage | None) -> HttpResponse:
    if scenario is None:
        return redirect(run_url(run))
    sequence = _sequence(request)
    try:
        moved = play.choose(run, scenario, request.POST.get("choice", ""), sequence)
    except play.MoveRejected as rejected:
        return _run_page(request, run, scenario, error=str(rejected))
    if moved.sequence == sequence + 1:
        return redirect(reverse("learning:scenario_feedback", args=[run.pk, moved.sequence]))
    return redirect(run_url(moved))


@own_run
def feedback(
    request: HttpRequest, run: ScenarioRun, scenario: ScenarioPage | None, number: int
) -> HttpResponse:
    if scenario is None or not 1 <= number <= run.sequence:
        return redirect(run_url(run))
    context = _run_context(request, run, scenario)
    context.update(choice=run.path[number - 1], number=number, is_latest=number == run.sequence)
    return TemplateResponse(request, "assessments/scenario_feedback.html", context)


@require_POST
@own_run
def back(request: HttpRequest, run: ScenarioRun, scenario: ScenarioPage | None) -> HttpResponse:
    if scenario is not None:
        run = play.go_back(run, scenario, _sequence(request))
    return redirect(run_url(run))


@require_POST
@own_run
def restart(request: HttpRequest, run: ScenarioRun, scenario: ScenarioPage | None) -> HttpResponse:
    if scenario is None:
        raise Http404
    fresh = play.restart(run, scenario)
    messages.info(request, _("A fresh start. Your earlier run is kept in your record."))
    return redirect(run_url(fresh))
