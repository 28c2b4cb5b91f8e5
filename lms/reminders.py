"""Supervisors reminding team members about modules that need action.

A reminder is recorded when the supervisor asks for it, and its email is rendered and handed
to the outbox in the same transaction (``outbox.delivery``: delivered after commit, at most
once, retried on failure); ``Reminder.emailed_at`` is stamped when it has gone. Each person
gets one email listing every module that needs them (never one they are already renewing), and
is not reminded about the same module again within ``QUIET_DAYS``, so a double click, or two
supervisors of one team acting at once, sends one email. The supervisor can preview the emails.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.links import absolute_url, page_url
from lms.compliance import team_matrix
from lms.models import Reminder, Team
from outbox import delivery as outbox
from outbox.models import OutgoingEmail

QUIET_DAYS = 7
KIND = "reminder"


@dataclass(frozen=True)
class ReminderOutcome:
    sent: int  # modules reminded about
    people: int  # emails: one per person
    skipped: int  # reminded within QUIET_DAYS already
    no_email: int = 0  # people who need to act but have no email address to remind them at


@dataclass
class Digest:
    """One person's reminder: every module of the team that needs them, in one email."""

    member: object
    items: list = field(default_factory=list)  # (assignment, cell)


@dataclass
class ReminderPlan:
    digests: list[Digest]
    skipped: int
    unreachable: set


def plan_reminders(team: Team, today: datetime.date) -> ReminderPlan:
    """Who would be reminded about what, without sending: the supervisor's preview and the run.

    A module the person is already renewing (they started its next cycle) is never in it, nor one
    they were reminded about within QUIET_DAYS."""
    quiet_since = timezone.now() - datetime.timedelta(days=QUIET_DAYS)
    digests: dict[int, Digest] = {}
    skipped, unreachable = 0, set()
    for member, assignment, cell in team_matrix(team, today).pairs():
        if not cell.needs_action or cell.renewing:
            continue
        if not member.email:
            unreachable.add(member.pk)
            continue
        if cell.last_reminded is not None and cell.last_reminded >= quiet_since:
            skipped += 1
            continue
        digests.setdefault(member.pk, Digest(member)).items.append((assignment, cell))
    return ReminderPlan(list(digests.values()), skipped, unreachable)


def remind_team(team: Team, supervisor, today: datetime.date) -> ReminderOutcome:
    """Send each member who needs to act one email listing every module that needs them.

    On PostgreSQL the team row lock makes a second run wait and then find the reminders the
    first made; SQLite gets the same by starting every transaction with the write lock
    (``transaction_mode: IMMEDIATE`` in the settings).
    """
    with transaction.atomic():
        Team.objects.select_for_update().filter(pk=team.pk).first()  # one reminder run at a time
        plan = plan_reminders(team, today)
        now, sent = timezone.now(), 0
        for digest in plan.digests:
            reminders = Reminder.objects.bulk_create(
                [
                    Reminder(
                        team=team,
                        user=digest.member,
                        module=assignment.module,
                        module_title=assignment.module.title,
                        standing=cell.standing,
                        standing_date=cell.date,
                        sent_by=supervisor,
                        created_at=now,  # one digest: its reminders share the moment
                    )
                    for assignment, cell in digest.items
                ]
            )
            sent += len(reminders)
            subject, body = digest_email(reminders)
            first = min(r.pk for r in reminders)
            outbox.send(KIND, digest.member.email, subject, body, key=first, on_outcome=record_outcome)
    return ReminderOutcome(
        sent=sent, people=len(plan.digests), skipped=plan.skipped, no_email=len(plan.unreachable)
    )


def digest_context(member, reminders: list, supervisor) -> dict:
    return {
        "name": member.get_short_name() or member.get_username(),
        "supervisor": (supervisor.get_full_name() or supervisor.get_username()) if supervisor else "",
        "items": [{"reminder": r, "module_url": module_url(r.module)} for r in reminders],
        "certificates_url": absolute_url(reverse("certificates")),
    }


def digest_email(reminders: list) -> tuple[str, str]:
    """The subject and body of one person's reminder, listing each module in ``reminders``."""
    context = digest_context(reminders[0].user, reminders, reminders[0].sent_by)
    subject = " ".join(render_to_string("lms/email/reminder_subject.txt", context).split())
    return subject, render_to_string("lms/email/reminder.txt", context)


def reminder_email_body(reminder: Reminder) -> tuple[str, str]:
    """One reminder's email on its own (the digest of one module)."""
    return digest_email([reminder])


def preview(team: Team, supervisor, today: datetime.date) -> list[tuple[object, str, str]]:
    """(member, subject, body) for each email a run would send now; nothing is saved."""
    plan = plan_reminders(team, today)
    emails = []
    for digest in plan.digests:
        unsaved = [
            Reminder(
                team=team,
                user=digest.member,
                module=assignment.module,
                module_title=assignment.module.title,
                standing=cell.standing,
                standing_date=cell.date,
                sent_by=supervisor,
            )
            for assignment, cell in digest.items
        ]
        emails.append((digest.member, *digest_email(unsaved)))
    return emails


def module_url(module) -> str:
    """The module's page on its own site, or the catalogue when the page is gone or unpublished."""
    try:
        return page_url(module) if module else absolute_url("/modules/")
    except ValueError:
        return absolute_url("/modules/")


def record_outcome(email: OutgoingEmail) -> None:
    """When a digest has gone, say so on each of its reminders (keyed by the first of them)."""
    if email.status != OutgoingEmail.Status.SENT:
        return
    first = Reminder.objects.filter(pk=int(email.key)).values("user_id", "team_id", "created_at").first()
    if first is not None:
        Reminder.objects.filter(**first, emailed_at__isnull=True).update(emailed_at=email.sent_at)
