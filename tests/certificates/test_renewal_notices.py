"""Emails before a certificate expires: at 60 and 14 days, each once, and never against a choice."""

import datetime
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate, RenewalNotice
from certificates.renewal_notices import notice_point, send_renewal_notices, set_renewal_emails

TODAY = datetime.date(2026, 11, 27)


@pytest.fixture
def expiring(certificates, fake_rendering):
    """Ada's certificate expires in 50 days, Bo's in 10, Cy's in 200."""
    for name, days in (("ada", 50), ("bo", 10), ("cy", 200)):
        Certificate.objects.filter(pk=certificates[name].pk).update(
            expires_on=TODAY + datetime.timedelta(days=days)
        )
    return certificates


def run(capture) -> int:
    with capture(execute=True):
        return send_renewal_notices(TODAY)


@pytest.mark.parametrize(
    ("days_left", "point"), [(61, None), (60, 60), (15, 60), (14, 14), (0, 14), (-1, None)]
)
def test_notice_point(days_left, point):
    assert notice_point(days_left) == point


def test_each_notice_goes_once_at_the_nearest_point(expiring, django_capture_on_commit_callbacks):
    assert run(django_capture_on_commit_callbacks) == 2
    assert sorted((n.certificate.user.first_name, n.days_before) for n in RenewalNotice.objects.all()) == [
        ("Ada", 60),
        ("Bo", 14),
    ]
    notices = [m for m in mail.outbox if "expires on" in m.subject]
    assert sorted(m.to[0] for m in notices) == sorted([expiring["ada"].user.email, expiring["bo"].user.email])
    assert "in 10 days" in next(m.body for m in notices if m.to == [expiring["bo"].user.email])
    assert run(django_capture_on_commit_callbacks) == 0  # the next day's run, or a second one
    assert len([m for m in mail.outbox if "expires on" in m.subject]) == 2


def test_the_email_is_kind_and_says_how_to_renew_and_stop(expiring, django_capture_on_commit_callbacks):
    run(django_capture_on_commit_callbacks)
    body = next(
        m.body for m in mail.outbox if m.to == [expiring["ada"].user.email] and "expires on" in m.subject
    )
    assert "/certificates/" in body and "own pace" in body and "turn these emails off" in body


def test_left_alone_when_revoked_replaced_or_turned_off(expiring, django_capture_on_commit_callbacks):
    Certificate.objects.filter(pk=expiring["ada"].pk).update(revoked_at=timezone.now())
    set_renewal_emails(expiring["bo"].user, False)
    run(django_capture_on_commit_callbacks)
    assert not RenewalNotice.objects.exists()

    set_renewal_emails(expiring["bo"].user, True)
    newer = Certificate.objects.get(pk=expiring["bo"].pk)
    newer.pk, newer.code, newer.issued_at, newer.completion = None, "GW-NEWER", timezone.now(), None
    newer.expires_on = TODAY + datetime.timedelta(days=365)
    newer.save()  # a newer certificate of the same module replaces the expiring one
    assert run(django_capture_on_commit_callbacks) == 0


def test_learner_turns_the_emails_off_and_on(learner_client, learner):
    url = reverse("renewal_emails")
    assert learner_client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    page = learner_client.post(url, {"wanted": "off"}, follow=True).content.decode()
    assert "No more emails before a certificate expires" in page and "Turn them back on" in page
    learner_client.post(url, {"wanted": "off"})  # the same choice again changes nothing
    assert learner.renewal_email_choice.wants_emails is False
    page = learner_client.post(url, {"wanted": "maybe"}, follow=True).content.decode()
    assert "nothing was changed" in page
    learner.renewal_email_choice.refresh_from_db()
    assert learner.renewal_email_choice.wants_emails is False
    learner_client.post(url, {"wanted": "on"})
    learner.renewal_email_choice.refresh_from_db()
    assert learner.renewal_email_choice.wants_emails is True
