"""Playing a scenario through its views: choices, feedback, going back, restarting, resuming."""

import pytest
from django.urls import reverse

from assessments.models import RunEvent, ScenarioRun
from courses.models import StepProgress
from tests.factories import SAMPLE_STEPS, ScenarioPageFactory, UserFactory, scenario_steps


@pytest.fixture
def scenario(module_with_lessons):
    module, _ = module_with_lessons
    return ScenarioPageFactory(parent=module)


def start(client, scenario) -> ScenarioRun:
    response = client.post(reverse("learning:scenario_start", args=[scenario.pk]))
    run = ScenarioRun.objects.get(scenario=scenario, set_aside_at__isnull=True)
    assert response.url == reverse("learning:scenario_run", args=[run.pk])
    return run


def choice_id(scenario, step_key: str, number: int) -> str:
    steps, _ = scenario.graph
    return next(s for s in steps if s["key"] == step_key)["choices"][number]["id"]


def choose(client, run, choice, sequence=None):
    return client.post(
        reverse("learning:scenario_choose", args=[run.pk]),
        {"choice": choice, "sequence": run.sequence if sequence is None else sequence},
    )


def test_scenario_page_needs_sign_in(client, scenario):
    response = client.get(scenario.url)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_choice_shows_its_feedback_then_the_next_step(learner_client, scenario):
    run = start(learner_client, scenario)
    page = learner_client.get(reverse("learning:scenario_run", args=[run.pk]))
    assert "The situation at start." in page.content.decode()

    response = choose(learner_client, run, choice_id(scenario, "start", 0))
    assert response.url == reverse("learning:scenario_feedback", args=[run.pk, 1])
    feedback = learner_client.get(response.url).content.decode()
    assert "Feedback on “Sit with them and ask”." in feedback
    run.refresh_from_db()
    assert run.current_key == "middle" and run.sequence == 1
    assert (
        "The situation at middle."
        in learner_client.get(reverse("learning:scenario_run", args=[run.pk])).content.decode()
    )


def test_reaching_an_ending_shows_debrief_path_and_profile_and_completes_the_step(
    learner_client, learner, scenario
):
    run = start(learner_client, scenario)
    choose(learner_client, run, choice_id(scenario, "start", 0))
    run.refresh_from_db()
    choose(learner_client, run, choice_id(scenario, "middle", 0))
    run.refresh_from_db()
    assert run.ending["key"] == "good" and run.ended_at is not None
    assert StepProgress.objects.filter(user=learner, step=scenario).count() == 1

    page = learner_client.get(reverse("learning:scenario_run", args=[run.pk])).content.decode()
    assert "Together" in page and "What happened and why." in page
    assert "Feedback on “Offer a choice”." in page  # the path, with each choice's feedback
    assert "Safety." in page and "Empowerment, voice and choice." in page  # leaned-on principles, in words
    assert "What helped?" in page  # the optional reflection prompt
    assert "%" not in page  # a profile in words, never a score


def test_a_non_recommended_ending_does_not_count_when_the_editor_requires_one(
    learner_client, learner, module_with_lessons
):
    module, _ = module_with_lessons
    scenario = ScenarioPageFactory(parent=module, require_recommended_ending=True)
    run = start(learner_client, scenario)
    choose(learner_client, run, choice_id(scenario, "start", 1))
    run.refresh_from_db()
    assert run.ending["key"] == "rough"
    assert not StepProgress.objects.filter(user=learner, step=scenario).exists()
    page = learner_client.get(reverse("learning:scenario_run", args=[run.pk])).content.decode()
    assert "counts as done once you reach one of its recommended endings" in page


def test_going_back_returns_to_the_step_and_is_recorded_not_erased(learner_client, scenario):
    run = start(learner_client, scenario)
    choose(learner_client, run, choice_id(scenario, "start", 0))
    learner_client.post(reverse("learning:scenario_back", args=[run.pk]), {"sequence": 1})
    run.refresh_from_db()
    assert run.current_key == "start" and run.path == []
    kinds = list(RunEvent.objects.filter(run=run).values_list("kind", flat=True))
    assert kinds == ["choice", "back"]


def test_a_double_clicked_choice_is_a_no_op_showing_the_current_state(learner_client, scenario):
    run = start(learner_client, scenario)
    first = choice_id(scenario, "start", 0)
    original = choose(learner_client, run, first, sequence=0)
    replay = choose(learner_client, run, first, sequence=0)
    assert replay.status_code == 302 and replay.url == original.url  # the same feedback page
    run.refresh_from_db()
    assert run.sequence == 1 and run.current_key == "middle"
    assert RunEvent.objects.filter(run=run, kind="choice").count() == 1


def test_a_double_clicked_back_goes_back_once(learner_client, scenario):
    run = start(learner_client, scenario)
    choose(learner_client, run, choice_id(scenario, "start", 0))
    run.refresh_from_db()
    choose(learner_client, run, choice_id(scenario, "middle", 1))  # loops back to start
    for _ in range(2):
        learner_client.post(reverse("learning:scenario_back", args=[run.pk]), {"sequence": 2})
    run.refresh_from_db()
    assert run.sequence == 1 and run.current_key == "middle"


def test_a_choice_from_another_step_is_refused_with_a_message_and_changes_nothing(learner_client, scenario):
    run = start(learner_client, scenario)
    response = choose(learner_client, run, choice_id(scenario, "middle", 0))
    assert response.status_code == 400
    assert "not one of the options on this step" in response.content.decode()
    run.refresh_from_db()
    assert run.sequence == 0 and run.current_key == "start"
    assert not RunEvent.objects.filter(run=run).exists()


