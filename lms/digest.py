"""The weekly digest: one email per supervisor per week about the people in their teams.

What was completed in the last 7 days, what falls due in the next 30, what is overdue or
expired, and which extensions end in the next 14 days. Standings are decided once per team
member (the pure rule on facts gathered a thousand members at a time, as the admin report does)
and shared by every supervisor of the team.

Each email goes through the outbox under the key ``<supervisor id>:<ISO year>-W<ISO week>``,
so running the job twice in a week, or on two replicas at once, sends it once. Supervisors turn
the digest off on their team page (``DigestChoice``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from certificates.models import Certificate
from core import clock
from core.links import absolute_url
from lms.compliance import required_assignments
from lms.facts import Facts
from lms.models import DigestChoice, Extension, Team
from lms.standing import Standing
from outbox import delivery as outbox
from outbox.models import OutgoingEmail

KIND = "weekly_digest"
CHUNK = 1000
COMPLETED_DAYS, DUE_DAYS, EXTENSION_DAYS = 7, 30, 14
LATE = (Standing.OVERDUE, Standing.EXPIRED)
COMING = (Standing.DUE, Standing.NOT_STARTED, Standing.IN_PROGRESS)


@dataclass(frozen=True, order=True)
class Line:
    """One line of a digest: when, who, which module, and what."""

    date: datetime.date
    person: str
    module: str
    team: str = ""


@dataclass
class Digest:
    completed: list[Line] = field(default_factory=list)
    due: list[Line] = field(default_factory=list)
    late: list[Line] = field(default_factory=list)
    extensions_ending: list[Line] = field(default_factory=list)

    def add(self, other: Digest) -> None:
        for name in ("completed", "due", "late", "extensions_ending"):
            getattr(self, name).extend(getattr(other, name))

    @property
    def empty(self) -> bool:
        return not (self.completed or self.due or self.late or self.extensions_ending)

    def sorted(self) -> Digest:
        return Digest(
            *(sorted(set(getattr(self, n))) for n in ("completed", "due", "late", "extensions_ending"))
        )


def week_key(supervisor_id: int, today: datetime.date) -> str:
    year, week, _day = today.isocalendar()
    return f"{supervisor_id}:{year}-W{week:02d}"


def batched(items, size: int):
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def team_digests(teams, today: datetime.date) -> dict[int, Digest]:
    """What each team's digest says, in a fixed number of queries per thousand members."""
    required = required_assignments(teams)
    names = {team.pk: team.name for team in teams}
    digests = {team.pk: Digest() for team in teams}
    pairs = (
        Team.members.through.objects.filter(team__in=teams, user__is_active=True)
        .order_by("user_id")
        .values_list("team_id", "user_id", "user__username", "user__first_name", "user__last_name")
    )
    assignments = [a for listed in required.values() for a in listed]
    titles = {a.module_id: a.module.title for a in assignments}
    for chunk in batched(pairs, CHUNK):
        ids = list({row[1] for row in chunk})
        facts = Facts(ids, assignments, today, details=False)
        completed = completions(ids, list(titles), today)
        ending = extensions_ending(ids, list(titles), today)
        for team_id, user_id, username, first, last in chunk:
            person = f"{first} {last}".strip() or username
            digest, team = digests[team_id], names[team_id]
            for assignment in required[team_id]:
                standing, date = facts.standing(user_id, assignment)
                title = titles[assignment.module_id]
                if standing in LATE:
                    digest.late.append(Line(date or today, person, title, team))
                elif standing in COMING and date and date <= today + datetime.timedelta(days=DUE_DAYS):
                    digest.due.append(Line(date, person, title, team))
                if (user_id, assignment.module_id) in completed:
                    digest.completed.append(
                        Line(completed[(user_id, assignment.module_id)], person, title, team)
                    )
                if (user_id, assignment.module_id) in ending and standing == Standing.EXTENDED:
                    digest.extensions_ending.append(
                        Line(ending[(user_id, assignment.module_id)], person, title, team)
                    )
    return digests


def completions(ids, module_ids, today: datetime.date) -> dict[tuple[int, int], datetime.date]:
    since = today - datetime.timedelta(days=COMPLETED_DAYS - 1)
    rows = (
        Certificate.objects.held()
        .issued_between(since, today)
        .filter(user_id__in=ids, module_id__in=module_ids)
        .values_list("user_id", "module_id", "issued_at")
    )
    return {(user_id, module_id): clock.day_of(issued) for user_id, module_id, issued in rows}


def extensions_ending(ids, module_ids, today: datetime.date) -> dict[tuple[int, int], datetime.date]:
    until = today + datetime.timedelta(days=EXTENSION_DAYS)
    rows = Extension.objects.filter(
        user_id__in=ids, module_id__in=module_ids, new_due_on__gte=today, new_due_on__lte=until
    ).values_list("user_id", "module_id", "new_due_on")
    return {(user_id, module_id): day for user_id, module_id, day in rows}


def send_weekly_digests(today: datetime.date | None = None) -> int:
    """Hand this week's digest of each supervisor who wants one to the outbox; returns how
    many were new. Supervisors with nothing to report this week get none."""
    today = today or clock.today()
    supervisors = (
        get_user_model()
        .objects.filter(is_active=True, supervised_teams__isnull=False)
        .exclude(email="")
        .exclude(digest_choice__wants_digest=False)
        .distinct()
    )
    keys = {week_key(user.pk, today): user for user in supervisors}
    sent = set(OutgoingEmail.objects.filter(kind=KIND, key__in=list(keys)).values_list("key", flat=True))
    waiting = {key: user for key, user in keys.items() if key not in sent}
    if not waiting:
        return 0
    teams_of = defaultdict(list)
    for team_id, user_id in Team.supervisors.through.objects.filter(
        user_id__in=[user.pk for user in waiting.values()]
    ).values_list("team_id", "user_id"):
        teams_of[user_id].append(team_id)
    teams = list(Team.objects.filter(pk__in={t for listed in teams_of.values() for t in listed}))
    digests = team_digests(teams, today)
    new = 0
    for key, supervisor in waiting.items():
        digest = Digest()
        for team_id in teams_of[supervisor.pk]:
            digest.add(digests[team_id])
        if digest.empty:
            continue
        subject, body = digest_email(supervisor, digest.sorted(), today)
        outbox.send(KIND, supervisor.email, subject, body, key=key)  # once per key, whoever runs it
        new += 1
    return new


def digest_email(supervisor, digest: Digest, today: datetime.date) -> tuple[str, str]:
    context = {
        "name": supervisor.get_short_name() or supervisor.username,
        "digest": digest,
        "today": today,
        "team_url": absolute_url(reverse("team:dashboard")),
        "days": {"completed": COMPLETED_DAYS, "due": DUE_DAYS, "extensions": EXTENSION_DAYS},
    }
    subject = " ".join(render_to_string("lms/email/digest_subject.txt", context).split())
    return subject, render_to_string("lms/email/digest.txt", context)


def set_digest(user, wanted: bool) -> None:
    DigestChoice.objects.update_or_create(user=user, defaults={"wants_digest": wanted})


def wants_digest(user) -> bool:
    return not DigestChoice.objects.filter(user=user, wants_digest=False).exists()


@task()
def weekly_digest_task() -> int:
    """The scheduled job: safe to run any number of times a week."""
    return send_weekly_digests()
