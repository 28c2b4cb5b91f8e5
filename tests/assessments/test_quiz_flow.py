"""Taking a quiz over HTTP: start, save, resume, submit once, and every kind of bad input."""

from datetime import timedelta
from functools import partial
from http import HTTPStatus

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from assessments.grading import correct_choice_ids
from assessments.models import QuizAnswer, QuizAttempt
from courses.models import ModuleCompletion, StepProgress
from courses.progress import enrol, record_step_complete
from tests.factories import QuizPageFactory, UserFactory, sample_questions


def start(client, quiz):
    return client.post(reverse("learning:quiz_start", args=[quiz.pk]))


def question_url(quiz, attempt, n):
    return reverse("learning:quiz_question", args=[attempt.pk, n])


def result_url(attempt):
    return reverse("learning:quiz_result", args=[attempt.pk])


def submit_url(attempt):
    return reverse("learning:quiz_submit", args=[attempt.pk])


def time_url(attempt):
    return reverse("learning:quiz_time", args=[attempt.pk])


def right_answers(attempt):
    return {q["key"]: sorted(correct_choice_ids(q)) for q in attempt.questions}


def answer_all(client, quiz, attempt, correct=True):
    for n, q in enumerate(attempt.questions, 1):
        ids = (
            sorted(correct_choice_ids(q))
            if correct
            else [next(c["id"] for c in q["choices"] if c["id"] not in correct_choice_ids(q))]
        )
        client.post(question_url(quiz, attempt, n), {"choice": ids, "go": "next"})


def test_start__freezes_a_snapshot_and_opens_question_one(learner_client, learner, quiz):
    response = start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    assert response["Location"] == question_url(quiz, attempt, 1)
    assert [q["prompt"] for q in attempt.questions] == [q.prompt for q in quiz.questions.all()]
    assert attempt.revision_id == quiz.live_revision_id


def test_start__twice_resumes_the_same_attempt(learner_client, learner, quiz):
    start(learner_client, quiz)
    start(learner_client, quiz)
    assert QuizAttempt.objects.filter(user=learner).count() == 1


def test_question__get_shows_prompt_and_choices(learner_client, learner, quiz):
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    html = learner_client.get(question_url(quiz, attempt, 2)).content.decode()
    assert "Multiple 1?" in html
    assert 'type="checkbox"' in html
    assert "Choose all that apply." in html


def test_save_answer__moves_on_and_is_kept_for_resume(learner_client, learner, quiz):
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    right = right_answers(attempt)[f"q{quiz.questions.first().pk}"]
    response = learner_client.post(question_url(quiz, attempt, 1), {"choice": right, "go": "next"})
    assert response["Location"] == question_url(quiz, attempt, 2)
    # Coming back later (a new session on another device) resumes at the first unanswered question.
    other_device = type(learner_client)()
    other_device.force_login(learner)
    assert start(other_device, quiz)["Location"] == question_url(quiz, attempt, 2)
    html = other_device.get(question_url(quiz, attempt, 1)).content.decode()
    assert f'value="{right[0]}" checked' in html


def test_save_answer__again_replaces_the_earlier_answer(learner_client, learner, quiz):
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    ids = [c["id"] for c in attempt.questions[0]["choices"]]
    learner_client.post(question_url(quiz, attempt, 1), {"choice": [ids[1]]})
    learner_client.post(question_url(quiz, attempt, 1), {"choice": [ids[0]]})
    assert list(QuizAnswer.objects.filter(attempt=attempt).values_list("choice_ids", flat=True)) == [[ids[0]]]


def test_save_answer__by_fetch_returns_json(learner_client, learner, quiz):
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    first = attempt.questions[0]["choices"][0]["id"]
    response = learner_client.post(
        question_url(quiz, attempt, 1), {"choice": first}, headers={"X-Requested-With": "fetch"}
    )
    assert response.json() == {"saved": True, "answered": 1}


def test_save_answer__choice_from_another_question_is_refused(learner_client, learner, quiz):
    """A clear message, status 400, and nothing saved."""
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    foreign = attempt.questions[1]["choices"][0]["id"]
    response = learner_client.post(question_url(quiz, attempt, 1), {"choice": foreign})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "That choice is not part of this question" in response.content.decode()
    assert not QuizAnswer.objects.exists()


def test_save_answer__two_choices_for_a_single_choice_question_is_refused(learner_client, learner, quiz):
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    ids = [c["id"] for c in attempt.questions[0]["choices"]]
    response = learner_client.post(question_url(quiz, attempt, 1), {"choice": ids[:2]})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not QuizAnswer.objects.exists()


