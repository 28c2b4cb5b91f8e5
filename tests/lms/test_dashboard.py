"""The learner's dashboard and the grounding break."""

import datetime
from http import HTTPStatus

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.progress import enrol, record_step_complete
from tests.factories import build_module


def test_dashboard__groups_modules_by_state(learner_client, learner, catalogue):
    started, started_lessons = build_module(catalogue, lessons=2, title="Started one")
    finished, finished_lessons = build_module(catalogue, lessons=1, title="Finished one")
    build_module(catalogue, lessons=1, title="Untouched one")
    record_step_complete(learner, started_lessons[0], started)
    record_step_complete(learner, finished_lessons[0], finished)

    response = learner_client.get(reverse("learning:dashboard"))
    ctx = response.context
    assert [s.module.title for s in ctx["in_progress"]] == ["Started one"]
    assert [s.module.title for s in ctx["completed"]] == ["Finished one"]
    assert [s.module.title for s in ctx["available"]] == ["Untouched one"]
    assert "1 of 2 steps done" in response.content.decode()


def test_dashboard__enrolled_module_without_progress_is_in_progress(learner_client, learner, catalogue):
    module, _ = build_module(catalogue, lessons=2)
    enrol(learner, module)
    response = learner_client.get(reverse("learning:dashboard"))
    assert [s.module for s in response.context["in_progress"]] == [module]


def test_dashboard__anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("learning:dashboard"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("login"))


def test_dashboard__query_count_constant_in_modules(learner_client, learner, catalogue):
    """Six modules cost the same queries as one."""
    build_module(catalogue, lessons=2)
    learner_client.get(reverse("learning:dashboard"))
    with CaptureQueriesContext(connection) as small:
        learner_client.get(reverse("learning:dashboard"))
    for _ in range(5):
        build_module(catalogue, lessons=3)
    with CaptureQueriesContext(connection) as big:
        learner_client.get(reverse("learning:dashboard"))
    assert len(big.captured_queries) == len(small.captured_queries) <= 15


def test_break__returns_to_the_page_the_learner_left(client, db):
    response = client.get(reverse("take_a_break"), {"return": "/modules/x/lesson/?a=1"})
    assert response.status_code == HTTPStatus.OK
    assert 'href="/modules/x/lesson/?a=1"' in response.content.decode()
    assert "there is no timer here" in response.content.decode()


def test_break__ignores_return_addresses_on_other_sites(client, db):
    for evil in ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]:
        response = client.get(reverse("take_a_break"), {"return": evil})
        assert response.context["return_to"] == ""
        assert "data-return-link" not in response.content.decode()


def test_dashboard__resumes_the_module_touched_last_at_its_next_step(learner_client, learner, catalogue):
    first, first_lessons = build_module(catalogue, lessons=3, title="First")
    second, second_lessons = build_module(catalogue, lessons=3, title="Second")
    start = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        record_step_complete(learner, second_lessons[0], second)
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        record_step_complete(learner, first_lessons[0], first)
    resume = learner_client.get(reverse("learning:dashboard")).context["resume"]
    assert (resume.module, resume.step.pk, resume.fresh) == (first, first_lessons[1].pk, False)

    with time_machine.travel(start + datetime.timedelta(hours=2), tick=False):
        record_step_complete(learner, second_lessons[1], second)
    resume = learner_client.get(reverse("learning:dashboard")).context["resume"]
    assert (resume.module, resume.step.pk) == (second, second_lessons[2].pk)

    third, third_lessons = build_module(catalogue, lessons=2, title="Third")
    with time_machine.travel(start + datetime.timedelta(hours=3), tick=False):
        enrol(learner, third)  # just started: "Start", at its first step
    resume = learner_client.get(reverse("learning:dashboard")).context["resume"]
    assert (resume.module, resume.step.pk, resume.fresh) == (third, third_lessons[0].pk, True)
