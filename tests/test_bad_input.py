"""Malformed input anywhere answers with a clear page (4xx or a redirect), never a 500."""

import pytest
from django.urls import reverse

from assessments.models import QuizAttempt, ScenarioRun
from assessments.reflections import ReflectionRejected, save_reflection
from assessments.scenario_runs import start_run
from certificates.models import Certificate
from courses.progress import record_step_complete
from tests.factories import QuizPageFactory, ScenarioPageFactory, UserFactory

HUGE = "9" * 30


@pytest.mark.parametrize(
    "url",
    [
        f"/learning/scenarios/{HUGE}/start/",
        f"/learning/quizzes/{HUGE}/start/",
        f"/learning/attempts/{HUGE}/submit/",
        f"/learning/attempts/{HUGE}/questions/{HUGE}/",
        f"/learning/runs/{HUGE}/choose/",
        f"/certificates/renew/{HUGE}/",
        f"/learning/modules/{HUGE}/start/",
        f"/learning/reflections/lessons/{HUGE}/abc/",
        f"/learning/reflections/{HUGE}/share/",
    ],
)
def test_ids_too_large_for_the_database_are_a_404(learner_client, url):
    assert learner_client.post(url).status_code == 404


@pytest.mark.parametrize("sequence", ["²", "9" * 5000, "٣", " 1"])
def test_odd_sequence_numbers_change_nothing(learner_client, learner, module_with_lessons, sequence):
    module, _ = module_with_lessons
    scenario = ScenarioPageFactory(parent=module)
    run = start_run(learner, scenario)
    for route in ("scenario_choose", "scenario_back"):
        response = learner_client.post(
            reverse(f"learning:{route}", args=[run.pk]), {"sequence": sequence, "choice": "x"}
        )
        assert response.status_code in (302, 400)
    assert ScenarioRun.objects.get(pk=run.pk).sequence == 0


@pytest.mark.parametrize(
    "typed", ["{code}/", "http://testserver/verify/{code}/", " {code} ", "a/b", "GW-", "%2F"]
)
def test_the_verify_form_finds_a_pasted_link_or_says_not_found(client, module_with_lessons, typed):
    module, lessons = module_with_lessons
    user = UserFactory()
    for lesson in lessons:
        record_step_complete(user, lesson, module)
    code = Certificate.objects.get(user=user).code
    response = client.get(reverse("verify_form"), {"code": typed.format(code=code)})
    if "{code}" in typed:
        assert response.status_code == 302 and response.url == reverse("verify", args=[code])
    else:
        assert response.status_code == 404


def test_a_reflection_with_a_nul_character_is_refused(learner, module_with_lessons):
    module, _ = module_with_lessons
    with pytest.raises(ReflectionRejected):
        save_reflection(
            learner, prompt="p", text="a\x00b", source_title="t", source_page=module, source_key="k"
        )


def test_a_long_scenario_and_ending_title_still_saves_a_reflection(learner, module_with_lessons):
    module, _ = module_with_lessons
    saved = save_reflection(
        learner, prompt="p", text="mine", source_title="x" * 460, source_page=module, source_key="k"
    )
    assert len(saved.source_title) == 255


def test_renewing_a_module_never_started_is_refused_calmly(learner_client, module_with_lessons):
    module, _ = module_with_lessons
    response = learner_client.post(reverse("renew_module", args=[module.pk]), follow=True)
    assert "not due for renewal yet" in response.content.decode()


def test_a_very_long_name_still_completes_a_module(module_with_lessons):
    module, lessons = module_with_lessons
    user = UserFactory(first_name="A" * 150, last_name="B" * 150)
    for lesson in lessons:
        record_step_complete(user, lesson, module)
    assert len(Certificate.objects.get(user=user).learner_name) == 300


def test_a_scenario_published_without_its_checks_is_not_ready_rather_than_broken(
    learner_client, module_with_lessons
):
    module, _ = module_with_lessons
    scenario = ScenarioPageFactory(parent=module, steps="[]")  # as if published in bulk, unchecked
    response = learner_client.post(reverse("learning:scenario_start", args=[scenario.pk]), follow=True)
    assert response.status_code == 200 and "not ready yet" in response.content.decode()
    assert not ScenarioRun.objects.exists()


@pytest.mark.parametrize("number", ["²", "٣", "9" * 5000, "-1", ""])
def test_the_quiz_time_control_takes_only_ascii_question_numbers(
    learner_client, learner, module_with_lessons, number
):
    module, _ = module_with_lessons
    timed = QuizPageFactory(parent=module, time_limit_minutes=5)
    learner_client.post(reverse("learning:quiz_start", args=[timed.pk]))
    attempt = QuizAttempt.objects.get(user=learner, quiz=timed)
    response = learner_client.post(
        reverse("learning:quiz_time", args=[attempt.pk]), {"action": "off", "number": number}
    )
    assert response.status_code == 302
    assert response.url == reverse("learning:quiz_question", args=[attempt.pk, 1])
    attempt.refresh_from_db()
    assert attempt.deadline is None
