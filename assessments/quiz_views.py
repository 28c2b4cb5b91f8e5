"""Thin views behind QuizPage's routes. State changes are POSTs; domain logic lives elsewhere."""

from __future__ import annotations

import random

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.numbers import parse_count
from courses.progress import module_progress

from . import quiz_attempts as flow
from .grading import grade
from .models import QuizAttempt, QuizPage
from .review import review_attempt
from .selection import question_snapshot


def _own_attempt(request: HttpRequest, quiz: QuizPage, attempt_id: int) -> QuizAttempt:
    return get_object_or_404(QuizAttempt, pk=attempt_id, user=request.user, quiz=quiz)


def _is_fetch(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _question_url(quiz: QuizPage, attempt: QuizAttempt, number: int) -> str:
    return quiz.url + quiz.reverse_subpage("question", args=[attempt.pk, number])


def _attempt_url(quiz: QuizPage, attempt: QuizAttempt, route: str = "result") -> str:
    return quiz.url + quiz.reverse_subpage(route, args=[attempt.pk])


def _first_unanswered(attempt: QuizAttempt) -> int:
    answered = set(flow.answers_for(attempt))
    return next((n for n, q in enumerate(attempt.questions, 1) if q["key"] not in answered), 1)


def _cycle(context: dict) -> int:
    """The learner's renewal cycle of the quiz's module, from the progress already in the context."""
    return context["progress"].cycle if context.get("progress") is not None else 1


def _base_context(request: HttpRequest, quiz: QuizPage) -> dict:
    module = quiz.get_module()
    context = {"page": quiz, "self": quiz, "module": module, "request": request}
    if module is not None:
        progress = module_progress(request.user, module)
        context.update(progress=progress, position=progress.position_of(quiz))
    return context


def start_page(request: HttpRequest, quiz: QuizPage) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempts = list(QuizAttempt.objects.filter(user=request.user, quiz=quiz).order_by("number"))
    context = _base_context(request, quiz)
    context.update(
        attempts=[a for a in attempts if a.is_submitted],
        open_attempt=next((a for a in attempts if not a.is_submitted), None),
        eligibility=flow.eligibility(quiz, attempts, _cycle(context)),
        question_count=len(quiz.questions.all()),
    )
    return TemplateResponse(request, "assessments/quiz_page.html", context)


def start(request: HttpRequest, quiz: QuizPage) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.url)
    attempts = list(QuizAttempt.objects.filter(user=request.user, quiz=quiz))
    allowed = flow.eligibility(quiz, attempts, flow.current_cycle(request.user, quiz.get_module()))
    if not allowed.allowed:
        messages.error(request, allowed.message)
        return redirect(quiz.url)
    attempt = flow.start_attempt(request.user, quiz)
    return redirect(_question_url(quiz, attempt, _first_unanswered(attempt)))


