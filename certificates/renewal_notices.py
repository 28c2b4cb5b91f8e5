"""Emailing learners before a certificate expires, so renewal never comes as a surprise.

Run once a day (``manage.py send_renewal_notices``, e.g. from cron). A learner's newest
certificate of a module is noticed at two points before it expires: 60 days (when renewal
opens) and 14 days. A certificate first seen inside a later point gets only that notice, and
each notice is sent once however often the command runs. Learners can turn these emails off
on their certificates page. Revoked certificates, ones already replaced by a newer valid
certificate of the same module, and deactivated accounts are left alone.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from core import clock

from .emails import absolute_url
from .models import Certificate, RenewalEmailChoice, RenewalNotice
from .status import RENEWAL_WINDOW_DAYS

NOTICE_POINTS = (RENEWAL_WINDOW_DAYS, 14)  # days before expiry, furthest first
ORPHAN_AFTER = datetime.timedelta(hours=1)  # a recorded notice not taken on by then is queued again


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
    """Record each notice that is due on ``today`` (the organisation's, by default) and queue its
    email as soon as it is recorded; returns how many were new. Notices recorded by a run that
    died before queueing them are queued again."""
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
                    transaction.on_commit(partial(send_renewal_notice.enqueue, notice.pk))
        except IntegrityError:  # another run recorded it a moment ago
            continue
        due += created
    stale = timezone.now() - ORPHAN_AFTER
    for pk in RenewalNotice.objects.filter(handled_at__isnull=True, created_at__lt=stale).values_list(
        "pk", flat=True
    ):
        send_renewal_notice.enqueue(pk)  # the task claims each notice, so a second queueing sends nothing
    return due


def wants_renewal_emails(user) -> bool:
    choice = RenewalEmailChoice.objects.filter(user=user).first()
    return choice is None or choice.wants_emails


def set_renewal_emails(user, wanted: bool) -> None:
    RenewalEmailChoice.objects.update_or_create(user=user, defaults={"wants_emails": wanted})


@task()
def send_renewal_notice(notice_id: int) -> str:
    """Send one notice at most once: the task claims it before deciding, and records the outcome."""
    if not RenewalNotice.objects.filter(pk=notice_id, handled_at__isnull=True).update(
        handled_at=timezone.now()
    ):
        return "already handled"
    notice = RenewalNotice.objects.select_related("certificate__user").get(pk=notice_id)
    certificate, user = notice.certificate, notice.certificate.user
    if certificate.revoked_at is not None:
        outcome = "not sent: revoked"
    elif user is None or not user.is_active or not user.email:
        outcome = "not sent: no one to write to"
    elif not wants_renewal_emails(user):
        outcome = "not sent: emails turned off"
    else:
        context = {
            "name": user.get_short_name() or user.username,
            "certificate": certificate,
            "days_left": clock.days_until(certificate.expires_on),
            "certificates_url": absolute_url(reverse("certificates")),
        }
        subject = " ".join(render_to_string("certificates/email/renewal_subject.txt", context).split())
        send_mail(
            subject,
            render_to_string("certificates/email/renewal.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        outcome = "sent"
    RenewalNotice.objects.filter(pk=notice_id).update(outcome=outcome)
    return outcome
