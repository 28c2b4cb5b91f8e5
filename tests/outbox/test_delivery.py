"""The outbox: each email recorded once, delivered at most once, retried, and its outcome told."""

import datetime
from io import StringIO
from smtplib import SMTPException

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from outbox.delivery import MAX_ATTEMPTS, cancel, deliver, send, sweep
from outbox.models import OutgoingEmail

told: list[tuple[str, str]] = []  # outcomes handed to ``remember``, reset for each test


def remember(email: OutgoingEmail) -> None:
    told.append((email.key, email.status))


def broken_handler(email: OutgoingEmail) -> None:
    raise RuntimeError("the sender's records are unreachable")


@pytest.fixture(autouse=True)
def fresh_outcomes(db):
    told.clear()


@pytest.fixture
def mail_server(monkeypatch):
    """Refuses the first ``failures`` sends, then delivers; counts every attempt."""
    state = {"failures": 0, "attempts": 0, "during_send": None}
    deliver_messages = EmailBackend.send_messages

    def send_messages(self, messages):
        state["attempts"] += 1
        if state["during_send"]:
            state["during_send"]()
        if state["attempts"] <= state["failures"]:
            raise SMTPException("421 try again later")
        return deliver_messages(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return state


def queue(capture, key="1", **extra) -> OutgoingEmail:
    with capture(execute=True):
        email = send("test", "sam@example.org", "Hello", "Plain words", key=key, on_outcome=remember, **extra)
    email.refresh_from_db()
    return email


def test_send__delivers_once_in_text_and_html_and_tells_the_sender(
    django_capture_on_commit_callbacks, mail_server
):
    email = queue(django_capture_on_commit_callbacks, html="<p>Plain words</p>")

    assert (email.status, email.attempts, email.sent_at is not None) == ("sent", 1, True)
    (message,) = mail.outbox
    assert message.to == ["sam@example.org"] and message.subject == "Hello" and message.body == "Plain words"
    assert message.alternatives[0][0] == "<p>Plain words</p>"
    assert told == [("1", "sent")]


def test_the_same_key_twice__makes_one_email(django_capture_on_commit_callbacks, mail_server):
    """A double click or a duplicate enqueue finds the email already recorded."""
    first = queue(django_capture_on_commit_callbacks)
    second = queue(django_capture_on_commit_callbacks)
    other = queue(django_capture_on_commit_callbacks, key="2")

    assert first.pk == second.pk != other.pk
    assert OutgoingEmail.objects.count() == 2 and len(mail.outbox) == 2


def test_a_second_delivery_while_the_first_is_sending__sends_nothing(
    django_capture_on_commit_callbacks, mail_server
):
    """Two workers, or a duplicate enqueue: the second finds the claim and leaves it."""
    second = []
    mail_server["during_send"] = lambda: second.append(deliver.call(OutgoingEmail.objects.get().pk))
    email = queue(django_capture_on_commit_callbacks)

    assert second == ["already sending"]
    assert deliver.call(email.pk) == "already sent"
    assert len(mail.outbox) == 1 and email.attempts == 1


def test_a_failed_attempt__is_retried_and_ends_in_one_email(django_capture_on_commit_callbacks, mail_server):
    mail_server["failures"] = 2
    email = queue(django_capture_on_commit_callbacks)

    assert mail_server["attempts"] == 3 and len(mail.outbox) == 1
    assert (email.status, email.attempts, email.last_error) == ("sent", 3, "")
    assert told == [("1", "sent")]  # told once, of the final outcome only


def test_a_send_that_keeps_failing__gives_up_after_the_last_attempt_and_records_why(
    django_capture_on_commit_callbacks, mail_server
):
    mail_server["failures"] = 100
    email = queue(django_capture_on_commit_callbacks)

    assert mail_server["attempts"] == MAX_ATTEMPTS and mail.outbox == []
    assert (email.status, email.attempts) == ("failed", MAX_ATTEMPTS)
    assert email.last_error == "SMTPException: 421 try again later"
    assert told == [("1", "failed")]
    assert deliver.call(email.pk) == "already failed"

    mail_server["failures"] = 0  # sending it again after a failure tries again, with the new content
    with django_capture_on_commit_callbacks(execute=True):
        send("test", "sam@example.org", "Hello again", "Plain words", key="1")
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)
    assert [m.subject for m in mail.outbox] == ["Hello again"]