def question(request: HttpRequest, quiz: QuizPage, attempt_id: int, number: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt = _own_attempt(request, quiz, attempt_id)
    if attempt.is_submitted:
        return redirect(_attempt_url(quiz, attempt))
    if attempt.is_out_of_time:
        flow.submit_attempt(attempt.pk)
        messages.info(request, _("The time limit was reached, so your saved answers were submitted."))
        return redirect(_attempt_url(quiz, attempt))
    if not 1 <= number <= len(attempt.questions):
        raise Http404
    current = attempt.questions[number - 1]
    error = ""
    if request.method == "POST":
        error, response = _save_posted_answer(request, quiz, attempt, number, current)
        if response is not None:
            return response
    answers = flow.answers_for(attempt)
    context = _base_context(request, quiz)
    context.update(
        attempt=attempt,
        question=current,
        number=number,
        total=len(attempt.questions),
        chosen=set(answers.get(current["key"], [])),
        navigator=[(n, q["key"] in answers) for n, q in enumerate(attempt.questions, 1)],
        answered_count=len(answers),
        error=error,
    )
    return TemplateResponse(request, "assessments/quiz_question.html", context, status=400 if error else 200)


def _save_posted_answer(request, quiz, attempt, number, current) -> tuple[str, HttpResponse | None]:
    """Save the posted choice(s); answer JSON for autosave, else redirect onwards."""
    chosen = request.POST.getlist("choice")
    try:
        if chosen:
            flow.save_answer(attempt, current, chosen)
    except flow.AnswerRejected as rejected:
        if _is_fetch(request):
            return str(rejected), JsonResponse({"saved": False, "error": str(rejected)}, status=400)
        return str(rejected), None
    if _is_fetch(request):
        return "", JsonResponse({"saved": bool(chosen)})
    return "", redirect(_after_save(quiz, attempt, number, request.POST.get("go", "next")))


def _after_save(quiz: QuizPage, attempt: QuizAttempt, number: int, go: str) -> str:
    if go == "previous" and number > 1:
        return _question_url(quiz, attempt, number - 1)
    if go == "review" or number >= len(attempt.questions):
        return _attempt_url(quiz, attempt, "review")
    return _question_url(quiz, attempt, number + 1)


def review(request: HttpRequest, quiz: QuizPage, attempt_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt = _own_attempt(request, quiz, attempt_id)
    if attempt.is_submitted:
        return redirect(_attempt_url(quiz, attempt))
    answers = flow.answers_for(attempt)
    context = _base_context(request, quiz)
    context.update(
        attempt=attempt,
        items=[(n, q, q["key"] in answers) for n, q in enumerate(attempt.questions, 1)],
        unanswered=sum(1 for q in attempt.questions if q["key"] not in answers),
    )
    return TemplateResponse(request, "assessments/quiz_review.html", context)


def submit(request: HttpRequest, quiz: QuizPage, attempt_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.url)
    attempt = flow.submit_attempt(_own_attempt(request, quiz, attempt_id).pk)
    return redirect(_attempt_url(quiz, attempt))


def time_limit(request: HttpRequest, quiz: QuizPage, attempt_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.url)
    attempt = _own_attempt(request, quiz, attempt_id)
    if request.POST.get("action") == "off":
        flow.turn_off_time_limit(attempt)
        messages.success(request, _("The time limit is off. Take the time you need."))
    else:
        flow.extend_time(attempt)
        messages.success(request, _("You have ten more minutes."))
    number = parse_count(request.POST.get("number"), 1, low=1, high=len(attempt.questions))
    return redirect(_question_url(quiz, attempt, number))


def result(request: HttpRequest, quiz: QuizPage, attempt_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt = _own_attempt(request, quiz, attempt_id)
    if not attempt.is_submitted:
        return redirect(_question_url(quiz, attempt, _first_unanswered(attempt)))
    attempts = list(QuizAttempt.objects.filter(user=request.user, quiz=quiz).order_by("number"))
    context = _base_context(request, quiz)
    next_step = None
    if attempt.passed and context.get("progress") is not None:
        next_id = context["progress"].step_after(quiz)
        next_step = Page.objects.filter(pk=next_id).first() if next_id else None
    context.update(
        attempt=attempt,
        reviews=review_attempt(attempt, flow.answers_for(attempt)),
        attempts=[a for a in attempts if a.is_submitted],
        eligibility=flow.eligibility(quiz, attempts, _cycle(context)),
        next_step=next_step,
    )
    return TemplateResponse(request, "assessments/quiz_result.html", context)


def preview(request: HttpRequest, quiz: QuizPage, mode: str) -> HttpResponse:
    """Editors' previews: the start page, every question with its answers, a sample result."""
    questions = [question_snapshot(q, key=f"p{i}") for i, q in enumerate(quiz.questions.all())]
    context = _base_context(request, quiz)
    if mode == "questions":
        context["questions"] = questions
        return TemplateResponse(request, "assessments/quiz_preview_questions.html", context)
    if mode == "result":
        sample = QuizAttempt(quiz_title=quiz.title, number=1, submitted_at=timezone.now())
        sample.snapshot = {
            "pass_mark": quiz.pass_mark,
            "review_policy": quiz.review_policy,
            "questions": questions,
        }
        rng = random.Random(0)
        answers = {q["key"]: [rng.choice(q["choices"])["id"]] for q in questions if q["choices"]}
        graded = grade(questions, answers)
        sample.score, sample.passed = graded.percent, graded.passed(quiz.pass_mark)
        sample.results = {k: [v.numerator, v.denominator] for k, v in graded.credits.items()}
        context.update(attempt=sample, reviews=review_attempt(sample, answers), attempts=[], is_preview=True)
        return TemplateResponse(request, "assessments/quiz_result.html", context)
    context.update(
        attempts=[],
        open_attempt=None,
        eligibility=flow.Eligibility(True),
        question_count=len(questions),
        is_preview=True,
    )
    return TemplateResponse(request, "assessments/quiz_page.html", context)
