"""Thin views for playing scenarios. Moves are POSTs; the rules live in scenario_runs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from core.numbers import parse_count
from courses.access import learnable_step
from courses.progress import module_progress

from . import scenario_runs as play
from .models import Reflection, ScenarioPage, ScenarioRun
from .principles import profile


def run_url(run: ScenarioRun) -> str:
    return reverse("learning:scenario_run", args=[run.pk])


def page_context(request: HttpRequest, scenario: ScenarioPage) -> dict:
    """What a scenario's start page shows: the module's progress, an open run, past endings."""
    context: dict = {"module": scenario.get_module()}
    if context["module"] is not None and request.user.is_authenticated:
        progress = module_progress(request.user, context["module"])
        context.update(progress=progress, position=progress.position_of(scenario))
    if request.user.is_authenticated:
        runs = list(ScenarioRun.objects.filter(user=request.user, scenario=scenario).order_by("-updated_at"))
        context.update(
            open_run=next((r for r in runs if r.set_aside_at is None), None),
            endings_reached=[r for r in runs if r.is_ended],
        )
    return context


def _own_run(request: HttpRequest, run_id: int) -> tuple[ScenarioRun, ScenarioPage | None]:
    """The learner's own run (else 404) and its scenario, if that is still live."""
    run = get_object_or_404(ScenarioRun.objects.select_related("scenario"), pk=run_id, user=request.user)
    playable = run.scenario is not None and run.scenario.live and not run.scenario.problems()
    return run, run.scenario if playable else None


def _run_context(run: ScenarioRun, scenario: ScenarioPage, request: HttpRequest) -> dict:
    """What a step or feedback page needs: the run, its scenario and module (for breadcrumbs)."""
    return {
        "run": run,
        "page": scenario,
        "self": scenario,
        "request": request,
        "module": scenario.get_module(),
    }


@login_required
@require_POST
def start(request: HttpRequest, page_id: int) -> HttpResponse:
    scenario = get_object_or_404(ScenarioPage.objects.live(), pk=page_id)
    if scenario.problems():  # published without the editor's checks, e.g. in bulk
        messages.error(request, _("This scenario is not ready yet. Please come back to it later."))
        return redirect(scenario.get_parent().url)
    module = scenario.get_module()
    if module is not None:
        learnable_step(request, module, scenario.pk)
    return redirect(run_url(play.start_run(request.user, scenario)))


@login_required
def run_page(request: HttpRequest, run_id: int, error: str = "") -> HttpResponse:
    run, scenario = _own_run(request, run_id)
    if scenario is None:
        return TemplateResponse(request, "assessments/scenario_unavailable.html", {"run": run})
    if run.is_ended:
        return _ending(
            request, run, scenario, _run_context(run, scenario, request) | page_context(request, scenario)
        )
    context = _run_context(run, scenario, request)
    step = play.current_step(run, scenario)
    if step is None:
        return TemplateResponse(
            request, "assessments/scenario_unavailable.html", {"run": run, "changed": True}
        )
    context.update(step=step, step_number=run.sequence + 1, error=error)
    return TemplateResponse(request, "assessments/scenario_step.html", context, status=400 if error else 200)


def _ending(request: HttpRequest, run: ScenarioRun, scenario: ScenarioPage, context: dict) -> HttpResponse:
    next_step = None
    step_done = context.get("progress") is not None and context["progress"].is_done(scenario)
    if step_done:
        next_id = context["progress"].step_after(scenario)
        next_step = Page.objects.filter(pk=next_id).first() if next_id else None
    context.update(
        step_done=step_done,
        profile=profile(run.path),
        next_step=next_step,
        reflection=Reflection.objects.filter(
            user=request.user, source_page=scenario, source_key=run.ending["key"]
        ).first(),
    )
    return TemplateResponse(request, "assessments/scenario_ending.html", context)


def _sequence(request: HttpRequest) -> int:
    return parse_count(request.POST.get("sequence"), -1)


@login_required
@require_POST
def choose(request: HttpRequest, run_id: int) -> HttpResponse:
    run, scenario = _own_run(request, run_id)
    if scenario is None:
        return redirect(run_url(run))
    sequence = _sequence(request)
    try:
        moved = play.choose(run, scenario, request.POST.get("choice", ""), sequence)
    except play.MoveRejected as rejected:
        return run_page(request, run_id, error=str(rejected))
    if moved.sequence == sequence + 1:
        return redirect(reverse("learning:scenario_feedback", args=[run.pk, moved.sequence]))
    return redirect(run_url(moved))


@login_required
def feedback(request: HttpRequest, run_id: int, number: int) -> HttpResponse:
    run, scenario = _own_run(request, run_id)
    if scenario is None or not 1 <= number <= run.sequence:
        return redirect(run_url(run))
    context = _run_context(run, scenario, request)
    context.update(choice=run.path[number - 1], number=number, is_latest=number == run.sequence)
    return TemplateResponse(request, "assessments/scenario_feedback.html", context)


@login_required
@require_POST
def back(request: HttpRequest, run_id: int) -> HttpResponse:
    run, scenario = _own_run(request, run_id)
    if scenario is not None:
        run = play.go_back(run, scenario, _sequence(request))
    return redirect(run_url(run))


@login_required
@require_POST
def restart(request: HttpRequest, run_id: int) -> HttpResponse:
    run, scenario = _own_run(request, run_id)
    if scenario is None:
        raise Http404
    fresh = play.restart(run, scenario)
    messages.info(request, _("A fresh start. Your earlier run is kept in your record."))
    return redirect(run_url(fresh))


def preview(request: HttpRequest, scenario: ScenarioPage, mode: str) -> HttpResponse:
    """Editors' previews: the start page, or every step and ending linked so it can be walked."""
    context = {"page": scenario, "self": scenario, "request": request, "is_preview": True}
    context["module"] = scenario.get_module()
    if mode == "walk":
        steps, endings = scenario.graph
        context.update(steps=steps, endings=endings, problems=scenario.problems())
        return TemplateResponse(request, "assessments/scenario_walk.html", context)
    return TemplateResponse(request, "assessments/scenario_page.html", context)
