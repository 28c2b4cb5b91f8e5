"""Supervisor and learner page figures: the team dashboard at several sizes, its exports and the
admin's "Team compliance" export for an organisation of 5,000, and a lesson page.

Teams are built in bulk (no signals, no PDFs, rows written by ``bench.rows.insert``), each member
in a deterministic mix of standings: current, due for renewal, expired, in progress, not started
and overdue. ``bench.organisation`` builds 20,000 learners the same way and times the first page of
every admin report, and the Team compliance CSV, for that organisation.
"""

from __future__ import annotations

import datetime
import tracemalloc
from collections.abc import Callable
from http import HTTPStatus

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from bench.rows import insert
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
    """``teams`` teams of ``members`` each, all requiring the same ``modules`` modules; the
    members come back as ids (``people``), in order."""
    today = timezone.localdate()
    password = make_password(None)
    people = insert(
        User,
        ["username", "first_name", "last_name", "password"],
        ((f"{prefix}-{n}", "Member", f"{prefix} {n:05d}", password) for n in range(teams * members)),
    )
    supervisor = UserFactory(username=f"{prefix}-supervisor")
    built = [build_module(catalogue(), lessons=4) for _ in range(modules)]
    groups = []
    joined = today - datetime.timedelta(days=400)
    for index in range(teams):
        team = TeamFactory(name=f"{prefix} team {index:03d}")
        team.supervisors.add(supervisor)
        group = people[index * members : (index + 1) * members]
        insert(Team.members.through, ["team_id", "user_id"], ((team.pk, u) for u in group))
        insert(TeamMembership, ["team_id", "user_id", "joined_on"], ((team.pk, u, joined) for u in group))
        Assignment.objects.bulk_create(
            Assignment(team=team, module=module, due_on=today + datetime.timedelta(days=n * 20 - 60))
            for n, (module, _) in enumerate(built)
        )
        groups.append(team)
    _standings(people, built, today)
    return {"supervisor": supervisor, "teams": groups, "people": people, "modules": built}


def supervise_each(teams: list[Team], prefix: str) -> list[int]:
    """A supervisor of each team's own, with an email address; returns their ids."""
    password = make_password(None)
    leads = insert(
        User,
        ["username", "first_name", "last_name", "email", "password"],
        (
            (f"{prefix}-lead-{n}", "Lead", f"{n:03d}", f"{prefix}-lead{n}@example.org", password)
            for n in range(len(teams))
        ),
    )
    insert(Team.supervisors.through, ["team_id", "user_id"], zip([t.pk for t in teams], leads, strict=True))
    return leads


def _standings(people: list[int], built, today: datetime.date) -> None:
    """Per member and module, by (member + module) mod 6: current, due, expired, in progress,
    not started, or a completion of an earlier cycle under way again."""
    now = timezone.now()
    issued = now - datetime.timedelta(days=30)
    expiry = {  # from today: current, due, expired, renewing
        kind: today + datetime.timedelta(days=days) for kind, days in {0: 300, 1: 10, 2: -20, 5: 200}.items()
    }
    for m, (module, lessons) in enumerate(built):
        done = [(n, user) for n, user in enumerate(people) if (n + m) % 6 in (0, 1, 2, 5)]
        started = [user for n, user in enumerate(people) if (n + m) % 6 in (3, 5)]
        title = module.title
        completions = insert(
            ModuleCompletion,
            ["user_id", "module_id", "module_title", "completed_at"],
            ((user, module.pk, title, issued) for _n, user in done),
        )
        insert(
            Certificate,
            ["user_id", "completion_id", "module_id", "code", "learner_name", "module_title", "cpd_hours"]
            + [
                "cpd_category",
                "cpd_category_label",
                "delivery_format",
                "provider",
                "issued_at",
                "expires_on",
            ],
            (
                (user, completion, module.pk, f"B{module.pk}-{user}", "Member", title, 3)
                + ("ethics", "Ethics", "Online", "Groundwork", issued, expiry[(n + m) % 6])
                for (n, user), completion in zip(done, completions, strict=True)
            ),
        )
        insert(
            Enrolment,
            ["user_id", "module_id", "module_title", "started_at"],
            ((user, module.pk, title, now) for user in started),
        )
        step = lessons[0]
        insert(
            StepProgress,
            ["user_id", "module_id", "step_id", "step_title", "completed_at"],
            ((user, module.pk, step.pk, step.title, now) for user in started),
        )


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


def an_export(role: str, url: str, organisation: Callable[[], dict] = an_organisation_of_5000):
    """Set-up for an export figure: ``role``'s client in ``organisation``, once checked for its peak memory."""

    def setup() -> tuple[Client, str]:
        client = organisation()[role]
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