def test_the_sweep__queues_again_a_claim_left_by_a_dead_worker(
    django_capture_on_commit_callbacks, mail_server
):
    stale = timezone.now() - datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=False):  # the worker took it and died
        email = send("test", "sam@example.org", "Hello", "Plain words", key="1", on_outcome=remember)
    OutgoingEmail.objects.filter(pk=email.pk).update(status="sending", attempts=1, claimed_at=stale)
    fresh = OutgoingEmail.objects.create(
        kind="test", key="2", recipient="bo@example.org", subject="Hi", body="Words", status="sending",
        attempts=1, claimed_at=timezone.now() - datetime.timedelta(minutes=5),
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep() == 1

    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2) and len(mail.outbox) == 1
    assert OutgoingEmail.objects.get(pk=fresh.pk).status == "sending"  # a live worker's claim stands


def test_the_sweep__queues_again_an_email_whose_delivery_task_was_lost(
    django_capture_on_commit_callbacks, mail_server
):
    with django_capture_on_commit_callbacks(execute=False):
        email = send("test", "sam@example.org", "Hello", "Plain words", key="1")
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep() == 0  # just queued: its task is on its way
    later = timezone.now() + datetime.timedelta(hours=2)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_outbox", stdout=StringIO())
    email.refresh_from_db()
    assert email.status == "sent" and len(mail.outbox) == 1


def test_the_sweep__records_a_failure_when_the_worker_died_on_the_last_attempt(
    django_capture_on_commit_callbacks,
):
    email = OutgoingEmail.objects.create(
        kind="test", key="1", recipient="sam@example.org", subject="Hi", body="Words", status="sending",
        attempts=MAX_ATTEMPTS, claimed_at=timezone.now() - datetime.timedelta(hours=2),
        on_outcome="tests.outbox.test_delivery.remember",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep() == 0
    email.refresh_from_db()
    assert email.status == "failed" and "worker stopped" in email.last_error
    assert told == [("1", "failed")] and mail.outbox == []


def test_cancel__stops_a_queued_email_and_tells_the_sender(django_capture_on_commit_callbacks, mail_server):
    with django_capture_on_commit_callbacks(execute=False) as deliveries:
        email = send("test", "sam@example.org", "Hello", "Plain words", key="1", on_outcome=remember)
    assert cancel("test", ["1", "2"], "no longer wanted") == 1
    for delivery in deliveries:
        delivery()

    email.refresh_from_db()
    assert (email.status, email.last_error) == ("cancelled", "no longer wanted")
    assert told == [("1", "cancelled")] and mail.outbox == [] and mail_server["attempts"] == 0
    assert cancel("test", ["1"], "again") == 0


def test_a_failing_outcome_handler__never_undoes_a_sent_email(
    django_capture_on_commit_callbacks, mail_server
):
    with django_capture_on_commit_callbacks(execute=True):
        email = send("test", "sam@example.org", "Hello", "Plain words", key="1", on_outcome=broken_handler)
    email.refresh_from_db()
    assert email.status == "sent" and len(mail.outbox) == 1


def test_send__refuses_what_a_worker_could_not_use():
    with pytest.raises(ValueError, match="module-level"):
        send("test", "sam@example.org", "Hello", "Words", key="1", on_outcome=lambda email: None)
    with pytest.raises(ValueError, match="recipient"):
        send("test", "", "Hello", "Words", key="1")
    assert not OutgoingEmail.objects.exists()
