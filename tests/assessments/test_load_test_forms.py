"""The load test's people find their way on the real pages: ``make load`` posts quiz answers and
scenario choices only if ``bench.page_forms`` can read them off the pages the site serves (a
run whose people could not read a form measured a lighter site, and said nothing)."""

from django.urls import reverse

from assessments.models import QuizAttempt, ScenarioRun
from bench.page_forms import certificate_pdfs, choices, sequence
from courses.progress import record_step_complete
from tests.factories import QuizPageFactory, ScenarioPageFactory


def test_a_quiz_question_page_yields_its_choices_and_a_posted_one_is_saved(
    learner_client, learner, module_with_lessons
):
    module, _ = module_with_lessons
    quiz = QuizPageFactory(parent=module)
    started = learner_client.post(reverse("learning:quiz_start", args=[quiz.pk]), follow=True)
    attempt = QuizAttempt.objects.get(user=learner)
    first = attempt.questions[0]
    found = choices(started.content.decode())
    assert found == [choice["id"] for choice in first["choices"]]

    saved = learner_client.post(
        reverse("learning:quiz_question", args=[attempt.pk, 1]),
        {"choice": found[0], "go": "stay"},
        headers={"X-Requested-With": "fetch"},
    )
    assert saved.json() == {"saved": True, "answered": 1}


def test_a_scenario_step_yields_its_choices_and_sequence_and_a_posted_choice_moves_on(
    learner_client, module_with_lessons
):
    module, _ = module_with_lessons
    scenario = ScenarioPageFactory(parent=module)
    learner_client.post(reverse("learning:scenario_start", args=[scenario.pk]))
    run = ScenarioRun.objects.get(scenario=scenario)
    page = learner_client.get(reverse("learning:scenario_run", args=[run.pk])).content.decode()
    steps, _ = scenario.graph
    start = next(step for step in steps if step["key"] == run.current_key)
    assert choices(page) == [choice["id"] for choice in start["choices"]]
    assert sequence(page) == str(run.sequence)

    learner_client.post(
        reverse("learning:scenario_choose", args=[run.pk]),
        {"choice": choices(page)[0], "sequence": sequence(page)},
    )
    run.refresh_from_db()
    assert len(run.path) == 1


def test_the_certificates_page_yields_downloadable_pdf_links(learner_client, learner, module_with_lessons):
    module, lessons = module_with_lessons
    for lesson in lessons:
        record_step_complete(learner, lesson, module)
    links = certificate_pdfs(learner_client.get(reverse("certificates")).content.decode())
    assert len(links) == 1
    response = learner_client.get(links[0])
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(
        b"%PDF-"
    )
