"""The supervisors' weekly digest for an organisation: 200 supervisors of 5,000 people.

200 teams of 25, each with its own supervisor, requiring 5 modules in the mix of standings the
team figures use. Each timed run finds no digest sent this week (the previous run's emails are
cleared, untimed) and hands 200 to the outbox (delivery, after commit, is not timed here).
"""

from __future__ import annotations

from bench.runner import benchmark
from bench.team import an_organisation, supervise_each
from lms.digest import KIND, send_weekly_digests
from lms.models import Team
from outbox.models import OutgoingEmail

SUPERVISORS, MEMBERS_EACH, MODULES = 200, 25, 5


def an_organisation_with_supervisors() -> int:
    built = an_organisation("digest", SUPERVISORS, MEMBERS_EACH, MODULES)
    Team.supervisors.through.objects.filter(team__in=built["teams"]).delete()
    supervise_each(built["teams"], "digest")
    # Every supervisor in the database gets one (earlier figures of the same run may have made a few).
    return Team.supervisors.through.objects.values("user").distinct().count()


def a_fresh_week(expected: int) -> int:
    OutgoingEmail.objects.filter(kind=KIND).delete()
    return expected


@benchmark(
    "weekly digest: 200 supervisors of 5,000 people",
    target_ms=30_000,
    setup=an_organisation_with_supervisors,
    prepare=a_fresh_week,
    runs=3,
    warmup=0,
)
def weekly_digest(expected: int) -> None:
    sent = send_weekly_digests()
    if sent != expected:
        raise AssertionError(f"{sent} digests handed to the outbox, expected {expected}")
