"""Supervisors reminding team members about modules that need action.

A reminder is recorded when the supervisor asks for it and emailed by a task after commit.
The same person is not reminded about the same module again within ``QUIET_DAYS``, so a
double click, or two supervisors of one team acting at once, sends one email.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from certificates.emails import absolute_url
from lms.compliance import team_matrix
from lms.models import Reminder, Team

QUIET_DAYS = 7


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
        ids = [reminder.pk for reminder in Reminder.objects.bulk_create(created)]
        transaction.on_commit(lambda: [send_reminder_email.enqueue(pk) for pk in ids])
    return ReminderOutcome(sent=len(created), people=len(people), skipped=skipped, no_email=len(unreachable))


def reminder_email_body(reminder: Reminder) -> tuple[str, str]:
    # The page's path on its own site, made absolute once: ``Page.url`` is already absolute
    # when there are several sites, and adding the base to it again doubled the host.
    parts = reminder.module.get_url_parts() if reminder.module else None
    sender = reminder.sent_by
    context = {
        "reminder": reminder,
        "name": reminder.user.get_short_name() or reminder.user.username,
        "supervisor": (sender.get_full_name() or sender.username) if sender else "",
        "module_url": absolute_url(parts[2] if parts else "/modules/"),
        "certificates_url": absolute_url(reverse("certificates")),
    }
    subject = " ".join(render_to_string("lms/email/reminder_subject.txt", context).split())
    return subject, render_to_string("lms/email/reminder.txt", context)


@task()
def send_reminder_email(reminder_id: int) -> bool:
    """Send one reminder, at most once: the send is claimed before the mail server is called."""
    claimed = Reminder.objects.filter(pk=reminder_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    reminder = Reminder.objects.select_related("user", "sent_by", "module").get(pk=reminder_id)
    if not reminder.user.email:
        return False
    subject, body = reminder_email_body(reminder)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.user.email])
    return True
