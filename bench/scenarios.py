"""Scenario figures: a choice POST and the feedback page it leads to, through the test client."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from django.test import Client
from django.urls import reverse

from assessments import scenario_runs as play
from assessments.models import ScenarioPage, ScenarioRun
from bench.runner import benchmark, catalogue
from tests.factories import ScenarioPageFactory, UserFactory, build_module, scenario_steps

STEPS = 30  # a large scenario: thirty decision points of four choices each


class WrongResponse(AssertionError):
    """The view answered something other than what a learner's browser expects."""


@dataclass
class Player:
    client: Client
    run: ScenarioRun
    scenario: ScenarioPage
    choice_id: str


def a_run_at_the_first_step() -> Player:
    module, _lessons = build_module(catalogue(), lessons=1)
    steps = {
        f"s{i}": [(f"Option {n}", f"s{(i + 1) % STEPS}", {"safety": 1}) for n in range(3)]
        + [("Stop", "good", {})]
        for i in range(STEPS)
    }
    scenario = ScenarioPageFactory(parent=module, steps=scenario_steps(steps))
    learner = UserFactory()
    client = Client()
    client.force_login(learner)
    run = play.start_run(learner, scenario)
    return Player(client, run, scenario, scenario.graph[0][0]["choices"][0]["id"])


def back_to_the_first_step(player: Player) -> Player:
    """Untimed: undo the previous run's choice so every timed choice starts from the same step."""
    player.run.refresh_from_db()
    if player.run.sequence:
        play.go_back(player.run, player.scenario, player.run.sequence)
    return player


@benchmark(
    "scenario: choice round trip", target_ms=20, setup=a_run_at_the_first_step, prepare=back_to_the_first_step
)
def choice_round_trip(player: Player) -> None:
    response = player.client.post(
        reverse("learning:scenario_choose", args=[player.run.pk]), {"choice": player.choice_id, "sequence": 0}
    )
    if response.status_code != HTTPStatus.FOUND:
        raise WrongResponse(f"choice answered {response.status_code}: {response.content[:200]!r}")
    feedback = player.client.get(response.url)
    if feedback.status_code != HTTPStatus.OK or b"How it landed" not in feedback.content:
        raise WrongResponse(f"feedback page answered {feedback.status_code}")
