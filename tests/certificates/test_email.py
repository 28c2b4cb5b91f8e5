"""Issuing a certificate emails the learner once, after commit, through the outbox; a failed
send is retried and still ends in exactly one email."""

import datetime
import sys
import types
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.signals import task_enqueued

from certificates.emails import send_certificate_email
from certificates.models import Certificate, CertificateEvent
from courses.progress import record_step_complete
from outbox.delivery import MAX_ATTEMPTS, RETRY_DELAYS
from outbox.models import OutgoingEmail
from tests.factories import UserFactory, build_module


@pytest.fixture(autouse=True)
def no_pdf_rendering(monkeypatch):
    """Issuing also queues the PDF; these tests are about the email, so rendering does nothing."""
    try:
        import certificates.rendering as rendering
    except ImportError:  # rendering is written separately; stand in for it until it lands
        rendering = types.ModuleType("certificates.rendering")
        monkeypatch.setitem(sys.modules, "certificates.rendering", rendering)
    monkeypatch.setattr(
        rendering, "render_certificate", types.SimpleNamespace(enqueue=lambda *a: None), raising=False
    )


@pytest.fixture
def module(catalogue):
    return build_module(catalogue, lessons=2, title="Boundaries and duty of care", validity_months=12)


def complete(user, module_and_lessons, capture) -> Certificate:
    module, lessons = module_and_lessons
    with capture(execute=True):
        for lesson in lessons:
            record_step_complete(user, lesson, module)
    return Certificate.objects.get(user=user, module=module)


def emailed_events(certificate: Certificate):
    return CertificateEvent.objects.filter(certificate=certificate, kind=CertificateEvent.Kind.EMAILED)


@pytest.fixture
def flaky_mail_server(monkeypatch):
    """Refuses the first ``failures`` sends, then delivers; counts every attempt."""
    state = {"failures": 1, "attempts": 0}
    deliver = EmailBackend.send_messages

    def send_messages(self, messages):
        state["attempts"] += 1
        if state["attempts"] <= state["failures"]:
            raise SMTPException("421 try again later")
        return deliver(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return state


def test_completing_a_module__emails_the_learner_once_in_text_and_html(
    module, django_capture_on_commit_callbacks, settings
):
    """Both parts carry the name, module, expiry date and the absolute verification link."""
    settings.WAGTAILADMIN_BASE_URL = "https://learn.example.org/"
    user = UserFactory(first_name="Dee", last_name="O'Hara", email="dee@example.org")
    certificate = complete(user, module, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    link = f"https://learn.example.org/verify/{certificate.code}/"
    expiry = f"{certificate.expires_on.day} {certificate.expires_on:%B %Y}"
    assert message.to == ["dee@example.org"]
    assert message.subject == "Your certificate for Boundaries and duty of care"
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    for part in (message.body, html):
        assert link in part and expiry in part and "Boundaries and duty of care" in part
        assert "https://learn.example.org/certificates/" in part
    assert "Hello Dee O'Hara," in message.body  # plain text is not HTML-escaped
    assert "Hello Dee O&#x27;Hara," in html
    certificate.refresh_from_db()
    assert certificate.emailed_at is not None
    assert emailed_events(certificate).count() == 1


def test_the_task_running_again__sends_nothing_more(module, django_capture_on_commit_callbacks):
    """A duplicate enqueue, or a second worker, finds the send already claimed."""
    certificate = complete(UserFactory(), module, django_capture_on_commit_callbacks)
    first = send_certificate_email.enqueue(certificate.pk)
    second = send_certificate_email.enqueue(certificate.pk)

    assert first.return_value == second.return_value == "already sent"
    assert len(mail.outbox) == 1
    assert emailed_events(certificate).count() == 1


def test_a_failed_send__is_retried_and_ends_in_exactly_one_email(
    module, django_capture_on_commit_callbacks, flaky_mail_server
):
    """The first attempt fails and gives its claim back; the retry delivers once."""
    certificate = complete(UserFactory(), module, django_capture_on_commit_callbacks)

    assert flaky_mail_server["attempts"] == 2
    assert len(mail.outbox) == 1
    certificate.refresh_from_db()
    assert certificate.emailed_at is not None
    assert emailed_events(certificate).count() == 1
    assert send_certificate_email.enqueue(certificate.pk).return_value == "already sent"
    assert len(mail.outbox) == 1


def test_a_send_that_keeps_failing__stops_after_the_last_attempt_and_stays_unsent(
    module, django_capture_on_commit_callbacks, flaky_mail_server
):
    """No endless loop; the failure is recorded in the outbox, and a later run can still send it."""
    flaky_mail_server["failures"] = 100
    certificate = complete(UserFactory(), module, django_capture_on_commit_callbacks)

    assert flaky_mail_server["attempts"] == MAX_ATTEMPTS
    assert mail.outbox == []
    certificate.refresh_from_db()
    assert certificate.emailed_at is None
    assert not emailed_events(certificate).exists()
    email = OutgoingEmail.objects.get()
    assert email.status == "failed" and "421 try again later" in email.last_error

    flaky_mail_server["failures"] = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert send_certificate_email.enqueue(certificate.pk).return_value == "queued"
    assert len(mail.outbox) == 1
    certificate.refresh_from_db()
    assert certificate.emailed_at is not None and emailed_events(certificate).count() == 1


def test_retries__wait_when_the_backend_can_defer(
    module, django_capture_on_commit_callbacks, flaky_mail_server, monkeypatch
):
    """On a backend with run_after (the database backend) the retry is queued for later."""
    monkeypatch.setattr(ImmediateBackend, "supports_defer", True)  # it still runs at once
    enqueued = []

    def record(sender, task_result, **kwargs):
        if task_result.task.name == "deliver":
            enqueued.append(task_result.task.run_after)

    task_enqueued.connect(record)
    try:
        before = timezone.now()
        complete(UserFactory(), module, django_capture_on_commit_callbacks)
    finally:
        task_enqueued.disconnect(record)

    first_run_after, retry_run_after = enqueued
    assert first_run_after is None
    assert retry_run_after - before >= datetime.timedelta(seconds=RETRY_DELAYS[0])
    assert len(mail.outbox) == 1


def test_a_certificate_revoked_before_its_email_is_queued__gets_no_email(
    module, django_capture_on_commit_callbacks
):
    module_page, lessons = module
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        for lesson in lessons:
            record_step_complete(user, lesson, module_page)
    Certificate.objects.filter(user=user).update(revoked_at=timezone.now())
    for callback in after_commit:
        callback()

    assert mail.outbox == [] and not OutgoingEmail.objects.exists()


def test_a_learner_without_an_email_address__gets_no_email(module, django_capture_on_commit_callbacks):
    certificate = complete(UserFactory(email=""), module, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    certificate.refresh_from_db()
    assert certificate.emailed_at is None
    assert not emailed_events(certificate).exists()
