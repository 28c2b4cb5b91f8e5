"""Password reset: throttled per address and per account, answered alike for any address, sent by
the worker through the outbox, and lifting the account's sign-in pause."""

import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outbox.models import OutgoingEmail
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a-Fresh-passphrase-for-43"
LIMIT = 5  # AXES_FAILURE_LIMIT
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def ask_for_link(client, email, **headers):
    return client.post(reverse("password_reset"), {"email": email}, **headers)


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_link__goes_through_the_outbox_as_one_email(client, learner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_for_link(client, learner.email)
    assert response["Location"] == reverse("password_reset_done")
    email = OutgoingEmail.objects.get()
    assert (email.kind, email.recipient, email.status) == (
        "password_reset",
        learner.email,
        OutgoingEmail.Status.SENT,
    )
    assert re.search(r"https?://[^/\s]+/accounts/reset/[^/\s]+/[^/\s]+/", email.body)
    assert [message.to for message in mail.outbox] == [[learner.email]]


@override_settings(TASKS=DUMMY_TASKS)
def test_known_and_unknown_addresses__get_the_same_answer_and_the_same_work(client, learner):
    """The request only queues the task: no lookup, no email, nothing that differs in it."""
    answers = []
    for email in (learner.email, "nobody-here@example.org"):
        with CaptureQueriesContext(connection) as queries:
            response = ask_for_link(client, email)
        answers.append((response.status_code, response["Location"], response.content, len(queries)))
    assert answers[0] == answers[1]
    assert not OutgoingEmail.objects.exists() and not mail.outbox


def test_an_unknown_address__sends_nothing(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_for_link(client, "nobody-here@example.org")
    assert response["Location"] == reverse("password_reset_done")
    assert not OutgoingEmail.objects.exists() and not mail.outbox


@override_settings(GROUNDWORK_THROTTLES={"password_reset": (3, 900), "password_reset_account": (10, 3600)})
def test_requests_are_throttled_per_address(client, db, django_capture_on_commit_callbacks):
    users = UserFactory.create_batch(4)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [ask_for_link(client, user.email).status_code for user in users]
    assert statuses == [HTTPStatus.FOUND] * 3 + [HTTPStatus.TOO_MANY_REQUESTS]
    assert sorted(OutgoingEmail.objects.values_list("recipient", flat=True)) == sorted(
        u.email for u in users[:3]
    )
    assert ask_for_link(client, users[-1].email, REMOTE_ADDR="198.51.100.7").status_code == HTTPStatus.FOUND


@override_settings(GROUNDWORK_THROTTLES={"password_reset": (10, 900), "password_reset_account": (2, 3600)})
def test_requests_are_throttled_per_account_across_addresses(
    client, learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            ask_for_link(
                client, learner.email.upper() if n % 2 else learner.email, REMOTE_ADDR=f"198.51.100.{n}"
            ).status_code
            for n in range(3)
        ]
    assert statuses == [HTTPStatus.FOUND] * 2 + [HTTPStatus.TOO_MANY_REQUESTS]
    assert OutgoingEmail.objects.count() == 2 and len(mail.outbox) == 2


@override_settings(GROUNDWORK_THROTTLES={"password_reset": (1, 900), "password_reset_account": (3, 3600)})
def test_a_throttled_request__gets_a_calm_page_and_sends_nothing(
    client, learner, django_capture_on_commit_callbacks
):
    ask_for_link(client, "someone-else@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_for_link(client, learner.email)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Please wait a little" in html and "15\xa0minutes" in html
    assert not OutgoingEmail.objects.exists() and not mail.outbox


def test_resetting_the_password__lifts_the_pause_at_once(client, learner, django_capture_on_commit_callbacks):
    """The lockout page's promise: a locked account that resets its password can sign in."""
    for _ in range(LIMIT):
        sign_in(client, learner.username, "wrong")
    assert sign_in(client, learner.username, PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS

    with django_capture_on_commit_callbacks(execute=True):
        ask_for_link(client, learner.email)
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link)  # Django swaps the token for a session key and redirects
    saved = client.post(form_page["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert saved["Location"] == reverse("password_reset_complete")

    assert sign_in(client, learner.username, NEW_PASSWORD).status_code == HTTPStatus.FOUND
    assert int(client.session["_auth_user_id"]) == learner.pk
