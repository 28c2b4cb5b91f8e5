"""Demo scenarios from fixtures/scenarios/*.toml, placed before their module's quiz."""

from __future__ import annotations

import json
import tomllib
import uuid
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from assessments.models import QuizPage, ScenarioPage
from assessments.scenario_graph import graph_problems, route_to
from assessments.scenario_runs import choose, start_run
from courses.models import CoursePage

ENDING_FIELDS = ("key", "title", "debrief", "try_next_time", "recommended", "reflection_prompt")


def _block_id(*parts: str) -> str:
    """Stable block ids, so loading the same file twice gives the same choices."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "groundwork:" + "/".join(parts)))


def _steps(data: dict) -> list[dict]:
    ordered = sorted(data["steps"], key=lambda step: step["key"] != data["start"])
    return [
        {
            "type": "step",
            "id": _block_id(data["slug"], step["key"]),
            "value": {
                "key": step["key"],
                "situation": step["situation"],
                "says": step.get("says", ""),
                "image": None,
                "image_alt": "",
                "choices": [
                    {
                        "type": "item",
                        "id": _block_id(data["slug"], step["key"], str(number)),
                        "value": {
                            "label": choice["label"],
                            "feedback": choice["feedback"],
                            "next": choice["next"],
                            "principles": {k: str(v) for k, v in choice.get("principles", {}).items()},
                        },
                    }
                    for number, choice in enumerate(step["choices"])
                ],
            },
        }
        for step in ordered
    ]


def _endings(data: dict) -> list[dict]:
    return [
        {
            "type": "ending",
            "id": _block_id(data["slug"], "ending", ending["key"]),
            "value": {
                field: ending.get(field, False if field == "recommended" else "") for field in ENDING_FIELDS
            },
        }
        for ending in data["endings"]
    ]


def load_scenario(path: Path) -> tuple[ScenarioPage | None, bool]:
    """Add the scenario to its module, before the quiz, unless it is already there."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    module = CoursePage.objects.filter(slug=data["module"]).first()
    if module is None:
        return None, False
    existing = ScenarioPage.objects.child_of(module).filter(slug=data["slug"]).first()
    if existing is not None:
        return existing, False
    scenario = ScenarioPage(
        title=data["title"],
        slug=data["slug"],
        intro=data.get("intro", ""),
        setting=data.get("setting", ""),
        background=data.get("background", ""),
        content_note=data.get("content_note", ""),
        steps=json.dumps(_steps(data)),
        endings=json.dumps(_endings(data)),
    )
    problems = graph_problems(*scenario.graph)
    if problems:
        raise ImproperlyConfigured(f"{path.name}: " + " ".join(problems))
    quiz = QuizPage.objects.child_of(module).first()
    if quiz is not None:
        quiz.add_sibling(pos="left", instance=scenario)
    else:
        module.add_child(instance=scenario)
    scenario.save_revision().publish()
    return scenario, True


def load_scenarios(directory: Path) -> list[tuple[ScenarioPage | None, bool]]:
    return [load_scenario(path) for path in sorted(directory.glob("*.toml"))]


def path_to_recommended_ending(scenario: ScenarioPage) -> list[str]:
    """The choice ids of a shortest path from the start to a recommended ending."""
    steps, endings = scenario.graph
    return route_to(steps, {ending["key"] for ending in endings if ending["recommended"]})


def play_to_recommended_ending(user, scenario: ScenarioPage):
    """Demo progress: play the scenario along a shortest path to a recommended ending."""
    run = start_run(user, scenario)
    if run.is_ended:
        return run
    for choice_id in path_to_recommended_ending(scenario)[run.sequence :]:
        run = choose(run, scenario, choice_id, run.sequence)
    return run