@pytest.mark.parametrize("sequence", ["", "abc", "-1", "99"])
def test_tampered_sequence_changes_nothing(learner_client, scenario, sequence):
    run = start(learner_client, scenario)
    response = choose(learner_client, run, choice_id(scenario, "start", 0), sequence=sequence)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.sequence == 0


def test_restart_sets_the_run_aside_and_starts_afresh_once(learner_client, scenario):
    run = start(learner_client, scenario)
    choose(learner_client, run, choice_id(scenario, "start", 0))
    for _ in range(2):  # a double click
        learner_client.post(reverse("learning:scenario_restart", args=[run.pk]))
    runs = ScenarioRun.objects.filter(scenario=scenario).order_by("pk")
    assert runs.count() == 2
    assert runs[0].set_aside_at is not None and runs[0].sequence == 1
    assert runs[1].set_aside_at is None and runs[1].current_key == "start"


def test_starting_again_resumes_the_same_run_at_the_same_step(learner_client, scenario):
    run = start(learner_client, scenario)
    choose(learner_client, run, choice_id(scenario, "start", 0))
    assert start(learner_client, scenario).pk == run.pk
    page = learner_client.get(scenario.url).content.decode()
    assert "Continue where you left off" in page


def test_another_learners_run_is_a_404_for_every_route(client, scenario):
    owner = UserFactory()
    client.force_login(owner)
    run = start(client, scenario)
    client.force_login(UserFactory())
    for name in ("scenario_run", "scenario_choose", "scenario_back", "scenario_restart", "reflect_on_ending"):
        url = reverse(f"learning:{name}", args=[run.pk])
        response = (
            client.post(url, {"choice": "x", "sequence": 0}) if name != "scenario_run" else client.get(url)
        )
        assert response.status_code == 404, name
    assert client.get(reverse("learning:scenario_feedback", args=[run.pk, 1])).status_code == 404
    run.refresh_from_db()
    assert run.sequence == 0 and run.set_aside_at is None


def test_choice_posts_are_get_proof(learner_client, scenario):
    run = start(learner_client, scenario)
    assert learner_client.get(reverse("learning:scenario_choose", args=[run.pk])).status_code == 405
    assert learner_client.get(reverse("learning:scenario_start", args=[scenario.pk])).status_code == 405


def test_a_run_of_an_unpublished_scenario_says_it_is_no_longer_available(learner_client, scenario):
    run = start(learner_client, scenario)
    choose(learner_client, run, choice_id(scenario, "start", 0))
    scenario.unpublish()
    page = learner_client.get(reverse("learning:scenario_run", args=[run.pk]))
    assert page.status_code == 200
    assert "no longer available" in page.content.decode()
    assert "Sit with them and ask" in page.content.decode()  # the record stays
    response = choose(learner_client, run, choice_id(scenario, "middle", 0), sequence=1)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.sequence == 1


def test_a_run_survives_the_scenario_being_deleted(learner_client, scenario):
    run = start(learner_client, scenario)
    choose(learner_client, run, choice_id(scenario, "start", 0))
    scenario.delete()
    run.refresh_from_db()
    assert run.scenario is None and run.path[0]["label"] == "Sit with them and ask"
    assert (
        "no longer available"
        in learner_client.get(reverse("learning:scenario_run", args=[run.pk])).content.decode()
    )


def test_a_choice_uses_a_constant_number_of_queries_whatever_the_scenario_size(
    learner_client, module_with_lessons, django_assert_max_num_queries
):
    module, _ = module_with_lessons
    counts = []
    for size in (2, 40):
        steps = {
            f"s{i}": [("On", f"s{i + 1}" if i + 1 < size else "good", {}), ("End", "rough", {})]
            for i in range(size)
        }
        scenario = ScenarioPageFactory(parent=module, steps=scenario_steps(steps))
        run = start(learner_client, scenario)
        with django_assert_max_num_queries(20) as captured:
            choose(learner_client, run, choice_id(scenario, "s0", 0))
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert SAMPLE_STEPS  # the default graph is untouched by this test


def test_starting_after_an_ending_plays_again_and_keeps_the_ended_run(learner_client, scenario):
    run = start(learner_client, scenario)
    choose(learner_client, run, choice_id(scenario, "start", 1))  # straight to an ending
    assert "Play again" in learner_client.get(scenario.url).content.decode()
    fresh = start(learner_client, scenario)
    assert fresh.pk != run.pk and fresh.current_key == "start"
    run.refresh_from_db()
    assert run.is_ended and run.set_aside_at is not None


def test_a_republished_choice__is_what_the_next_request_plays(learner_client, scenario):
    """Each process keeps a scenario's steps between requests, keyed by what is stored: an
    editor's change shows on the very next page, never the copy kept before it."""
    run = start(learner_client, scenario)
    assert "Sit with them and ask" in learner_client.get(reverse("learning:scenario_run", args=[run.pk])).text
    steps = dict(SAMPLE_STEPS, start=[("Sit beside them and ask", "middle", {}), *SAMPLE_STEPS["start"][1:]])
    scenario.steps = scenario_steps(steps)
    scenario.save_revision().publish()
    page = learner_client.get(reverse("learning:scenario_run", args=[run.pk])).text
    assert "Sit beside them and ask" in page and "Sit with them and ask" not in page
