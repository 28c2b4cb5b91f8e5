"""Credential rules: checked in the admin, and the learner's progress and forecast on the CPD page."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import Certificate
from courses.models import CpdCategory
from courses.progress import complete_module
from ledger.models import Credential, ExternalActivity, HeldCredential
from ledger.progress import credential_progress
from tests.factories import UserFactory, build_module
from tests.ledger.factories import credential, external_activity


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0), tick=False):
        yield


@pytest.fixture
def dee(db):
    return UserFactory(username="dee", first_name="Dee", last_name="Okafor")


def test_progress__says_what_is_short_before_the_renewal_date_with_modules_to_close_it(
    client, dee, catalogue
):
    build_module(
        catalogue,
        lessons=1,
        title="Ethics refresher",
        cpd_hours=Decimal("1.5"),
        cpd_category=CpdCategory.ETHICS,
    )
    wellbeing, _ = build_module(
        catalogue, lessons=1, title="Staying well", cpd_hours=Decimal("3"), cpd_category=CpdCategory.WELLBEING
    )
    complete_module(dee, wellbeing)
    rule = credential(total="20", minimums={"ethics": "6"})
    HeldCredential.objects.create(user=dee, credential=rule, renewal_on=datetime.date(2027, 3, 31))
    activity = external_activity(dee, hours="1.5", category="ethics", ethics_hours="1.5", status="approved")
    assert activity.status == "approved"

    (progress,) = credential_progress(dee)
    assert progress.period.start == datetime.date(2025, 3, 31) and progress.period.end == datetime.date(
        2027, 3, 30
    )
    total, ethics = progress.requirements
    assert (total.earned, ethics.earned) == (Decimal("4.5"), Decimal("1.5"))
    sentences = [forecast.sentence for forecast in progress.forecasts]
    assert sentences == [
        "You need 15.5 more CPD hours before 31 March 2027.",
        "You need 4.5 more ethics hours before 31 March 2027.",
    ]
    assert [m.title for m in progress.forecasts[1].modules] == ["Ethics refresher"]
    assert "Staying well" not in [m.title for m in progress.forecasts[0].modules]  # counted already

    client.force_login(dee)
    html = client.get(reverse("cpd_record")).content.decode()
    assert "You need 4.5 more ethics hours before 31 March 2027." in html
    assert '<svg class="bar" role="img"' in html and "<title>Ethics: 25% of the hours needed</title>" in html
    assert "1.5 of 6.0 hours" in html and "4.5 to go" in html  # in words, not only drawn
    assert "Ethics refresher" in html


def test_progress__a_module_and_its_renewal_count_once_unless_the_rule_says_repeats_count(dee, catalogue):
    module, _ = build_module(
        catalogue,
        lessons=1,
        title="Trauma-informed care",
        cpd_hours=Decimal("3"),
        cpd_category=CpdCategory.TRAUMA_INFORMED,
    )
    complete_module(dee, module)
    complete_module(dee, module, cycle=2)
    assert Certificate.objects.filter(user=dee).count() == 2
    once = credential(name="Once", total="10", minimums={"trauma_informed": "5"})
    again = credential(name="Again", total="10", minimums={"trauma_informed": "5"}, repeats_count=True)
    for rule in (once, again):
        HeldCredential.objects.create(user=dee, credential=rule, renewal_on=datetime.date(2027, 6, 1))
    by_name = {p.held.credential.name: p for p in credential_progress(dee)}
    assert by_name["Once"].requirements[1].earned == Decimal(3)
    assert by_name["Again"].requirements[1].earned == Decimal(6)
    assert [e.counted for e in by_name["Once"].record.entries] == [True, False]  # both listed


def add_activities(dee, count: int, evidence_name: str, offset: int = 0) -> None:
    ExternalActivity.objects.bulk_create(
        [
            ExternalActivity(
                user=dee,
                title=f"Workshop {n}",
                provider="Elsewhere",
                done_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300),
                hours=Decimal(1),
                category="wellbeing",
                evidence=evidence_name,
                evidence_type="application/pdf",
                status="approved" if n % 2 else "pending",
            )
            for n in range(offset, offset + count)
        ]
    )
    for n in range(offset // 10, (offset + count) // 10):
        Certificate.objects.create(
            user=dee,
            code=f"GW-TEST-{n:04d}",
            learner_name="Dee",
            module_title=f"Module {n}",
            cpd_hours=1,
            cpd_category="ethics",
            cpd_category_label="Ethics",
            ethics_hours=1,
            delivery_format="Online",
            provider="Groundwork",
        )


def test_cpd_page__queries_stay_the_same_for_10_or_500_activities(
    client, dee, catalogue, django_assert_max_num_queries
):
    """Two credentials held; 10 activities, then 500: the same number of queries."""
    HeldCredential.objects.create(user=dee, credential=credential(), renewal_on=datetime.date(2027, 3, 31))
    HeldCredential.objects.create(
        user=dee,
        credential=credential(name="Other", minimums={"wellbeing": "2"}),
        renewal_on=datetime.date(2027, 1, 31),
    )
    first = external_activity(dee, status="approved")
    add_activities(dee, 9, first.evidence.name)
    client.force_login(dee)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("cpd_record")).status_code == 200
    add_activities(dee, 490, first.evidence.name, offset=9)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("cpd_record"))
    assert response.content.decode().count("Workshop ") >= 400


def admin_form_data(**changes) -> dict:
    data = {
        "name": "Test credential",
        "awarding_body": "A board",
        "period_months": "24",
        "total_hours": "20",
        "source": "",
        "source_url": "",
        "requirements-TOTAL_FORMS": "2",
        "requirements-INITIAL_FORMS": "0",
        "requirements-MIN_NUM_FORMS": "0",
        "requirements-MAX_NUM_FORMS": "1000",
        "requirements-0-category": "ethics",
        "requirements-0-hours": "12",
        "requirements-0-ORDER": "1",
        "requirements-1-category": "wellbeing",
        "requirements-1-hours": "12",
        "requirements-1-ORDER": "2",
    }
    data.update(changes)
    return data


def test_admin__refuses_category_minimums_above_the_total(client, db):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    url = reverse("wagtailsnippets_ledger_credential:add")
    refused = client.post(url, admin_form_data())
    assert refused.status_code == 200
    assert "add up to 24.0 hours, more than the total of 20.0" in refused.content.decode()
    assert not Credential.objects.exists()
    accepted = client.post(url, admin_form_data(**{"requirements-1-hours": "2"}))
    assert accepted.status_code == 302
    assert Credential.objects.get().requirements.count() == 2


def test_held_credential__added_by_the_learner_and_removed_only_by_them(client, dee):
    rule = credential()
    client.force_login(dee)
    client.post(reverse("cpd_add_credential"), {"credential": rule.pk, "renewal_on": "2027-03-31"})
    held = HeldCredential.objects.get(user=dee)
    client.force_login(UserFactory(username="alex"))
    assert client.post(reverse("cpd_remove_credential", args=[held.pk])).status_code == 404
    client.force_login(dee)
    client.post(reverse("cpd_remove_credential", args=[held.pk]))
    assert not HeldCredential.objects.exists()


def test_held_credential__a_bad_renewal_date_is_refused(client, dee):
    rule = credential()
    client.force_login(dee)
    response = client.post(reverse("cpd_add_credential"), {"credential": rule.pk, "renewal_on": "2099-01-01"})
    assert response.status_code == 400 and "within the next ten years" in response.content.decode()
    assert not HeldCredential.objects.exists()
