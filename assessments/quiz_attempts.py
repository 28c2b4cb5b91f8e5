"""The life of a quiz attempt: start or resume, save answers, submit once, grade.

The quiz page renders from these rules, so they take the quiz as a plain page and read the
attempt records from their own module: nothing here imports the page models.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from courses.models import Enrolment
from courses.progress import record_step_complete

from .grading import grade
from .models.attempts import QuizAnswer, QuizAttempt
from .selection import build_snapshot

EXTENSION = timedelta(minutes=10)


class AnswerRejected(ValueError):
    """An answer that cannot belong to the attempt; nothing was saved."""


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    message: str = ""
    available_at: datetime | None = None


def current_cycle(user, module) -> int:
    """The learner's renewal cycle of the module: attempt limits start afresh with each renewal."""
    if module is None:
        return 1
    return Enrolment.objects.filter(user=user, module=module).values_list("cycle", flat=True).first() or 1


def eligibility(quiz: Page, attempts: list[QuizAttempt], cycle: int = 1) -> Eligibility:
    """Whether a learner with these attempts may start (or resume) one now, and if not, when.
    Only attempts of the current renewal cycle count towards the limit and the wait."""
    if any(not a.is_submitted for a in attempts):
        return Eligibility(True)
    submitted = [a for a in attempts if a.is_submitted and a.cycle == cycle]
    if quiz.max_attempts and len(submitted) >= quiz.max_attempts:
        return Eligibility(
            False,
            _(
                "You have used all %(count)d attempts at this quiz. Your supervisor can talk through next steps with you."
            )
            % {"count": quiz.max_attempts},
        )
    if quiz.wait_minutes and submitted:
        available_at = max(a.submitted_at for a in submitted) + timedelta(minutes=quiz.wait_minutes)
        if timezone.now() < available_at:
            return Eligibility(False, _("You can start your next attempt after a short pause."), available_at)
    return Eligibility(True)


def open_attempt(user, quiz: Page) -> QuizAttempt | None:
    return QuizAttempt.objects.open().filter(user=user, quiz=quiz).first()


def start_attempt(user, quiz: Page) -> QuizAttempt:
    """Resume the open attempt, or freeze a new one. Callers check ``eligibility`` first."""
    existing = open_attempt(user, quiz)
    if existing is not None:
        return existing
    rng = random.Random(secrets.randbits(64))
    snapshot = build_snapshot(quiz, list(quiz.questions.all()), rng)
    number = QuizAttempt.objects.filter(user=user, quiz=quiz).count() + 1
    now = timezone.now()
    try:
        with transaction.atomic():
            return QuizAttempt.objects.create(
                user=user,
                quiz=quiz,
                module=quiz.get_module(),
                quiz_title=quiz.title,
                number=number,
                cycle=current_cycle(user, quiz.get_module()),
                revision_id=quiz.live_revision_id,
                snapshot=snapshot,
                started_at=now,
                deadline=now + timedelta(minutes=quiz.time_limit_minutes)
                if quiz.time_limit_minutes
                else None,
            )
    except IntegrityError:  # a double click started one already
        return QuizAttempt.objects.open().get(user=user, quiz=quiz)


def save_answer(attempt: QuizAttempt, question: dict, choice_ids: list[str]) -> QuizAnswer:
    """Save the choice(s) for one question of an open attempt, replacing any earlier answer."""
    if attempt.is_submitted:
        raise AnswerRejected(_("This attempt has already been submitted."))
    valid = {c["id"] for c in question["choices"]}
    if not set(choice_ids) <= valid:
        raise AnswerRejected(_("That choice is not part of this question. Please choose again."))
    if question["kind"] != "multiple" and len(choice_ids) > 1:
        raise AnswerRejected(_("Please choose one answer for this question."))
    answer, _created = QuizAnswer.objects.update_or_create(
        attempt=attempt,
        question_key=question["key"],
        defaults={"choice_ids": list(dict.fromkeys(choice_ids)), "saved_at": timezone.now()},
    )
    return answer


def answers_for(attempt: QuizAttempt) -> dict[str, list[str]]:
    return dict(attempt.answers.values_list("question_key", "choice_ids"))


def submit_attempt(attempt_id: int) -> QuizAttempt:
    """Grade an attempt once. Submitting again returns the same graded attempt."""
    with transaction.atomic():
        attempt = (
            QuizAttempt.objects.select_for_update(of=("self",))
            .select_related("quiz", "module", "user")
            .get(pk=attempt_id)
        )
        if attempt.is_submitted:
            return attempt
        result = grade(attempt.questions, answers_for(attempt))
        attempt.score = result.percent
        attempt.passed = result.passed(attempt.snapshot["pass_mark"])
        attempt.results = {
            key: [credit.numerator, credit.denominator] for key, credit in result.credits.items()
        }
        attempt.submitted_at = timezone.now()
        attempt.save(update_fields=["score", "passed", "results", "submitted_at"])
        if attempt.passed and attempt.quiz is not None and attempt.module is not None:
            record_step_complete(attempt.user, attempt.quiz, attempt.module)
    return attempt


def submit_overdue_attempts() -> int:
    """Submit every open attempt whose time ran out, with the answers saved in time: the
    scheduled counterpart of "the next POST on the attempt submits it", for a learner who closed
    the page. Running it again submits nothing twice. Returns how many were overdue."""
    overdue = list(
        QuizAttempt.objects.open().filter(deadline__lte=timezone.now()).values_list("pk", flat=True)
    )
    for pk in overdue:
        submit_attempt(pk)  # each in its own transaction, so one failure keeps the others
    return len(overdue)


def extend_time(attempt: QuizAttempt) -> None:
    if attempt.deadline is not None and not attempt.is_submitted:
        attempt.deadline = max(attempt.deadline, timezone.now()) + EXTENSION
        attempt.save(update_fields=["deadline"])


def turn_off_time_limit(attempt: QuizAttempt) -> None:
    if attempt.deadline is not None and not attempt.is_submitted:
        attempt.deadline = None
        attempt.save(update_fields=["deadline"])
