"""Emailing learners before a certificate expires, so renewal never comes as a surprise.

Run once a day (``manage.py send_renewal_notices``, e.g. from cron). A learner's newest
certificate of a module is noticed at two points before it expires: 60 days (when renewal
opens) and 14 days. A certificate first seen inside a later point gets only that notice, and
each notice is sent once however often the command runs. Learners can turn these emails off
on their certificates page. Revoked certificates, ones already replaced by a newer valid
certificate of the same module, and deactivated accounts are left alone.

A notice is recorded and its email handed to the outbox in one transaction, on the same day
that chose its point, so "in N days" is counted from that day. The outbox delivers it (once,
retried on failure) and tells ``record_outcome``, which keeps the notice's ``outcome`` true;
turning the emails off cancels the notices still waiting.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core import clock
from core.links import absolute_url
from outbox import delivery as outbox
from outbox.models import OutgoingEmail

from .models import Certificate, RenewalEmailChoice, RenewalNotice
from .validity import RENEWAL_WINDOW_DAYS

NOTICE_POINTS = (RENEWAL_WINDOW_DAYS, 14)  # days before expiry, furthest first
KIND = "renewal_notice"
TURNED_OFF = "emails turned off"


def notice_point(days_left: int) -> int | None:
    """The nearest notice point at or beyond ``days_left``: 50 days left → 60, 10 → 14."""
    reached = [point for point in NOTICE_POINTS if days_left <= point]
    return min(reached) if reached and days_left >= 0 else None


def certificates_to_notice(today: datetime.date):
    """Each active learner's newest unrevoked certificate of a module, expiring within the first
    notice point, unless they turned these emails off. (Newest by issue time, then by id.)"""
    opted_out = RenewalEmailChoice.objects.filter(user_id=OuterRef("user_id"), wants_emails=False)
    return (
        Certificate.objects.held()
        .newest_per_module()
        .filter(
            user__is_active=True,
            module__isnull=False,
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=max(NOTICE_POINTS)),
        )
        .exclude(Exists(opted_out))
        .select_related("user")
    )


def send_renewal_notices(today: datetime.date | None = None) -> int:
    """Record each notice that is due on ``today`` (the organisation's, by default) and hand its
    email to the outbox; returns how many were new. Notices recorded without an email (before
    there was an outbox) are handed over too."""
    today = today or clock.today()
    due = 0
    for certificate in certificates_to_notice(today):
        point = notice_point((certificate.expires_on - today).days)
        if point is None or not certificate.user.email:
            continue
        try:
            with transaction.atomic():
                notice, created = RenewalNotice.objects.get_or_create(
                    certificate=certificate, days_before=point
                )
                if created:
                    queue_email(notice, today)
        except IntegrityError:  # another run recorded it a moment ago
            continue
        due += created
    for notice in notices_without_email().select_related("certificate__user"):
        with transaction.atomic():
            decide_and_queue(notice, today)
    return due


def notices_without_email():
    """Notices with no outcome and no email in the outbox: recorded before the outbox existed."""
    email = OutgoingEmail.objects.filter(kind=KIND, key=Cast(OuterRef("pk"), CharField()))
    return RenewalNotice.objects.filter(outcome="").exclude(Exists(email))


def decide_and_queue(notice: RenewalNotice, today: datetime.date) -> None:
    """Queue the notice's email unless it is no longer wanted; then record why not."""
    certificate, user = notice.certificate, notice.certificate.user
    if certificate.revoked_at is not None:
        reason = "revoked"
    elif user is None or not user.is_active or not user.email:
        reason = "no one to write to"
    elif not wants_renewal_emails(user):
        reason = TURNED_OFF
    else:
        queue_email(notice, today)
        return
    RenewalNotice.objects.filter(pk=notice.pk).update(
        outcome=f"not sent: {reason}", handled_at=timezone.now()
    )


def queue_email(notice: RenewalNotice, today: datetime.date) -> None:
    certificate, user = notice.certificate, notice.certificate.user
    context = {
        "name": user.get_short_name() or user.username,
        "certificate": certificate,
        "days_left": clock.days_until(certificate.expires_on, since=today),
        "certificates_url": absolute_url(reverse("certificates")),
    }
    subject = " ".join(render_to_string("certificates/email/renewal_subject.txt", context).split())
    body = render_to_string("certificates/email/renewal.txt", context)
    outbox.send(KIND, user.email, subject, body, key=notice.pk, on_outcome=record_outcome)


def record_outcome(email: OutgoingEmail) -> None:
    """The email's outcome on its notice: sent, or why not."""
    if email.status == OutgoingEmail.Status.SENT:
        outcome = "sent"
    elif email.status == OutgoingEmail.Status.CANCELLED:
        outcome = f"not sent: {email.last_error}"
    else:
        outcome = "not sent: delivery failed"
    RenewalNotice.objects.filter(pk=int(email.key)).update(outcome=outcome[:40], handled_at=timezone.now())


def wants_renewal_emails(user) -> bool:
    choice = RenewalEmailChoice.objects.filter(user=user).first()
    return choice is None or choice.wants_emails


def set_renewal_emails(user, wanted: bool) -> None:
    """Record the learner's choice; turning the emails off also cancels the notices still waiting."""
    with transaction.atomic():
        RenewalEmailChoice.objects.update_or_create(user=user, defaults={"wants_emails": wanted})
        if not wanted:
            waiting = RenewalNotice.objects.filter(certificate__user=user, outcome="").values_list(
                "pk", flat=True
            )
            outbox.cancel(KIND, waiting, TURNED_OFF)
