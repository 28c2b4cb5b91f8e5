"""Supervisor and learner page figures: the team dashboard for a large team, a lesson page."""

from __future__ import annotations

import datetime
from http import HTTPStatus

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from bench.runner import benchmark, catalogue
from certificates.models import Certificate
from courses.progress import complete_module, enrol, record_step_complete
from lms.models import Assignment
from tests.factories import TeamFactory, UserFactory, build_module

MEMBERS = 100
MODULES = 5


class WrongPage(AssertionError):
    """The page answered, but not with what its reader needs."""


def a_large_team() -> Client:
    """A team of 100 across five required modules: a fifth hold each module, a fifth started it."""
    supervisor = UserFactory()
    team = TeamFactory()
    team.supervisors.add(supervisor)
    password = make_password(None)
    members = User.objects.bulk_create(
        User(username=f"member-{n}", first_name="Member", last_name=str(n), password=password)
        for n in range(MEMBERS)
    )
    team.members.add(*members)
    today = timezone.localdate()
    for index in range(MODULES):
        module, _ = build_module(catalogue(), lessons=4)
        Assignment.objects.create(
            team=team, module=module, due_on=today + datetime.timedelta(days=index * 20 - 40)
        )
        for member in members[index::5]:
            complete_module(member, module)
        for member in members[(index + 1) % 5 :: 5]:
            enrol(member, module)
            record_step_complete(member, module.get_steps()[0], module)
    Certificate.objects.filter(user__in=members[::7]).update(expires_on=today + datetime.timedelta(days=10))
    client = Client()
    client.force_login(supervisor)
    return client


@benchmark(f"team dashboard: {MEMBERS} members by {MODULES} modules", target_ms=150, setup=a_large_team)
def team_dashboard(client: Client) -> None:
    response = client.get("/team/")
    if response.status_code != HTTPStatus.OK or response.content.count(b'<th scope="row">') != MEMBERS:
        raise WrongPage(f"/team/ answered {response.status_code} without a row per member")


def a_learner_mid_module() -> tuple[Client, str]:
    module, lessons = build_module(catalogue(), lessons=12)
    learner = UserFactory()
    for lesson in lessons[:5]:
        record_step_complete(learner, lesson, module)
    client = Client()
    client.force_login(learner)
    return client, lessons[6].url


@benchmark("lesson page, signed in (12-lesson module)", target_ms=30, setup=a_learner_mid_module)
def lesson_page(state: tuple[Client, str]) -> None:
    client, url = state
    response = client.get(url)
    if response.status_code != HTTPStatus.OK or b"Mark as done" not in response.content:
        raise WrongPage(f"{url} answered {response.status_code} without the lesson")
