"""The demo supervisor's teams: a community team of 25 in every standing, and an outreach team
that requires the supervision module of its peer supervisors only (an assignment by job role).

Standings are deterministic: member n on required module m gets kind (n + m) mod 6, and the
third module was due a fortnight ago, so the matrix shows current, due, expired, overdue, in
progress and not started, plus one extension and one exemption. Records are written directly
(no certificate emails or PDFs for these made-up people). Loading again changes nothing.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from certificates.codes import new_code
from certificates.models import Certificate
from certificates.validity import expires_on
from core import clock
from courses.models import CoursePage, Enrolment, ModuleCompletion, StepProgress
from lms.demo.refreshers import renew_by_refresher
from lms.models import (
    Assignment,
    DueRule,
    Exemption,
    ExemptionReason,
    Extension,
    ExtensionReason,
    JobRole,
    Profile,
    RecertificationRule,
    Team,
)

PEERS = [
    ("Aisha", "Bello"), ("Ben", "Carter"), ("Chloe", "Dunn"), ("Dev", "Mistry"), ("Ewa", "Nowak"),
    ("Finn", "O'Brien"), ("Grace", "Owusu"), ("Hamza", "Iqbal"), ("Isla", "Morgan"), ("Jamal", "Reid"),
    ("Kofi", "Asante"), ("Lena", "Fischer"), ("Malik", "Hussain"), ("Nia", "Evans"), ("Oscar", "Lindqvist"),
    ("Priti", "Nair"), ("Quinn", "Taylor"), ("Rosa", "Alvarez"), ("Sean", "Byrne"), ("Tara", "Kaur"),
    ("Uma", "Patel"), ("Victor", "Mensah"), ("Wren", "Holloway"),
]  # fmt: skip
OUTREACH = [
    ("Yara", "Haddad", True),
    ("Zane", "Cooper", True),
    ("Abel", "Tesfaye", False),
    ("Beth", "Ross", False),
]
PEER_ROLE, SUPERVISOR_ROLE = "Peer support worker", "Peer supervisor"
CURRENT, DUE, EXPIRED, IN_PROGRESS, NOT_STARTED, HELD_LONG_AGO = range(6)
ISSUED_DAYS_AGO = {CURRENT: 100, DUE: 330, EXPIRED: 400, HELD_LONG_AGO: 200}


def ensure_demo_teams(users: dict[str, User]) -> None:
    """Fill the community team to 25 and add the outreach team; once only."""
    if User.objects.filter(username="peer-01").exists():
        return
    team = Team.objects.get(name="Community peer team")
    peer_role, _ = JobRole.objects.get_or_create(name=PEER_ROLE)
    supervisor_role, _ = JobRole.objects.get_or_create(name=SUPERVISOR_ROLE)
    today = clock.today()
    peers = [_person(f"peer-{n + 1:02d}", first, last) for n, (first, last) in enumerate(PEERS)]
    team.members.add(*peers)
    for n, person in enumerate(peers):
        Profile.objects.update_or_create(
            user=person,
            defaults={"job_role": peer_role, "start_date": today - datetime.timedelta(days=120 + 30 * n)},
        )
    modules = [
        a.module
        for a in Assignment.objects.filter(team=team).select_related("module").order_by("module__path")
    ]
    _standings(peers, modules, today)
    if len(modules) >= 3:
        Extension.objects.create(  # peer 2 was overdue on the third module, partway through
            user=peers[1],
            module=modules[2],
            module_title=modules[2].title,
            new_due_on=today + datetime.timedelta(days=21),
            reason=ExtensionReason.LEAVE,
            note="Back from parental leave next month; plenty of time after that.",
            granted_by=users["supervisor"],
        )
        Exemption.objects.create(  # peer 8's certificate of the second module had expired
            user=peers[7],
            module=modules[1],
            module_title=modules[1].title,
            reason=ExemptionReason.EQUIVALENT,
            evidence_note="Holds a recognised professional ethics qualification (seen by HR, certificate 2025-117).",
            ends_on=today + datetime.timedelta(days=365),
            granted_by=users["admin"],
        )
    _outreach_team(users, supervisor_role, peer_role, today)
    renew_by_refresher(users["refresher"])


def _person(username: str, first: str, last: str) -> User:
    person, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
    )
    if created:
        person.set_unusable_password()  # made-up colleagues: nobody signs in as them
        person.save(update_fields=["password"])
    return person


def _standings(peers: list[User], modules: list[CoursePage], today: datetime.date) -> None:
    now = timezone.now()
    for m, module in enumerate(modules):
        first_step = module.get_steps()[:1]
        for n, person in enumerate(peers):
            kind = (n + m) % 6
            if kind in ISSUED_DAYS_AGO:
                _held(person, module, now - datetime.timedelta(days=ISSUED_DAYS_AGO[kind]))
            if kind in (IN_PROGRESS, HELD_LONG_AGO) and first_step:
                cycle = 2 if kind == HELD_LONG_AGO else 1
                Enrolment.objects.update_or_create(
                    user=person, module=module, defaults={"module_title": module.title, "cycle": cycle}
                )
                StepProgress.objects.get_or_create(
                    user=person,
                    step=first_step[0],
                    cycle=cycle,
                    defaults={"module": module, "step_title": first_step[0].title},
                )


def _held(person: User, module: CoursePage, issued_at: datetime.datetime) -> None:
    completion = ModuleCompletion.objects.create(
        user=person, module=module, module_title=module.title, completed_at=issued_at
    )
    Enrolment.objects.get_or_create(user=person, module=module, defaults={"module_title": module.title})
    Certificate.objects.create(
        user=person,
        completion=completion,
        module=module,
        code=new_code(),
        learner_name=person.get_full_name(),
        module_title=module.title,
        cpd_hours=module.cpd_hours,
        cpd_category=module.cpd_category,
        cpd_category_label=module.get_cpd_category_display(),
        objectives=[block.value for block in module.objectives],
        delivery_format="Online, self-paced",
        provider="Groundwork demo",
        issued_at=issued_at,
        expires_on=expires_on(issued_at, module.validity_months),
    )


def _outreach_team(users: dict[str, User], supervisor_role: JobRole, peer_role: JobRole, today) -> None:
    """Four people; the two peer supervisors must hold the supervision module, renewed each March."""
    supervision = CoursePage.objects.filter(slug="supervising-peer-workers").first()
    team, _ = Team.objects.get_or_create(name="Outreach team")
    team.supervisors.add(users["supervisor"])
    for n, (first, last, supervises) in enumerate(OUTREACH):
        person = _person(f"outreach-{n + 1:02d}", first, last)
        team.members.add(person)
        Profile.objects.update_or_create(
            user=person,
            defaults={
                "job_role": supervisor_role if supervises else peer_role,
                "start_date": today - datetime.timedelta(days=30 + 200 * n),
            },
        )
    if supervision is not None:
        Assignment.objects.get_or_create(
            team=team,
            job_role=supervisor_role,
            module=supervision,
            defaults={
                "due_rule": DueRule.AFTER_START,
                "due_days": 90,
                "recertification": RecertificationRule.CALENDAR,
                "renew_in_month": 3,
                "renewal_window_days": 60,
            },
        )
