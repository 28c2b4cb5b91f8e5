"""Completing a module issues exactly one certificate, in the same transaction; renewing issues
a new one and keeps the old; status follows the calendar."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from certificates.codes import ALPHABET, BITS, new_code, normalise
from certificates.models import Certificate, CertificateEvent
from core.clock import add_months
from courses.models import CpdCategory, ModuleCompletion
from courses.progress import module_progress, record_step_complete, renew
from tests.factories import UserFactory, build_module


def complete(user, module, lessons):
    for lesson in lessons:
        state = record_step_complete(user, lesson, module)
    return state


@pytest.fixture
def ethics_module(catalogue):
    return build_module(
        catalogue, lessons=2, cpd_category=CpdCategory.ETHICS, cpd_hours=3, validity_months=12
    )


def test_codes_carry_80_bits_in_readable_groups():
    code = new_code()
    assert BITS >= 80 and len(ALPHABET) == 32
    assert normalise(code) == code
    assert not set("01IO") & set(code.removeprefix("GW-").replace("-", ""))
    assert len({new_code() for _ in range(2000)}) == 2000
    assert normalise(f" {code.lower()} ") == code
    for bad in ("", "GW-", "GW-0000-0000-0000-0000", "<script>", "GW-AAAA-AAAA-AAAA", "x" * 500):
        assert normalise(bad) is None


def test_completing_a_module_issues_one_certificate_with_what_a_board_reads(ethics_module):
    module, lessons = ethics_module
    user = UserFactory(first_name="Dee", last_name="Okafor")
    complete(user, module, lessons)
    record_step_complete(user, lessons[0], module)  # a repeat changes nothing
    certificate = Certificate.objects.get(user=user)
    completion = ModuleCompletion.objects.get(user=user)
    assert certificate.completion == completion
    assert certificate.learner_name == "Dee Okafor" and certificate.module_title == module.title
    assert (
        certificate.cpd_hours == 3
        and certificate.ethics_hours == 3
        and certificate.cpd_category_label == "Ethics"
    )
    assert certificate.expires_on == add_months(timezone.localdate(completion.completed_at), 12)
    assert certificate.revision_number == completion.revision_number
    assert list(CertificateEvent.objects.filter(certificate=certificate).values_list("kind", flat=True)) == [
        "issued"
    ]


def test_a_failure_while_issuing_rolls_back_the_completion(ethics_module, monkeypatch):
    module, lessons = ethics_module
    user = UserFactory()

    def broken(*args, **kwargs):
        raise RuntimeError("storage down")

    monkeypatch.setattr("certificates.issuing.Certificate.objects.create", broken)
    complete(user, module, lessons[:-1])
    with pytest.raises(RuntimeError), transaction.atomic():
        record_step_complete(user, lessons[-1], module)
    assert not ModuleCompletion.objects.filter(user=user).exists()
    assert not Certificate.objects.exists()


def test_renewing_issues_a_new_certificate_and_keeps_the_old(ethics_module):
    module, lessons = ethics_module
    user = UserFactory()
    complete(user, module, lessons)
    renew(user, module)
    renew(user, module)  # a double click starts one new cycle
    progress = module_progress(user, module)
    assert progress.cycle == 2 and progress.done == 0 and progress.completion is None
    complete(user, module, lessons)
    certificates = list(Certificate.objects.filter(user=user).order_by("issued_at"))
    assert len(certificates) == 2 and certificates[0].code != certificates[1].code
    assert ModuleCompletion.objects.filter(user=user).count() == 2


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2026, 5, 15), 12) == datetime.date(2027, 5, 15)


def test_status_moves_from_valid_to_due_to_expired_around_the_expiry_date(ethics_module):
    module, lessons = ethics_module
    user = UserFactory()
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC), tick=False):
        complete(user, module, lessons)
    certificate = Certificate.objects.get(user=user)
    assert certificate.expires_on == datetime.date(2027, 3, 10)
    checks = [
        (datetime.date(2026, 12, 1), "valid", False),
        (datetime.date(2027, 1, 9), "valid", True),
        (datetime.date(2027, 3, 10), "valid", True),
        (datetime.date(2027, 3, 11), "expired", False),
    ]
    for day, status, due in checks:
        assert (certificate.status_on(day), certificate.is_due(day)) == (status, due), day
    with time_machine.travel(datetime.datetime(2027, 3, 11, 9, tzinfo=datetime.UTC), tick=False):
        assert certificate.status == "expired" and certificate.can_renew()


def test_renewing_before_the_window_is_refused_with_a_message(client, ethics_module):
    module, lessons = ethics_module
    user = UserFactory()
    complete(user, module, lessons)
    client.force_login(user)
    response = client.post(reverse("renew_module", args=[module.pk]), follow=True)
    assert "not due for renewal yet" in response.content.decode()
    assert module_progress(user, module).cycle == 1


def test_a_renewal_starts_the_quiz_attempt_limit_afresh(catalogue):
    from assessments.quiz_attempts import eligibility, start_attempt, submit_attempt
    from tests.factories import QuizPageFactory

    module, lessons = build_module(catalogue, lessons=1, validity_months=12)
    quiz = QuizPageFactory(parent=module, max_attempts=1)
    user = UserFactory()
    record_step_complete(user, lessons[0], module)
    record_step_complete(user, quiz, module)  # as if passed
    submit_attempt(start_attempt(user, quiz).pk)
    attempts = list(quiz.attempts.filter(user=user))
    assert not eligibility(quiz, attempts, cycle=1).allowed
    renew(user, module)
    assert eligibility(quiz, attempts, cycle=2).allowed
    assert start_attempt(user, quiz).cycle == 2
