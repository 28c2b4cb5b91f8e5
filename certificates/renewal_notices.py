"""Emailing learners before a certificate expires, so renewal never comes as a surprise.

Run once a day (``manage.py send_renewal_notices``, e.g. from cron). A learner's newest
certificate of a module is noticed at two points before it expires: 60 days (when renewal
opens) and 14 days. A certificate first seen inside a later point gets only that notice, and
each notice is sent once however often the command runs. Learners can turn these emails off
on their certificates page. Revoked certificates, and ones already replaced by a newer
certificate of the same module, are left alone.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from .models import Certificate, RenewalEmailChoice, RenewalNotice
from .status import RENEWAL_WINDOW_DAYS

NOTICE_POINTS = (RENEWAL_WINDOW_DAYS, 14)  # days before expiry, furthest first


def notice_point(days_left: int) -> int | None:
    """The nearest notice point at or beyond ``days_left``: 50 days left → 60, 10 → 14."""
    reached = [point for point in NOTICE_POINTS if days_left <= point]
    return min(reached) if reached and days_left >= 0 else None


def certificates_to_notice(today: datetime.date):
    """Newest, unrevoked certificates expiring within the first notice point, of learners who want emails."""
    newer = Certificate.objects.filter(
        user_id=OuterRef("user_id"), module_id=OuterRef("module_id"), issued_at__gt=OuterRef("issued_at")
    )
    opted_out = RenewalEmailChoice.objects.filter(user_id=OuterRef("user_id"), wants_emails=False)
    return (
        Certificate.objects.filter(
            revoked_at__isnull=True,
            user__isnull=False,
            module__isnull=False,
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=max(NOTICE_POINTS)),
        )
        .exclude(Exists(newer))
        .exclude(Exists(opted_out))
        .select_related("user")
    )


def send_renewal_notices(today: datetime.date) -> int:
    """Record each notice that is due and send it after commit; returns how many were due."""
    due = []
    for certificate in certificates_to_notice(today):
        point = notice_point((certificate.expires_on - today).days)
        if point is None or not certificate.user.email:
            continue
        try:
            with transaction.atomic():
                notice, created = RenewalNotice.objects.get_or_create(
                    certificate=certificate, days_before=point
                )
        except IntegrityError:  # another run recorded it a moment ago
            continue
        if created:
            due.append(notice.pk)
    transaction.on_commit(lambda: [send_renewal_notice.enqueue(pk) for pk in due])
    return len(due)


def wants_renewal_emails(user) -> bool:
    choice = RenewalEmailChoice.objects.filter(user=user).first()
    return choice is None or choice.wants_emails


def set_renewal_emails(user, wanted: bool) -> None:
    RenewalEmailChoice.objects.update_or_create(user=user, defaults={"wants_emails": wanted})


@task()
def send_renewal_notice(notice_id: int) -> str:
    """Send one notice at most once: the send is claimed before the mail server is called."""
    if not RenewalNotice.objects.filter(pk=notice_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    ):
        return "already sent"
    notice = RenewalNotice.objects.select_related("certificate__user").get(pk=notice_id)
    certificate = notice.certificate
    if certificate.revoked_at is not None or not wants_renewal_emails(certificate.user):
        return "no longer wanted"
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "name": certificate.user.get_short_name() or certificate.user.username,
        "certificate": certificate,
        "days_left": (certificate.expires_on - timezone.localdate()).days,
        "certificates_url": base + reverse("certificates"),
    }
    subject = " ".join(render_to_string("certificates/email/renewal_subject.txt", context).split())
    body = render_to_string("certificates/email/renewal.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [certificate.user.email])
    return "sent"
