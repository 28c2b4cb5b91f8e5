"""A quiz's optional time limit: the learner can extend it or turn it off; once it has run out, a
GET changes nothing, the next POST on the attempt submits it, and a scheduled command submits
attempts left behind."""

from datetime import timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.grading import correct_choice_ids
from assessments.models import QuizAnswer, QuizAttempt
from assessments.quiz_attempts import save_answer, start_attempt, submit_overdue_attempts
from courses.models import ModuleCompletion, StepProgress
from courses.progress import record_step_complete
from tests.factories import QuizPageFactory

LATER = timedelta(minutes=6)  # past a five-minute limit


@pytest.fixture
def timed(module_with_lessons):
    module, _ = module_with_lessons
    return QuizPageFactory(parent=module, time_limit_minutes=5)


@pytest.fixture
def attempt(learner_client, learner, timed):
    learner_client.post(reverse("learning:quiz_start", args=[timed.pk]))
    return QuizAttempt.objects.get(user=learner, quiz=timed)


def url(name, attempt, *args):
    return reverse(f"learning:quiz_{name}", args=[attempt.pk, *args])


def answer_first_question_right(attempt):
    question = attempt.questions[0]
    save_answer(attempt, question, sorted(correct_choice_ids(question)))


def test_time_limit__off_by_default_and_learner_can_extend_or_turn_off(
    learner_client, learner, quiz, attempt
):
    learner_client.post(reverse("learning:quiz_start", args=[quiz.pk]))
    assert QuizAttempt.objects.get(user=learner, quiz=quiz).deadline is None
    before = attempt.deadline
    learner_client.post(url("time", attempt), {"action": "extend", "number": "1"})
    attempt.refresh_from_db()
    assert attempt.deadline >= before + timedelta(minutes=10)
    learner_client.post(url("time", attempt), {"action": "off"})
    attempt.refresh_from_db()
    assert attempt.deadline is None


@pytest.mark.parametrize("page", ["question", "review"])
def test_time_limit__reached_a_get_says_so_and_changes_nothing(learner_client, attempt, page):
    """The page says the time is up and offers a POST to see the result; nothing is graded."""
    args = [1] if page == "question" else []
    with time_machine.travel(timezone.now() + LATER):
        response = learner_client.get(url(page, attempt, *args))
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "The time is up" in html
    assert f'action="{url("submit", attempt)}"' in html
    attempt.refresh_from_db()
    assert not attempt.is_submitted
    assert not StepProgress.objects.exists()


def test_time_limit__reached_submits_saved_answers(learner_client, learner, attempt, module_with_lessons):
    """A GET changes nothing; the next POST submits the answers saved in time, not the late one."""
    module, lessons = module_with_lessons
    for lesson in lessons:
        record_step_complete(learner, lesson, module)
    answer_first_question_right(attempt)
    late = [c["id"] for c in attempt.questions[1]["choices"]][:1]
    with time_machine.travel(timezone.now() + LATER):
        learner_client.get(url("question", attempt, 2))
        assert not QuizAttempt.objects.get(pk=attempt.pk).is_submitted
        response = learner_client.post(url("question", attempt, 2), {"choice": late}, follow=True)
    assert "time limit was reached" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.results[attempt.questions[0]["key"]] == [1, 1]
    assert not QuizAnswer.objects.filter(attempt=attempt, question_key=attempt.questions[1]["key"]).exists()
    assert response.redirect_chain[-1][0] == url("result", attempt)


@pytest.mark.parametrize("action", ["extend", "off"])
def test_time_limit__reached_the_time_control_submits_instead(learner_client, attempt, action):
    with time_machine.travel(timezone.now() + LATER):
        response = learner_client.post(url("time", attempt), {"action": action, "number": "1"})
    assert response["Location"] == url("result", attempt)
    attempt.refresh_from_db()
    assert attempt.is_submitted


def test_time_limit__reached_an_autosave_submits_and_says_so(learner_client, attempt):
    choice = attempt.questions[0]["choices"][0]["id"]
    with time_machine.travel(timezone.now() + LATER):
        response = learner_client.post(
            url("question", attempt, 1), {"choice": choice}, headers={"X-Requested-With": "fetch"}
        )
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["saved"] is False and "time limit was reached" in response.json()["error"]
    assert QuizAttempt.objects.get(pk=attempt.pk).is_submitted
    assert not QuizAnswer.objects.exists()


def test_submit_overdue_attempts__submits_only_those_out_of_time_and_once(
    learner, timed, quiz, module_with_lessons
):
    """The scheduled path: overdue attempts are graded (and can complete the module); attempts
    still in time and untimed ones are left alone; a second run changes nothing."""
    module, lessons = module_with_lessons
    for lesson in lessons:
        record_step_complete(learner, lesson, module)
    overdue = start_attempt(learner, timed)
    for question in overdue.questions:
        save_answer(overdue, question, sorted(correct_choice_ids(question)))
    untimed = start_attempt(learner, quiz)
    with time_machine.travel(timezone.now() + LATER):
        assert submit_overdue_attempts() == 1
        first = QuizAttempt.objects.get(pk=overdue.pk)
        assert submit_overdue_attempts() == 0
    assert first.is_submitted and first.passed
    assert QuizAttempt.objects.get(pk=overdue.pk).submitted_at == first.submitted_at
    assert not QuizAttempt.objects.get(pk=untimed.pk).is_submitted
    assert ModuleCompletion.objects.filter(user=learner, module=module).count() == 0  # the other quiz is open
    assert StepProgress.objects.filter(user=learner, step=timed).count() == 1


def test_submit_overdue_attempts__leaves_attempts_still_in_time(learner, timed):
    attempt = start_attempt(learner, timed)
    assert submit_overdue_attempts() == 0
    assert not QuizAttempt.objects.get(pk=attempt.pk).is_submitted


def test_submit_overdue_attempts__command_reports_the_count(learner, timed, capsys):
    start_attempt(learner, timed)
    with time_machine.travel(timezone.now() + LATER):
        call_command("submit_overdue_attempts")
    assert "Overdue attempts submitted: 1" in capsys.readouterr().out
