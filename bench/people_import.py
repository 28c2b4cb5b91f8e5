"""People import: a 2,000-row CSV checked and written (people, profiles, team memberships,
invitations queued for the worker), as the admin's import page does it."""

from __future__ import annotations

import itertools

from bench.runner import benchmark
from lms.invitations.importing import import_people
from lms.invitations.people_csv import read_people
from lms.models import Invitation, JobRole
from tests.factories import TeamFactory

ROWS = 2_000
_batches = itertools.count()


class WrongImport(AssertionError):
    """The import ran, but did not create everyone it should have."""


def teams_and_roles() -> list[str]:
    JobRole.objects.get_or_create(name="Peer support worker")  # the organisation figure may have made it
    return [TeamFactory(name=f"Import team {n}").name for n in range(5)]


def a_fresh_file(team_names: list[str]) -> tuple[bytes, int]:
    """2,000 people nobody has imported yet, each in one or two teams."""
    batch = next(_batches)
    lines = ["email,name,teams,job_role,start_date"]
    for n in range(ROWS):
        teams = ";".join(team_names[n % 5 : n % 5 + 1 + n % 2])
        lines.append(
            f"p{batch}-{n}@example.org,Person {batch}-{n},{teams},Peer support worker,2026-0{1 + n % 9}-15"
        )
    return ("\n".join(lines) + "\n").encode(), batch


@benchmark(
    "people import: 2,000-row CSV",
    target_ms=10_000,
    setup=teams_and_roles,
    prepare=a_fresh_file,
    runs=5,
    warmup=1,
)
def import_two_thousand(prepared: tuple[bytes, int]) -> None:
    data, batch = prepared
    checked = read_people(data)
    if checked.rejections or len(checked.rows) != ROWS:
        raise WrongImport(f"{len(checked.rejections)} rows refused")
    import_people(checked.rows)
    if Invitation.objects.filter(user__email__startswith=f"p{batch}-").count() != ROWS:
        raise WrongImport("not everyone was invited")
