"""Emails before a certificate expires: at 60 and 14 days, each once, and never against a choice."""

import datetime
from http import HTTPStatus
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate, RenewalNotice
from certificates.renewal_notices import notice_point, send_renewal_notices, set_renewal_emails

# The sending code reads the organisation's clock; the tests pin that clock, so "in 10 days" is
# counted from the same day whatever day the suite runs on.
PINNED_NOW = datetime.datetime(2026, 11, 27, 12, tzinfo=ZoneInfo("Europe/London"))
TODAY = PINNED_NOW.date()


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(PINNED_NOW, tick=False) as traveller:
        yield traveller


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
        return send_renewal_notices()


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


def test_days_left_are_counted_on_the_organisations_day(
    expiring, pinned_clock, django_capture_on_commit_callbacks
):
    """At 00:30 in London in summer it is already the next day there, though not in UTC."""
    pinned_clock.move_to(datetime.datetime(2026, 7, 1, 0, 30, tzinfo=ZoneInfo("Europe/London")))
    Certificate.objects.filter(pk=expiring["bo"].pk).update(expires_on=datetime.date(2026, 7, 11))
    run(django_capture_on_commit_callbacks)
    assert "in 10 days" in renewal_emails(expiring["bo"])[0].body


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


def test_deactivated_accounts_are_not_written_to(expiring, django_capture_on_commit_callbacks):
    type(expiring["ada"].user).objects.filter(pk=expiring["ada"].user_id).update(is_active=False)
    run(django_capture_on_commit_callbacks)
    assert [n.certificate.user.first_name for n in RenewalNotice.objects.all()] == ["Bo"]


def renewal_emails(certificate) -> list:
    return [m for m in mail.outbox if m.to == [certificate.user.email] and "expires" in m.subject]


def copy_of(certificate, **changes) -> Certificate:
    copy = Certificate.objects.get(pk=certificate.pk)
    copy.pk, copy.completion = None, None
    for field, value in {"code": f"GW-COPY-{certificate.pk}", **changes}.items():
        setattr(copy, field, value)
    copy.save()
    return copy


def test_one_notice_per_module_even_for_certificates_issued_the_same_second(
    expiring, django_capture_on_commit_callbacks
):
    copy_of(expiring["bo"])  # same issue time, same expiry
    run(django_capture_on_commit_callbacks)
    assert RenewalNotice.objects.filter(certificate__user=expiring["bo"].user).count() == 1


def test_a_revoked_newer_certificate_leaves_the_older_valid_one_noticed(
    expiring, django_capture_on_commit_callbacks
):
    copy_of(expiring["bo"], issued_at=timezone.now(), revoked_at=timezone.now())
    run(django_capture_on_commit_callbacks)
    assert (
        RenewalNotice.objects.get(certificate__user=expiring["bo"].user).certificate_id == expiring["bo"].pk
    )


def test_a_notice_recorded_but_never_queued_goes_on_the_next_run(
    expiring, django_capture_on_commit_callbacks
):
    """As a notice recorded before there was an outbox: it has no email yet."""
    orphan = RenewalNotice.objects.create(
        certificate=expiring["ada"], days_before=60, created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    run(django_capture_on_commit_callbacks)
    orphan.refresh_from_db()
    assert orphan.outcome == "sent" and orphan.handled_at is not None
    assert len(renewal_emails(expiring["ada"])) == 1


def test_a_notice_no_longer_wanted_is_recorded_as_not_sent(expiring, django_capture_on_commit_callbacks):
    """Turning the emails off cancels the notices still waiting in the outbox."""
    with django_capture_on_commit_callbacks(execute=False) as deliveries:  # recorded, not yet sent
        send_renewal_notices()
    set_renewal_emails(expiring["ada"].user, False)
    for deliver in deliveries:
        deliver()
    notice = RenewalNotice.objects.get(certificate=expiring["ada"])
    assert notice.outcome == "not sent: emails turned off" and notice.handled_at is not None
    assert not renewal_emails(expiring["ada"]) and len(renewal_emails(expiring["bo"])) == 1


def test_an_email_the_outbox_left_waiting_goes_with_the_next_daily_run(
    expiring, pinned_clock, django_capture_on_commit_callbacks
):
    """A delivery task lost (a worker gone, a queue emptied) is queued again by the daily command."""
    with django_capture_on_commit_callbacks(execute=False):  # recorded, the delivery task lost
        send_renewal_notices()
    assert not renewal_emails(expiring["ada"])
    pinned_clock.shift(datetime.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_renewal_notices", stdout=StringIO())
    assert len(renewal_emails(expiring["ada"])) == len(renewal_emails(expiring["bo"])) == 1
    assert set(RenewalNotice.objects.values_list("outcome", flat=True)) == {"sent"}


TITLE = 'Boundaries & ethics: Sam\'s "rules"'


def test_subject_keeps_the_title_as_written(expiring, django_capture_on_commit_callbacks):
    Certificate.objects.filter(pk=expiring["ada"].pk).update(module_title=TITLE)
    run(django_capture_on_commit_callbacks)
    subject = renewal_emails(expiring["ada"])[0].subject
    assert TITLE in subject
