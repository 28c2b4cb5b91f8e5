"""Quiz figures, through the test client so that each includes the middleware, the view and its queries."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from assessments.grading import correct_choice_ids
from assessments.models import QuizAttempt, QuizPage
from assessments.quiz_attempts import save_answer, start_attempt
from bench.runner import benchmark, catalogue
from courses.progress import record_step_complete
from tests.factories import QuizPageFactory, UserFactory, build_module, sample_questions

QUESTIONS = 15
AUTOSAVE = {"X-Requested-With": "fetch"}  # what static/js/groundwork.js sends when a choice changes


class WrongResponse(AssertionError):
    """The view answered something other than what a learner's browser expects."""


def _quiz() -> QuizPage:
    """A published 15-question quiz, every question asked, as the last step after three lessons."""
    module, _lessons = build_module(catalogue(), lessons=3)
    return QuizPageFactory(parent=module, questions=sample_questions(QUESTIONS))


def _learner_at(quiz: QuizPage) -> tuple[User, Client]:
    """A new learner who has done the module's lessons, logged in; passing the quiz completes the module."""
    learner = UserFactory()
    module = quiz.get_module()
    for lesson in module.get_children().exclude(pk=quiz.pk).specific():
        record_step_complete(learner, lesson, module)
    client = Client()
    client.force_login(learner)
    return learner, client


def _url(route: str, *args: int) -> str:
    return reverse(f"learning:quiz_{route}", args=list(args))


@dataclass
class Autosave:
    client: Client
    url: str
    choices: Iterator[str]


def an_open_attempt() -> Autosave:
    quiz = _quiz()
    learner, client = _learner_at(quiz)
    attempt = start_attempt(learner, quiz)
    first = attempt.questions[0]
    # Alternate between two choices so that every save changes the stored answer.
    choices = itertools.cycle([c["id"] for c in first["choices"][:2]])
    return Autosave(client, _url("question", attempt.pk, 1), choices)


@benchmark("quiz: save one answer", target_ms=25, setup=an_open_attempt)
def save_one_answer(autosave: Autosave) -> None:
    response = autosave.client.post(
        autosave.url, {"choice": [next(autosave.choices)], "go": "stay"}, headers=AUTOSAVE
    )
    if response.status_code != HTTPStatus.OK or response.json().get("saved") is not True:
        raise WrongResponse(f"autosave answered {response.status_code}: {response.content[:200]!r}")


@dataclass
class Submission:
    client: Client
    url: str
    result_url: str


@dataclass
class Submissions:
    quiz: QuizPage
    attempt_ids: list[int]


def a_quiz_to_submit() -> Submissions:
    return Submissions(_quiz(), [])


def an_answered_attempt(submissions: Submissions) -> Submission:
    """A new learner's open attempt with every question answered correctly."""
    if submissions.attempt_ids:  # the previous run must have graded its attempt, or the figure is wrong
        previous = QuizAttempt.objects.get(pk=submissions.attempt_ids[-1])
        if not (previous.is_submitted and previous.passed):
            raise WrongResponse(f"attempt {previous.pk} was not graded as a pass by the timed submit")
    quiz = submissions.quiz
    learner, client = _learner_at(quiz)
    attempt = start_attempt(learner, quiz)
    for question in attempt.questions:
        save_answer(attempt, question, sorted(correct_choice_ids(question)))
    submissions.attempt_ids.append(attempt.pk)
    return Submission(client, _url("submit", attempt.pk), _url("result", attempt.pk))


@benchmark(
    f"quiz: submit a {QUESTIONS}-question attempt",
    target_ms=25,
    setup=a_quiz_to_submit,
    prepare=an_answered_attempt,
)
def submit_attempt(submission: Submission) -> None:
    response = submission.client.post(submission.url)
    if response.status_code != HTTPStatus.FOUND or response["Location"] != submission.result_url:
        raise WrongResponse(f"submit answered {response.status_code}: {response.get('Location')}")
