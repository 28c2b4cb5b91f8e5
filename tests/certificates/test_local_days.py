"""Every "on" date in certificates is the organisation's calendar day (Europe/London in the
settings), not UTC's: around midnight in summer time and around the clocks changing, a
certificate belongs to the London day it was issued on, in CPD periods, ZIP date filters,
the PDF's issue date and its expiry."""

from __future__ import annotations

import datetime

import pytest

from certificates.cpd import Period, cpd_record
from certificates.exports import module_certificates
from certificates.models import Certificate
from certificates.rendering import context_for

UTC = datetime.UTC
pytestmark = pytest.mark.usefixtures("fake_rendering")

# (instant in UTC, the London day it falls on)
MOMENTS = [
    (datetime.datetime(2025, 6, 30, 23, 30, tzinfo=UTC), datetime.date(2025, 7, 1)),  # 00:30 BST
    (datetime.datetime(2025, 7, 1, 22, 59, tzinfo=UTC), datetime.date(2025, 7, 1)),  # 23:59 BST
    (datetime.datetime(2025, 3, 30, 0, 30, tzinfo=UTC), datetime.date(2025, 3, 30)),  # before spring forward
    (datetime.datetime(2025, 3, 30, 23, 30, tzinfo=UTC), datetime.date(2025, 3, 31)),  # first BST night
    (
        datetime.datetime(2025, 10, 25, 23, 30, tzinfo=UTC),
        datetime.date(2025, 10, 26),
    ),  # 00:30 BST, clocks go back
    (datetime.datetime(2025, 10, 26, 23, 30, tzinfo=UTC), datetime.date(2025, 10, 26)),  # 23:30 GMT
]


def issued_at(certificate: Certificate, moment: datetime.datetime) -> Certificate:
    Certificate.objects.filter(pk=certificate.pk).update(issued_at=moment)
    certificate.refresh_from_db()
    return certificate


@pytest.mark.parametrize(("moment", "day"), MOMENTS)
def test_a_certificate_counts_in_the_cpd_period_of_its_london_day(certificates, moment, day):
    ada = issued_at(certificates["ada"], moment)
    one_day = datetime.timedelta(days=1)

    (entry,) = cpd_record(ada.user, Period(day, day)).entries
    assert entry.issued_on == day and entry.code == ada.code
    assert cpd_record(ada.user, Period(day - 10 * one_day, day - one_day)).entries == []
    assert cpd_record(ada.user, Period(day + one_day, day + 10 * one_day)).entries == []


@pytest.mark.parametrize(("moment", "day"), MOMENTS)
def test_the_zip_date_filter_uses_london_days(certificates, moment, day):
    ada = issued_at(certificates["ada"], moment)
    module_id = ada.module_id
    one_day = datetime.timedelta(days=1)

    assert ada in module_certificates(module_id, day, day)
    assert ada in module_certificates(module_id, issued_from=day)
    assert ada in module_certificates(module_id, issued_to=day)
    assert ada not in module_certificates(module_id, issued_to=day - one_day)
    assert ada not in module_certificates(module_id, issued_from=day + one_day)


@pytest.mark.parametrize(("moment", "day"), MOMENTS)
def test_the_pdf_prints_the_london_issue_and_revocation_day(certificates, moment, day):
    ada = issued_at(certificates["ada"], moment)
    Certificate.objects.filter(pk=ada.pk).update(revoked_at=moment)
    ada.refresh_from_db()
    context = context_for(ada, writes=False)
    assert context["issued_on"] == day
    assert context["revoked_on"] == day


def test_a_revoked_certificate_leaves_the_cpd_record(certificates):
    ada = certificates["ada"]
    day = ada.issued_at.date()
    period = Period(day - datetime.timedelta(days=1), day + datetime.timedelta(days=1))
    assert [entry.code for entry in cpd_record(ada.user, period).entries] == [ada.code]
    Certificate.objects.filter(pk=ada.pk).update(revoked_at=ada.issued_at)
    assert cpd_record(ada.user, period).entries == []
