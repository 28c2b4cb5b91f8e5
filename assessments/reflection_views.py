"""Views for private reflections. Every lookup is by the signed-in author; anything else is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access_log.recording import Kind, record_views
from core.supervision import supervises_anyone, supervisors_of
from courses.access import viewable
from courses.models import LessonPage

from . import reflections as journal
from .models import Reflection, ScenarioRun
from .scenario_views import run_url


def _own(request: HttpRequest, reflection_id: int) -> Reflection:
    return get_object_or_404(Reflection, pk=reflection_id, user=request.user)


def _back_to_list():
    return redirect("learning:reflections")


@login_required
def reflection_list(request: HttpRequest) -> HttpResponse:
    reflections = Reflection.objects.filter(user=request.user).select_related("shared_copy")
    context = {
        "reflections": list(reflections),
        "has_supervisor": supervisors_of(request.user).exists(),
    }
    return TemplateResponse(request, "assessments/reflection_list.html", context)


@login_required
def export_markdown(request: HttpRequest) -> HttpResponse:
    text = journal.as_markdown(
        request.user, Reflection.objects.filter(user=request.user).order_by("created_at")
    )
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-reflections.md"'
    return response


def _saved_or_message(request: HttpRequest, place: str = "", **fields) -> None:
    """Save, and say so; with ``place`` (an element's id) the message shows there, beside the
    reflection the page jumps to, rather than at the top of the page."""
    tags = f"placed {place}" if place else ""
    try:
        journal.save_reflection(request.user, **fields)
    except journal.ReflectionRejected as rejected:
        messages.error(request, str(rejected), extra_tags=tags)
    else:
        messages.success(request, _("Saved. Only you can read this."), extra_tags=tags)


@require_POST
@login_required
def save_for_ending(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(ScenarioRun, pk=run_id, user=request.user, ending__isnull=False)
    if run.scenario is None or not run.ending.get("reflection_prompt"):
        raise Http404
    _saved_or_message(
        request,
        prompt=run.ending["reflection_prompt"],
        text=request.POST.get("text", ""),
        source_title=f"{run.scenario_title}: {run.ending['title']}",
        source_page=run.scenario,
        source_key=run.ending["key"],
    )
    return redirect(run_url(run) + "#reflection")


@require_POST
@login_required
def save_for_lesson(request: HttpRequest, page_id: int, block_id: str) -> HttpResponse:
    lesson = viewable(request, get_object_or_404(LessonPage.objects.live(), pk=page_id))
    block = next((b for b in lesson.body if b.id == block_id and b.block_type == "reflection"), None)
    if block is None:
        raise Http404
    _saved_or_message(
        request,
        prompt=block.value["prompt"],
        text=request.POST.get("text", ""),
        source_title=lesson.title,
        source_page=lesson,
        source_key=block_id,
        place=f"reflection-{block_id}",
    )
    return redirect(f"{lesson.url}#reflection-{block_id}")


@require_POST
@login_required
def share(request: HttpRequest, reflection_id: int) -> HttpResponse:
    reflection = _own(request, reflection_id)
    try:
        journal.share(reflection)
    except journal.ReflectionRejected as rejected:
        messages.error(request, str(rejected))
    else:
        messages.success(request, _("Shared a copy with your supervisor. You can stop sharing at any time."))
    return _back_to_list()


@require_POST
@login_required
def revoke(request: HttpRequest, reflection_id: int) -> HttpResponse:
    journal.revoke(_own(request, reflection_id))
    messages.success(request, _("No longer shared. Your supervisor can no longer see it."))
    return _back_to_list()


@require_http_methods(["GET", "POST"])
@login_required
def delete(request: HttpRequest, reflection_id: int) -> HttpResponse:
    reflection = _own(request, reflection_id)
    if request.method == "POST":  # a GET asks "are you sure?"
        reflection.delete()
        messages.success(request, _("Deleted. It is gone for good, including any shared copy."))
        return _back_to_list()
    return TemplateResponse(request, "assessments/reflection_delete.html", {"reflection": reflection})


@login_required
def shared_with_me(request: HttpRequest) -> HttpResponse:
    """For supervisors: the copies their team members chose to share, and nothing else."""
    if not supervises_anyone(request.user):
        raise Http404
    shared = list(journal.shared_with(request.user))
    titles: dict[int, list[str]] = {}
    for copy in shared:
        titles.setdefault(copy.user_id, []).append(copy.source_title)
    # One row per learner whose reflections were shown, in one statement.
    record_views(request.user, Kind.SHARED_REFLECTIONS, ((k, "; ".join(v)) for k, v in titles.items()))
    return TemplateResponse(request, "lms/shared_reflections.html", {"shared": shared})
