"""Learner endpoints for taking a quiz: start, answer, review, submit, the time limit, the result.

Plain URLs in ``assessments/urls.py`` with guards as decorators, the same pattern as scenarios;
the quiz's own page (``QuizPage.serve``) is its start page. The rules live in ``quiz_attempts``.
"""

from __future__ import annotations

from functools import wraps
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.numbers import parse_count
from courses.access import viewable

from . import quiz_attempts as flow
from .guards import own_attempt
from .models import QuizAttempt, QuizPage
from .review import review_attempt
from .teaching import lessons_teaching


def question_url(attempt: QuizAttempt, number: int) -> str:
    return reverse("learning:quiz_question", args=[attempt.pk, number])


def result_url(attempt: QuizAttempt) -> str:
    return reverse("learning:quiz_result", args=[attempt.pk])


def _is_fetch(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _first_unanswered(attempt: QuizAttempt) -> int:
    answered = set(flow.answers_for(attempt))
    return next((n for n, q in enumerate(attempt.questions, 1) if q["key"] not in answered), 1)


def _context(request: HttpRequest, attempt: QuizAttempt) -> dict:
    """What every page of an attempt needs: the attempt, its quiz as the page, the module around it."""
    quiz = attempt.quiz
    return {"page": quiz, "self": quiz, "request": request, "attempt": attempt} | quiz.step_context(
        request.user
    )


def submits_when_out_of_time(view):
    """Any POST on an open attempt whose time has run out (a save, the time control, a submit)
    submits it with the answers saved in time, instead of what it asked for. A GET changes nothing:
    the pages say the time is up, and ``submit_overdue_attempts`` submits attempts left behind."""

    @wraps(view)
    def wrapper(request: HttpRequest, attempt: QuizAttempt, **kwargs):
        if request.method != "POST" or attempt.is_submitted or not attempt.is_out_of_time:
            return view(request, attempt, **kwargs)
        flow.submit_attempt(attempt.pk)
        message = _("The time limit was reached, so your saved answers were submitted.")
        if _is_fetch(request):
            return JsonResponse({"saved": False, "error": message}, status=HTTPStatus.CONFLICT)
        messages.info(request, message)
        return redirect(result_url(attempt))

    return wrapper


def _time_up(request: HttpRequest, attempt: QuizAttempt) -> HttpResponse:
    return TemplateResponse(request, "assessments/quiz_time_up.html", _context(request, attempt))


@require_POST
@login_required
def start(request: HttpRequest, page_id: int) -> HttpResponse:
    quiz = viewable(request, get_object_or_404(QuizPage.objects.live(), pk=page_id))
    attempts = list(QuizAttempt.objects.filter(user=request.user, quiz=quiz))
    allowed = flow.eligibility(quiz, attempts, flow.current_cycle(request.user, quiz.get_module()))
    if not allowed.allowed:
        messages.error(request, allowed.message)
        return redirect(quiz.url)
    attempt = flow.start_attempt(request.user, quiz)
    return redirect(question_url(attempt, _first_unanswered(attempt)))


@own_attempt
@submits_when_out_of_time
def question(request: HttpRequest, attempt: QuizAttempt, number: int) -> HttpResponse:
    if attempt.is_submitted:
        return redirect(result_url(attempt))
    if attempt.is_out_of_time:
        return _time_up(request, attempt)
    if not 1 <= number <= len(attempt.questions):
        raise Http404
    current = attempt.questions[number - 1]
    error = ""
    if request.method == "POST":
        error, response = _save_posted_answer(request, attempt, number, current)
        if response is not None:
            return response
    answers = flow.answers_for(attempt)
    context = _context(request, attempt)
    context.update(
        question=current,
        number=number,
        total=len(attempt.questions),
        chosen=set(answers.get(current["key"], [])),
        navigator=[(n, q["key"] in answers) for n, q in enumerate(attempt.questions, 1)],
        answered_count=len(answers),
        error=error,
    )
    status = HTTPStatus.BAD_REQUEST if error else HTTPStatus.OK
    return TemplateResponse(request, "assessments/quiz_question.html", context, status=status)


def _save_posted_answer(request, attempt, number, current) -> tuple[str, HttpResponse | None]:
    """Save the posted choice(s); answer JSON for autosave, else redirect onwards."""
    chosen = request.POST.getlist("choice")
    try:
        if chosen:
            flow.save_answer(attempt, current, chosen)
    except flow.AnswerRejected as rejected:
        if _is_fetch(request):
            return str(rejected), JsonResponse(
                {"saved": False, "error": str(rejected)}, status=HTTPStatus.BAD_REQUEST
            )
        return str(rejected), None
    if _is_fetch(request):
        return "", JsonResponse({"saved": bool(chosen), "answered": len(flow.answers_for(attempt))})
    return "", redirect(_after_save(attempt, number, request.POST.get("go", "next")))


def _after_save(attempt: QuizAttempt, number: int, go: str) -> str:
    if go == "previous" and number > 1:
        return question_url(attempt, number - 1)
    if go == "review" or number >= len(attempt.questions):
        return reverse("learning:quiz_review", args=[attempt.pk])
    return question_url(attempt, number + 1)


@own_attempt
def review(request: HttpRequest, attempt: QuizAttempt) -> HttpResponse:
    if attempt.is_submitted:
        return redirect(result_url(attempt))
    if attempt.is_out_of_time:
        return _time_up(request, attempt)
    answers = flow.answers_for(attempt)
    context = _context(request, attempt)
    context.update(
        items=[(n, q, q["key"] in answers) for n, q in enumerate(attempt.questions, 1)],
        unanswered=sum(1 for q in attempt.questions if q["key"] not in answers),
    )
    return TemplateResponse(request, "assessments/quiz_review.html", context)


@require_POST
@own_attempt
@submits_when_out_of_time
def submit(request: HttpRequest, attempt: QuizAttempt) -> HttpResponse:
    return redirect(result_url(flow.submit_attempt(attempt.pk)))


@require_POST
@own_attempt
@submits_when_out_of_time
def time_limit(request: HttpRequest, attempt: QuizAttempt) -> HttpResponse:
    if request.POST.get("action") == "off":
        flow.turn_off_time_limit(attempt)
        messages.success(request, _("The time limit is off. Take the time you need."))
    else:
        flow.extend_time(attempt)
        messages.success(request, _("You have ten more minutes."))
    number = parse_count(request.POST.get("number"), 1, low=1, high=len(attempt.questions))
    return redirect(question_url(attempt, number))


@own_attempt
def result(request: HttpRequest, attempt: QuizAttempt) -> HttpResponse:
    if not attempt.is_submitted:
        return redirect(question_url(attempt, _first_unanswered(attempt)))
    quiz = attempt.quiz
    context = {"page": quiz, "self": quiz, "request": request} | quiz.attempts_context(request.user)
    context.update(
        attempt=attempt,
        reviews=review_attempt(
            attempt,
            flow.answers_for(attempt),
            lessons_teaching(quiz, (q.get("objective", "") for q in attempt.questions)),
        ),
        next_step=context["progress"].step_after(quiz) if attempt.passed and "progress" in context else None,
    )
    return TemplateResponse(request, "assessments/quiz_result.html", context)
