"""Supervisor and learner page figures: the team dashboard at several sizes, its exports and the
admin's "Team compliance" export for an organisation of 5,000, and a lesson page.

Teams are built in bulk (no signals, no PDFs), each member in a deterministic mix of standings:
current, due for renewal, expired, in progress, not started and overdue.
"""

from __future__ import annotations

import datetime
import tracemalloc
from http import HTTPStatus

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from bench.runner import benchmark, catalogue
from certificates.models import Certificate
from courses.models import Enrolment, ModuleCompletion, StepProgress
from courses.progress import record_step_complete
from lms.models import Assignment, Team, TeamMembership
from tests.factories import TeamFactory, UserFactory, build_module

PAGE = 100  # the dashboard's rows per page
MEMORY_BUDGET_MB = 150  # peak over the idle process while one export runs


class WrongPage(AssertionError):
    """The page answered, but not with what its reader needs."""


def an_organisation(prefix: str, teams: int, members: int, modules: int) -> dict:
    """``teams`` teams of ``members`` each, all requiring the same ``modules`` modules."""
    today = timezone.localdate()
    password = make_password(None)
    people = User.objects.bulk_create(
        User(username=f"{prefix}-{n}", first_name="Member", last_name=f"{prefix} {n:05d}", password=password)
        for n in range(teams * members)
    )
    supervisor = UserFactory(username=f"{prefix}-supervisor")
    built = [build_module(catalogue(), lessons=4) for _ in range(modules)]
    groups = []
    for index in range(teams):
        team = TeamFactory(name=f"{prefix} team {index:03d}")
        team.supervisors.add(supervisor)
        group = people[index * members : (index + 1) * members]
        Team.members.through.objects.bulk_create(Team.members.through(team=team, user=u) for u in group)
        TeamMembership.objects.bulk_create(
            TeamMembership(team=team, user=u, joined_on=today - datetime.timedelta(days=400)) for u in group
        )
        Assignment.objects.bulk_create(
            Assignment(team=team, module=module, due_on=today + datetime.timedelta(days=n * 20 - 60))
            for n, (module, _) in enumerate(built)
        )
        groups.append(team)
    _standings(people, built, today)
    return {"supervisor": supervisor, "teams": groups, "people": people}


def _standings(people, built, today: datetime.date) -> None:
    """Per member and module, by (member + module) mod 6: current, due, expired, in progress,
    not started, or a completion of an earlier cycle under way again."""
    issued = timezone.now() - datetime.timedelta(days=30)
    expiry = {0: 300, 1: 10, 2: -20, 5: 200}  # days from today: current, due, expired, renewing
    position = {person.pk: n for n, person in enumerate(people)}
    for m, (module, lessons) in enumerate(built):
        completions, enrolments, steps = [], [], []
        for n, person in enumerate(people):
            kind = (n + m) % 6
            if kind in (0, 1, 2, 5):
                completions.append(ModuleCompletion(user=person, module=module, module_title=module.title))
            if kind in (3, 5):
                enrolments.append(Enrolment(user=person, module=module, module_title=module.title))
                steps.append(
                    StepProgress(user=person, module=module, step=lessons[0], step_title=lessons[0].title)
                )
        made = ModuleCompletion.objects.bulk_create(completions, batch_size=2000)
        Certificate.objects.bulk_create(
            (
                Certificate(
                    user_id=done.user_id,
                    completion=done,
                    module=module,
                    code=f"B{module.pk}-{done.user_id}",
                    learner_name="Member",
                    module_title=module.title,
                    cpd_hours=3,
                    cpd_category="ethics",
                    cpd_category_label="Ethics",
                    delivery_format="Online",
                    provider="Groundwork",
                    issued_at=issued,
                    expires_on=today + datetime.timedelta(days=expiry[(position[done.user_id] + m) % 6]),
                )
                for done in made
            ),
            batch_size=2000,
        )
        Enrolment.objects.bulk_create(enrolments, batch_size=2000)
        StepProgress.objects.bulk_create(steps, batch_size=2000)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _dashboard(client: Client, members: int, query: str = "") -> None:
    response = client.get(f"/team/{query}")
    rows = response.content.count(b'<th scope="row"')
    if response.status_code != HTTPStatus.OK or rows < min(members, PAGE):
        raise WrongPage(f"/team/{query} answered {response.status_code} with {rows} rows")


