"""Thin views for the learner's state changes; every one is a POST."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import progress
from .access import learnable_module, learnable_step, viewable
from .models import ContentNoteAcknowledgement, LessonPage


@require_POST
@login_required
def start_module(request: HttpRequest, module_id: int) -> HttpResponseRedirect:
    module = learnable_module(request, module_id)
    progress.enrol(request.user, module)
    first = progress.module_progress(request.user, module).step_after()
    return HttpResponseRedirect(module.url if first is None else first.url)


@require_POST
@login_required
def mark_lesson_done(request: HttpRequest, module_id: int, step_id: int) -> HttpResponseRedirect:
    module = learnable_module(request, module_id)
    lesson = learnable_step(request, module, step_id)
    if not isinstance(lesson, LessonPage):
        raise Http404
    state = progress.record_step_complete(request.user, lesson, module)
    next_step = state.step_after(lesson)
    if next_step is None:
        if state.is_complete:
            messages.success(request, _("You have completed every step of “%s”. Well done.") % module.title)
        return HttpResponseRedirect(module.url)
    messages.success(request, _("“%s” is marked as done.") % lesson.title)
    return HttpResponseRedirect(next_step.url)


@require_POST
@login_required
def continue_past_note(request: HttpRequest, page_id: int) -> HttpResponseRedirect:
    lesson = viewable(request, get_object_or_404(LessonPage.objects.live(), pk=page_id))
    ContentNoteAcknowledgement.objects.get_or_create(user=request.user, page=lesson)
    return HttpResponseRedirect(lesson.url)
