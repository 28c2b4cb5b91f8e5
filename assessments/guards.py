"""Guards for the learner endpoints of quizzes and scenarios, as decorators: each loads the
signed-in learner's own attempt or run from the URL's id, so every view starts from a record the
learner may act on. Anyone else's record is a 404."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from courses.access import viewable

from .models import QuizAttempt, ScenarioRun


def own_attempt(view):
    """Sign-in required; ``attempt_id`` becomes the learner's own attempt, at a quiz that is live
    and that they may view (a quiz since unpublished, restricted or deleted is a 404, as its page is)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, attempt_id: int, **kwargs):
        attempt = get_object_or_404(
            QuizAttempt.objects.select_related("quiz"), pk=attempt_id, user=request.user
        )
        if attempt.quiz is None:
            raise Http404
        viewable(request, attempt.quiz)
        return view(request, attempt, **kwargs)

    return wrapper


def own_run(view):
    """Sign-in required; ``run_id`` becomes the learner's own run and its scenario, which is None
    when the scenario is no longer live and playable: the run is kept, and the view says so."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, run_id: int, **kwargs):
        run = get_object_or_404(ScenarioRun.objects.select_related("scenario"), pk=run_id, user=request.user)
        scenario = run.scenario
        playable = scenario is not None and scenario.live and not scenario.problems()
        return view(request, run, scenario if playable else None, **kwargs)

    return wrapper
