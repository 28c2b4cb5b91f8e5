"""Every demo scenario can be played to every one of its endings, and a random walk always ends."""

import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from assessments.scenario_graph import route_to
from assessments.scenario_runs import choose, restart, start_run
from lms.demo.scenarios import load_scenario
from tests.factories import CoursePageFactory, UserFactory

FILES = sorted((Path(settings.BASE_DIR) / "fixtures" / "scenarios").glob("*.toml"))


RAW = {path.stem: tomllib.loads(path.read_text(encoding="utf-8")) for path in FILES}


def test_sixteen_demo_scenarios_each_with_four_decisions_two_endings_and_feedback_everywhere():
    assert len(RAW) == 16
    for name, data in RAW.items():
        assert len(data["steps"]) >= 4 and len(data["endings"]) >= 2, name
        assert any(e.get("recommended") for e in data["endings"]), name
        assert all(c["feedback"].strip() for s in data["steps"] for c in s["choices"]), name
        assert all(e["debrief"].strip() for e in data["endings"]), name


@hypothesis_settings(derandomize=True, max_examples=30, deadline=None)
@given(name=st.sampled_from(sorted(RAW)), rng=st.randoms(use_true_random=False))
def test_a_random_walk_reaches_an_ending_within_a_bounded_number_of_choices(name, rng):
    steps, endings = RAW[name]["steps"], RAW[name]["endings"]
    by_key = {s["key"]: s for s in steps}
    ending_keys = {e["key"] for e in endings}
    key, taken = RAW[name]["start"], 0
    bound = 20 * len(steps)
    while key not in ending_keys:
        assert taken < bound, f"{name}: no ending after {bound} choices"
        key = rng.choice(by_key[key]["choices"])["next"]
        taken += 1
    assert key in ending_keys


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_a_learner_can_play_the_loaded_scenario_to_each_ending(catalogue, path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    CoursePageFactory(parent=catalogue, slug=data["module"], title=data["module"])
    scenario, created = load_scenario(path)
    assert created and scenario.live
    assert scenario.problems() == []
    learner = UserFactory()
    run = start_run(learner, scenario)
    steps, endings = scenario.graph
    for ending in endings:
        route = route_to(steps, {ending["key"]})
        assert route, f"ending {ending['key']} cannot be reached"
        for choice_id in route:
            run = choose(run, scenario, choice_id, run.sequence)
        assert run.ending["key"] == ending["key"]
        run = restart(run, scenario)
    assert load_scenario(path) == (scenario, False)  # loading again adds nothing