def test_question__number_outside_the_attempt_is_404(learner_client, learner, quiz):
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    assert learner_client.get(question_url(quiz, attempt, 99)).status_code == HTTPStatus.NOT_FOUND
    assert (
        learner_client.post(question_url(quiz, attempt, 0), {"choice": "x"}).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_another_users_attempt__is_404_everywhere(client, learner, quiz):
    other = UserFactory(username="other")
    client.force_login(learner)
    start(client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    client.force_login(other)
    first = attempt.questions[0]["choices"][0]["id"]
    for url in [
        question_url(quiz, attempt, 1),
        result_url(attempt),
        reverse("learning:quiz_review", args=[attempt.pk]),
    ]:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client.post(question_url(quiz, attempt, 1), {"choice": first}).status_code == HTTPStatus.NOT_FOUND
    assert client.post(submit_url(attempt)).status_code == HTTPStatus.NOT_FOUND
    attempt.refresh_from_db()
    assert not attempt.is_submitted
    assert not QuizAnswer.objects.exists()


def test_attempt_at_an_unpublished_or_restricted_quiz__is_404_as_its_page_is(learner_client, learner, quiz):
    """The attempt URLs guard like the quiz's page: live, and viewable by the learner."""
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    PageViewRestriction.objects.create(page=quiz, restriction_type=PageViewRestriction.GROUPS)
    assert learner_client.get(question_url(quiz, attempt, 1)).status_code == HTTPStatus.NOT_FOUND
    assert start(learner_client, quiz).status_code == HTTPStatus.NOT_FOUND
    PageViewRestriction.objects.all().delete()
    quiz.unpublish()
    assert learner_client.post(submit_url(attempt)).status_code == HTTPStatus.NOT_FOUND
    assert not QuizAttempt.objects.get(pk=attempt.pk).is_submitted


def test_submit__grades_on_the_server_and_completes_the_module(
    learner_client, learner, quiz, module_with_lessons
):
    module, lessons = module_with_lessons
    for lesson in lessons:
        record_step_complete(learner, lesson, module)
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    answer_all(learner_client, quiz, attempt)
    response = learner_client.post(submit_url(attempt))
    assert response["Location"] == result_url(attempt)
    attempt.refresh_from_db()
    assert attempt.passed and attempt.score == 100
    assert StepProgress.objects.filter(user=learner, step=quiz).exists()
    assert ModuleCompletion.objects.filter(user=learner, module=module).exists()
    html = learner_client.get(response["Location"]).content.decode()
    assert "You scored 100%" in html
    assert "Passed" in html


def test_submit__twice_returns_the_same_result(learner_client, learner, quiz):
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    answer_all(learner_client, quiz, attempt, correct=False)
    learner_client.post(submit_url(attempt))
    first = QuizAttempt.objects.get(pk=attempt.pk)
    response = learner_client.post(submit_url(attempt))
    second = QuizAttempt.objects.get(pk=attempt.pk)
    assert response.status_code == HTTPStatus.FOUND
    assert (first.score, first.submitted_at) == (second.score, second.submitted_at)
    assert QuizAttempt.objects.filter(user=learner).count() == 1


def test_answer_after_submit__is_ignored_and_shows_the_result(learner_client, learner, quiz):
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    learner_client.post(submit_url(attempt))
    first = attempt.questions[0]["choices"][0]["id"]
    response = learner_client.post(question_url(quiz, attempt, 1), {"choice": first})
    assert response["Location"] == result_url(attempt)
    assert not QuizAnswer.objects.exists()


def test_failing__explains_and_allows_another_attempt(learner_client, learner, quiz):
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    answer_all(learner_client, quiz, attempt, correct=False)
    learner_client.post(submit_url(attempt))
    html = learner_client.get(result_url(attempt)).content.decode()
    assert "Not passed this time" in html
    assert "Try again" in html
    assert "Not quite" in html
    assert "Why:" in html  # the default policy explains after each attempt
    assert not StepProgress.objects.filter(step=quiz).exists()
    start(learner_client, quiz)
    assert QuizAttempt.objects.filter(user=learner).count() == 2


def test_editing_the_quiz__never_changes_a_past_attempt(learner_client, learner, quiz):
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    answer_all(learner_client, quiz, attempt)
    learner_client.post(submit_url(attempt))
    quiz.questions.all().delete()
    quiz.questions = sample_questions(1)
    quiz.save_revision().publish()
    html = learner_client.get(result_url(attempt)).content.decode()
    assert "Best response 3?" in html
    attempt.refresh_from_db()
    assert attempt.score == 100 and len(attempt.questions) == 4


def test_deleting_the_quiz__keeps_the_attempt(learner_client, learner, quiz):
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    quiz.delete()
    attempt.refresh_from_db()
    assert attempt.quiz is None and attempt.quiz_title.startswith("Quiz")


def test_max_attempts__start_refused_with_a_clear_message(learner_client, learner, module_with_lessons):
    module, _ = module_with_lessons
    quiz = QuizPageFactory(parent=module, max_attempts=1)
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    learner_client.post(submit_url(attempt))
    response = learner_client.post(reverse("learning:quiz_start", args=[quiz.pk]), follow=True)
    assert "You have used all 1 attempts" in response.content.decode()
    assert QuizAttempt.objects.filter(user=learner).count() == 1


def test_wait_between_attempts__says_when(learner_client, learner, module_with_lessons):
    module, _ = module_with_lessons
    quiz = QuizPageFactory(parent=module, wait_minutes=60)
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    learner_client.post(submit_url(attempt))
    html = learner_client.post(reverse("learning:quiz_start", args=[quiz.pk]), follow=True).content.decode()
    assert "You can start again from" in html
    assert QuizAttempt.objects.filter(user=learner).count() == 1
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        start(learner_client, quiz)
    assert QuizAttempt.objects.filter(user=learner).count() == 2


@pytest.mark.parametrize(
    ("policy", "passed", "shown"),
    [("never", True, False), ("after_passing", False, False), ("after_passing", True, True)],
)
def test_review_policy__controls_what_is_shown(
    learner_client, learner, module_with_lessons, policy, passed, shown
):
    module, _ = module_with_lessons
    quiz = QuizPageFactory(parent=module, review_policy=policy)
    start(learner_client, quiz)
    attempt = QuizAttempt.objects.get(user=learner)
    answer_all(learner_client, quiz, attempt, correct=passed)
    learner_client.post(submit_url(attempt))
    html = learner_client.get(result_url(attempt)).content.decode()
    assert ("A right answer:" in html or "and a right one" in html) == shown
    assert ("Why:" in html) == shown


def test_start__get_is_not_allowed_and_anonymous_is_sent_to_login(client, learner, quiz):
    assert client.get(quiz.url).status_code == HTTPStatus.FOUND
    client.force_login(learner)
    assert (
        client.get(reverse("learning:quiz_start", args=[quiz.pk])).status_code
        == HTTPStatus.METHOD_NOT_ALLOWED
    )
    assert not QuizAttempt.objects.exists()


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_save_answer_and_submit__constant_queries_whatever_the_question_count(
    learner_client, learner, module_with_lessons
):
    """Saving one answer and submitting cost the same queries for 4 or 15 questions."""
    module, _ = module_with_lessons
    enrol(learner, module)
    counts = {}
    for size in (4, 15):
        quiz = QuizPageFactory(parent=module, questions=sample_questions(size))
        start(learner_client, quiz)
        attempt = QuizAttempt.objects.get(user=learner, quiz=quiz)
        for n, q in enumerate(attempt.questions[:-1], 1):
            learner_client.post(question_url(quiz, attempt, n), {"choice": sorted(correct_choice_ids(q))})
        last = attempt.questions[-1]
        save_at, submit_at = question_url(quiz, attempt, size), submit_url(attempt)
        payload = {"choice": sorted(correct_choice_ids(last))}
        save = _queries(partial(learner_client.post, save_at, payload))
        submit = _queries(partial(learner_client.post, submit_at))
        counts[size] = (save, submit)
    assert counts[4] == counts[15]
    save, submit = counts[15]
    # Plain URLs skip Wagtail's page routing: the guard's checks, the module's progress for the
    # page around the question, and (on submit) grading, progress and the certificate.
    assert save <= 14 and submit <= 28, counts


def test_a_password_protected_quiz_shows_its_password_form_to_a_visitor(client, quiz):
    """Wagtail draws the password form with the page's own context, for a visitor not signed in."""
    restriction = PageViewRestriction.objects.create(
        page=quiz, restriction_type="password", password="s3cret"
    )
    response = client.get(reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, quiz.pk]))
    assert response.status_code == HTTPStatus.OK and b'name="password"' in response.content
