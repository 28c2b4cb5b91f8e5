"""Demo accounts, a team, and some recorded progress so dashboards are not empty."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from assessments.models import QuizAttempt, QuizPage, ScenarioPage, ScenarioRun
from certificates.models import Certificate
from certificates.validity import expires_on
from core import clock
from courses.models import CoursePage, ModuleCompletion, StepProgress
from courses.progress import enrol, record_step_complete, renew
from lms.demo.quizzes import pass_quiz
from lms.demo.scenarios import play_to_recommended_ending
from lms.models import Assignment, Observation, Team
from lms.practice import record_observation

DEMO_PASSWORD = "groundwork-demo"  # noqa: S105 - documented demo credential, dev settings only

ACCOUNTS = {
    "learner": {"first_name": "Sam", "last_name": "Rivera"},
    "refresher": {"first_name": "Alex", "last_name": "Okafor"},
    "supervisor": {"first_name": "Jordan", "last_name": "Lee"},
    "editor": {"first_name": "Priya", "last_name": "Shah", "groups": ["Editors"]},
    "admin": {"first_name": "Morgan", "last_name": "Admin", "is_superuser": True},
}


def editors_group() -> Group:
    """Wagtail's Editors group (made by its migrations), or a new one that can use the admin."""
    group, created = Group.objects.get_or_create(name="Editors")
    if created:
        group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


def ensure_accounts() -> dict[str, User]:
    users = {}
    for username, details in ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": details["first_name"],
                "last_name": details["last_name"],
                "email": f"{username}@example.org",
                "is_staff": details.get("is_superuser", False) or bool(details.get("groups")),
                "is_superuser": details.get("is_superuser", False),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for name in details.get("groups", []):
            user.groups.add(editors_group() if name == "Editors" else Group.objects.get(name=name))
        users[username] = user
    team, _ = Team.objects.get_or_create(name="Community peer team")
    team.supervisors.add(users["supervisor"])
    team.members.add(users["learner"], users["refresher"])
    assign_demo_modules(team)
    observe_demo_role_plays(team, users["supervisor"], users["refresher"])
    return users


def assign_demo_modules(team: Team) -> None:
    """The team keeps the first three modules up to date; the third was due a fortnight ago,
    so the supervisor's dashboard shows every kind of standing but "expired"."""
    today = clock.today()
    due_dates = [today + timedelta(days=45), today + timedelta(days=45), today - timedelta(days=14)]
    for module, due_on in zip(CoursePage.objects.live().order_by("path")[:3], due_dates, strict=False):
        Assignment.objects.get_or_create(team=team, module=module, defaults={"due_on": due_on})


def observe_demo_role_plays(team: Team, supervisor: User, refresher: User) -> None:
    """The supervisor watched Alex in role-plays for the first two modules last month."""
    if Observation.objects.filter(member=refresher).exists():
        return
    observed_on = clock.today() - timedelta(days=30)
    notes = [
        (
            {
                "safety": 4,
                "trust_transparency": 3,
                "peer_support": 4,
                "collaboration": 3,
                "empowerment": 3,
                "cultural": 3,
            },
            "Slowed the conversation down as soon as the person's voice rose, and named what was happening.",
            "Offer a choice of where to sit before starting; ask before sharing your own story.",
        ),
        (
            {
                "safety": 3,
                "trust_transparency": 4,
                "peer_support": 3,
                "collaboration": 4,
                "empowerment": 4,
                "cultural": 3,
            },
            "Was honest about what you could and could not keep confidential, in plain words.",
            "Check the local reporting route again with me before the next duty week.",
        ),
    ]
    for module, (scores, strengths, next_steps) in zip(
        CoursePage.objects.live().order_by("path")[:2], notes, strict=False
    ):
        record_observation(
            team=team,
            member=refresher,
            observer=supervisor,
            module=module,
            observed_on=observed_on,
            scores=scores,
            strengths=strengths,
            next_steps=next_steps,
        )


def record_demo_progress(users: dict[str, User]) -> None:
    """Sam is partway through module 1. Alex completed modules 1-2 about eleven months ago, so
    those certificates are close to expiry; module 1 was Alex's renewal, and the certificate from
    the first time through (two years ago) is expired, in the history."""
    modules = list(CoursePage.objects.live().order_by("path"))
    if not modules:
        return
    learner, refresher = users["learner"], users["refresher"]
    first = modules[0]
    enrol(learner, first)
    for lesson in first.get_steps()[:2]:
        record_step_complete(learner, lesson, first)
    if ModuleCompletion.objects.filter(user=refresher).exists():
        return  # already recorded: loading the demo again changes nothing

    now = timezone.now()
    first_time, renewal = now - timedelta(days=700), now - timedelta(days=335)
    _take_module(refresher, first)
    _backdate(refresher, first, first_time)
    renew(refresher, first)
    for step in first.get_steps():  # the renewal, recorded directly: the activities were done before
        record_step_complete(refresher, step, first)
    _backdate(refresher, first, renewal, cycle=2)
    for module in modules[1:2]:
        _take_module(refresher, module)
        _backdate(refresher, module, renewal)
    if len(modules) > 2:
        enrol(refresher, modules[2])


def _take_module(user: User, module: CoursePage) -> None:
    for step in module.get_steps():
        if isinstance(step, QuizPage):
            pass_quiz(user, step)
        elif isinstance(step, ScenarioPage):
            play_to_recommended_ending(user, step)
        else:
            record_step_complete(user, step, module)


def _backdate(user: User, module: CoursePage, when, cycle: int = 1) -> None:
    """Move one cycle of a module's records, and its certificate, back to ``when``."""
    if cycle == 1:
        QuizAttempt.objects.filter(user=user, module=module).update(started_at=when, submitted_at=when)
        ScenarioRun.objects.filter(user=user, module=module).update(
            started_at=when, updated_at=when, ended_at=when
        )
    StepProgress.objects.filter(user=user, module=module, cycle=cycle).update(completed_at=when)
    ModuleCompletion.objects.filter(user=user, module=module, cycle=cycle).update(completed_at=when)
    expires = expires_on(when, module.validity_months)
    Certificate.objects.filter(user=user, completion__module=module, completion__cycle=cycle).update(
        issued_at=when, expires_on=expires
    )
