"""Double clicks through the real views: the same POST sent twice at the same moment, from two
browsers signed in as the same person, has exactly one effect.

The domain-level races (grading, issuing, reminding, delivering) have their own tests beside
their apps; these go through URL, middleware and view, for every double-click-able POST that
lacked one. PostgreSQL only: SQLite serialises writers.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments import reflections as journal
from assessments import scenario_runs
from assessments.grading import correct_choice_ids
from assessments.models import QuizAttempt, ScenarioRun, SharedReflection
from certificates.models import Certificate
from courses.models import Enrolment, ModuleCompletion, StepProgress
from courses.progress import complete_module, record_step_complete
from lms.models import Assignment, Observation, Reminder, SignOff
from tests.concurrency import postgresql_only, together
from tests.factories import QuizPageFactory, ScenarioPageFactory, TeamFactory, UserFactory

pytestmark = [postgresql_only, pytest.mark.usefixtures("committed_db")]


def double_click(user, url: str, data: dict | None = None) -> list[int]:
    """POST ``data`` to ``url`` from two clients signed in as ``user``, released together."""
    clients = [Client() for _ in range(2)]
    for client in clients:
        client.force_login(user)
    return [r.status_code for r in together(*[lambda c=c: c.post(url, data or {}) for c in clients])]


@pytest.fixture
def people(module_with_lessons):
    module, lessons = module_with_lessons
    learner, supervisor = UserFactory(username="sam"), UserFactory(username="jordan")
    team = TeamFactory(name="Night shift")
    team.supervisors.add(supervisor)
    team.members.add(learner)
    return {"module": module, "lessons": lessons, "learner": learner, "supervisor": supervisor, "team": team}


def test_start_module_twice_enrols_once(people):
    statuses = double_click(people["learner"], reverse("learning:start_module", args=[people["module"].pk]))
    assert all(s < 500 for s in statuses)
    assert Enrolment.objects.filter(user=people["learner"], module=people["module"]).count() == 1


def test_the_last_lesson_done_twice_completes_once_and_issues_one_certificate(people):
    module, lessons, learner = people["module"], people["lessons"], people["learner"]
    for lesson in lessons[:-1]:
        record_step_complete(learner, lesson, module)
    url = reverse("learning:mark_lesson_done", args=[module.pk, lessons[-1].pk])
    assert all(s < 500 for s in double_click(learner, url))
    assert StepProgress.objects.filter(user=learner, step=lessons[-1]).count() == 1
    assert ModuleCompletion.objects.filter(user=learner, module=module).count() == 1
    assert Certificate.objects.filter(user=learner, module=module).count() == 1


def test_quiz_start_twice_opens_one_attempt(people):
    quiz = QuizPageFactory(parent=people["module"])
    statuses = double_click(people["learner"], reverse("learning:quiz_start", args=[quiz.pk]))
    assert all(s < 500 for s in statuses)
    assert QuizAttempt.objects.filter(user=people["learner"], quiz=quiz, submitted_at=None).count() == 1


def test_quiz_submit_twice_grades_once(people):
    from assessments import quiz_attempts

    quiz, learner = QuizPageFactory(parent=people["module"]), people["learner"]
    attempt = quiz_attempts.start_attempt(learner, quiz)
    for question in attempt.questions:
        quiz_attempts.save_answer(attempt, question, sorted(correct_choice_ids(question)))
    statuses = double_click(learner, reverse("learning:quiz_submit", args=[attempt.pk]))
    assert all(s < 500 for s in statuses)
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.passed
    assert QuizAttempt.objects.filter(user=learner, quiz=quiz).count() == 1
    assert StepProgress.objects.filter(user=learner, step=quiz).count() == 1


def test_scenario_start_twice_opens_one_run(people):
    scenario = ScenarioPageFactory(parent=people["module"])
    statuses = double_click(people["learner"], reverse("learning:scenario_start", args=[scenario.pk]))
    assert all(s < 500 for s in statuses)
    assert ScenarioRun.objects.filter(user=people["learner"], scenario=scenario).count() == 1


def test_scenario_choice_twice_moves_once(people):
    scenario, learner = ScenarioPageFactory(parent=people["module"]), people["learner"]
    run = scenario_runs.start_run(learner, scenario)
    choice = scenario.graph[0][0]["choices"][0]
    url = reverse("learning:scenario_choose", args=[run.pk])
    statuses = double_click(learner, url, {"choice": choice["id"], "sequence": run.sequence})
    assert all(s < 500 for s in statuses)
    run.refresh_from_db()
    assert run.sequence == 1


def test_share_twice_shares_one_copy(people):
    learner = people["learner"]
    reflection = journal.save_reflection(
        learner,
        prompt="What helped?",
        text="A thought.",
        source_title="Lesson",
        source_page=people["lessons"][0],
        source_key="end",
    )
    statuses = double_click(learner, reverse("learning:reflection_share", args=[reflection.pk]))
    assert all(s < 500 for s in statuses)
    assert SharedReflection.objects.filter(reflection=reflection).count() == 1
    assert list(SharedReflection.objects.get(reflection=reflection).readers.all()) == [people["supervisor"]]


def test_sign_off_twice_signs_once(people):
    module, learner, supervisor, team = (
        people["module"],
        people["learner"],
        people["supervisor"],
        people["team"],
    )
    today = timezone.localdate()
    Assignment.objects.create(team=team, module=module, due_on=today + datetime.timedelta(days=30))
    complete_module(learner, module)
    Observation.objects.create(
        member=learner,
        team=team,
        module=module,
        module_title=module.title,
        observed_on=today,
        observer=supervisor,
        observer_name="Jordan",
        scores={},
    )
    body = {
        "signer_role": "Lead",
        "reporting_route_explained": "on",
        "boundaries_agreement_acknowledged": "on",
        "supervision_attended": "on",
    }
    url = reverse("team:sign_off", args=[team.pk, learner.pk])
    assert all(s < 500 for s in double_click(supervisor, url, body))
    assert SignOff.objects.filter(member=learner, team=team).count() == 1


def test_remind_twice_reminds_once(people):
    module, learner, team = people["module"], people["learner"], people["team"]
    Assignment.objects.create(
        team=team, module=module, due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    statuses = double_click(people["supervisor"], reverse("team:remind", args=[team.pk]))
    assert all(s < 500 for s in statuses)
    assert Reminder.objects.filter(team=team, user=learner, module=module).count() == 1
