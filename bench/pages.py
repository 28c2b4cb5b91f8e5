"""Learner page figures, each beside a bare signed-in view through the same middleware in the same run.

The ratio to the bare view is the figure that stays true from machine to machine and on a busy
one: it says what a page costs on top of what every signed-in request costs anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from django.test import Client
from django.urls import reverse

from bench.runner import benchmark, catalogue
from courses.progress import record_step_complete
from tests.factories import UserFactory, build_module

LESSONS = 8
BARE = "page: bare signed-in view (floor)"
TARGET_MS = 14
TARGET_RATIO = 8


class WrongResponse(AssertionError):
    """The view answered something other than what a learner's browser expects."""


@dataclass
class Visit:
    client: Client
    url: str
    expect: bytes


def _learner_partway() -> tuple[Client, object, list]:
    """A learner two lessons into an eight-lesson module, signed in; the module has been seen once."""
    module, lessons = build_module(catalogue(), lessons=LESSONS)
    learner = UserFactory()
    for lesson in lessons[:2]:
        record_step_complete(learner, lesson, module)
    client = Client()
    client.force_login(learner)
    return client, module, lessons


def _visit(url_of, expect: bytes):
    def setup() -> Visit:
        client, module, lessons = _learner_partway()
        return Visit(client, url_of(module, lessons), expect)

    return setup


def _get(visit: Visit) -> None:
    response = visit.client.get(visit.url)
    if response.status_code != HTTPStatus.OK or visit.expect not in response.content:
        raise WrongResponse(f"{visit.url} answered {response.status_code}")


@benchmark(BARE, target_ms=5, setup=_visit(lambda m, ls: reverse("bench_bare"), b"Signed in"), runs=100)
def bare_view(visit: Visit) -> None:
    _get(visit)


@benchmark(
    "page: module (8 lessons, 2 done)",
    target_ms=TARGET_MS,
    floor=BARE,
    target_ratio=TARGET_RATIO,
    setup=_visit(lambda m, ls: m.url, b"Steps in this module"),
)
def module_page(visit: Visit) -> None:
    _get(visit)


@benchmark(
    "page: lesson",
    target_ms=TARGET_MS,
    floor=BARE,
    target_ratio=TARGET_RATIO,
    setup=_visit(lambda m, ls: ls[2].url, b"<h1"),
)
def lesson_page(visit: Visit) -> None:
    _get(visit)


@benchmark(
    "page: /learning/ dashboard",
    target_ms=TARGET_MS,
    floor=BARE,
    target_ratio=TARGET_RATIO,
    setup=_visit(lambda m, ls: reverse("learning:dashboard"), b"<h1"),
)
def learning_dashboard(visit: Visit) -> None:
    _get(visit)