_BUILT: dict = {}  # organisations built once per run, shared by the figures that read them


def a_team_of(members: int, modules: int):
    def setup() -> Client:
        key = f"t{members}x{modules}"
        if key not in _BUILT:
            _BUILT[key] = signed_in(an_organisation(key, 1, members, modules)["supervisor"])
        return _BUILT[key]

    return setup


@benchmark("team dashboard: 100 members by 5 modules", target_ms=150, setup=a_team_of(100, 5))
def team_dashboard(client: Client) -> None:
    _dashboard(client, 100)


@benchmark("team dashboard: 500 members by 12 modules", target_ms=150, setup=a_team_of(500, 12), runs=20)
def team_dashboard_500(client: Client) -> None:
    _dashboard(client, 500)


@benchmark(
    "team dashboard: 500 by 12, filtered to overdue, by urgency",
    target_ms=150,
    setup=a_team_of(500, 12),
    runs=20,
)
def team_dashboard_500_filtered(client: Client) -> None:
    response = client.get("/team/?status=overdue&sort=urgency&q=member")
    if response.status_code != HTTPStatus.OK or b"Overdue" not in response.content:
        raise WrongPage(f"the filtered dashboard answered {response.status_code}")


@benchmark("team dashboard: 1,000 members by 12 modules", target_ms=300, setup=a_team_of(1000, 12), runs=20)
def team_dashboard_1000(client: Client) -> None:
    _dashboard(client, 1000)


def an_organisation_of_5000() -> dict:
    """10 teams of 500, 20 required modules each: built once, shared by the export figures."""
    if "org" not in _BUILT:
        built = an_organisation("org", 10, 500, 20)
        admin = User.objects.create_superuser("bench-admin", "admin@example.com", None)
        _BUILT["org"] = {"admin": signed_in(admin), "supervisor": signed_in(built["supervisor"])}
    return _BUILT["org"]


def _download(client: Client, url: str) -> int:
    response = client.get(url)
    if response.status_code != HTTPStatus.OK:
        raise WrongPage(f"{url} answered {response.status_code}")
    content = response.streaming_content if response.streaming else [response.content]
    return sum(len(chunk) for chunk in content)


def peak_memory_mb(client: Client, url: str) -> float:
    """The peak of Python's allocations while one download runs, over what was held before it."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        _download(client, url)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return (peak - before) / 2**20


def an_export(role: str, url: str):
    def setup() -> tuple[Client, str]:
        client = an_organisation_of_5000()[role]
        peak = peak_memory_mb(client, url)
        print(f"peak memory over idle, {url} as {role}: {peak:.1f} MB (budget {MEMORY_BUDGET_MB} MB)")
        if peak > MEMORY_BUDGET_MB:
            raise WrongPage(f"{url} held {peak:.0f} MB at its peak, over {MEMORY_BUDGET_MB} MB")
        return client, url

    return setup


def _export(state: tuple[Client, str]) -> None:
    client, url = state
    if _download(client, url) < 100:
        raise WrongPage(f"{url} was all but empty")


for _format in ("csv", "xlsx"):
    benchmark(
        f"admin Team compliance export, 5,000 people by 20 modules, {_format.upper()}",
        target_ms=5000,
        setup=an_export("admin", f"/admin/reports/team-compliance/?export={_format}"),
        runs=5,
        warmup=1,
    )(_export)
    benchmark(
        f"supervisor's export from /team/, 5,000 people by 20 modules, {_format.upper()}",
        target_ms=5000,
        setup=an_export("supervisor", f"/team/?export={_format}"),
        runs=3,
        warmup=1,
    )(_export)


def a_learner_mid_module() -> tuple[Client, str]:
    module, lessons = build_module(catalogue(), lessons=12)
    learner = UserFactory()
    for lesson in lessons[:5]:
        record_step_complete(learner, lesson, module)
    return signed_in(learner), lessons[6].url


@benchmark("lesson page, signed in (12-lesson module)", target_ms=30, setup=a_learner_mid_module)
def lesson_page(state: tuple[Client, str]) -> None:
    client, url = state
    response = client.get(url)
    if response.status_code != HTTPStatus.OK or b"Mark as done" not in response.content:
        raise WrongPage(f"{url} answered {response.status_code} without the lesson")
