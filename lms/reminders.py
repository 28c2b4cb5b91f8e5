"""Supervisors reminding team members about modules that need action.

A reminder is recorded when the supervisor asks for it, and its email is rendered and handed
to the outbox in the same transaction (``outbox.delivery``: delivered after commit, at most
once, retried on failure); ``Reminder.emailed_at`` is stamped when it has gone. The same
person is not reminded about the same module again within ``QUIET_DAYS``, so a double click,
or two supervisors of one team acting at once, sends one email.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

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
    sent: int
    people: int
    skipped: int  # reminded within QUIET_DAYS already
    no_email: int = 0  # people who need to act but have no email address to remind them at


def remind_team(team: Team, supervisor, today: datetime.date) -> ReminderOutcome:
    """Remind each member about each required module that is overdue, expired or due.

    On PostgreSQL the team row lock makes a second run wait and then find the reminders the
    first made; SQLite gets the same by starting every transaction with the write lock
    (``transaction_mode: IMMEDIATE`` in the settings).
    """
    with transaction.atomic():
        Team.objects.select_for_update().filter(pk=team.pk).first()  # one reminder run at a time
        quiet_since = timezone.now() - datetime.timedelta(days=QUIET_DAYS)
        created, skipped, people, unreachable = [], 0, set(), set()
        for member, assignment, cell in team_matrix(team, today).pairs():
            if not cell.needs_action:
                continue
            if not member.email:
                unreachable.add(member.pk)
                continue
            if cell.last_reminded is not None and cell.last_reminded >= quiet_since:
                skipped += 1
                continue
            created.append(
                Reminder(
                    team=team,
                    user=member,
                    module=assignment.module,
                    module_title=assignment.module.title,
                    standing=cell.standing,
                    standing_date=cell.date,
                    sent_by=supervisor,
                )
            )
            people.add(member.pk)
        for reminder in Reminder.objects.bulk_create(created):
            subject, body = reminder_email_body(reminder)
            outbox.send(KIND, reminder.user.email, subject, body, key=reminder.pk, on_outcome=record_outcome)
    return ReminderOutcome(sent=len(created), people=len(people), skipped=skipped, no_email=len(unreachable))


def reminder_email_body(reminder: Reminder) -> tuple[str, str]:
    sender = reminder.sent_by
    context = {
        "reminder": reminder,
        "name": reminder.user.get_short_name() or reminder.user.username,
        "supervisor": (sender.get_full_name() or sender.username) if sender else "",
        "module_url": module_url(reminder.module),
        "certificates_url": absolute_url(reverse("certificates")),
    }
    subject = " ".join(render_to_string("lms/email/reminder_subject.txt", context).split())
    return subject, render_to_string("lms/email/reminder.txt", context)


def module_url(module) -> str:
    """The module's page on its own site, or the catalogue when the page is gone or unpublished."""
    try:
        return page_url(module) if module else absolute_url("/modules/")
    except ValueError:
        return absolute_url("/modules/")


def record_outcome(email: OutgoingEmail) -> None:
    """When the reminder's email has gone, say so on the reminder."""
    if email.status == OutgoingEmail.Status.SENT:
        Reminder.objects.filter(pk=int(email.key), emailed_at__isnull=True).update(emailed_at=email.sent_at)
