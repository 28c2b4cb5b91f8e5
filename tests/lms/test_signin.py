"""Sign-in that stops password spraying: the pause per address and per account, the trusted
proxy's address, and what lifts a pause."""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse

from core.client import client_address, client_ip
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a-Fresh-passphrase-for-43"
LIMIT = 5  # AXES_FAILURE_LIMIT


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def sign_in(client, username, password, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def test_one_address_spraying_one_password__is_stopped_after_the_limit(client, db):
    """One address, one password, 20 accounts: the failure that reaches the limit pauses the
    address, and every try after it is refused, even with a right password."""
    accounts = UserFactory.create_batch(20)
    statuses = [sign_in(client, user.username, "Summer2026!").status_code for user in accounts]
    assert statuses == [HTTPStatus.OK] * (LIMIT - 1) + [HTTPStatus.TOO_MANY_REQUESTS] * (20 - LIMIT + 1)
    assert sign_in(client, accounts[-1].username, PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session


def test_an_account_attacked_from_many_addresses__is_paused_for_all_of_them(client, learner):
    for n in range(LIMIT):
        sign_in(client, learner.username, "wrong", REMOTE_ADDR=f"198.51.100.{n}")
    response = sign_in(client, learner.username, PASSWORD, REMOTE_ADDR="198.51.100.200")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session


def test_other_accounts_from_other_addresses__are_not_paused(client, learner):
    other = UserFactory()
    for _ in range(LIMIT):
        sign_in(client, learner.username, "wrong", REMOTE_ADDR="198.51.100.1")
    assert (
        sign_in(client, other.username, PASSWORD, REMOTE_ADDR="198.51.100.2").status_code == HTTPStatus.FOUND
    )


@override_settings(GROUNDWORK_CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_the_proxy__a_sprayer_pauses_only_their_own_address(client, db):
    """Everyone shares the balancer's REMOTE_ADDR; the address it appends is the one counted."""
    accounts = UserFactory.create_batch(LIMIT + 1)
    for user in accounts[:LIMIT]:
        sign_in(client, user.username, "wrong", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    sprayer = sign_in(
        client,
        accounts[-1].username,
        PASSWORD,
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    assert sprayer.status_code == HTTPStatus.TOO_MANY_REQUESTS  # a forged first entry does not help
    colleague = sign_in(
        client, accounts[-1].username, PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.50"
    )
    assert colleague.status_code == HTTPStatus.FOUND


def test_without_a_configured_proxy__a_forwarded_header_is_ignored(client, db):
    """A client cannot dodge the address count by sending its own X-Forwarded-For."""
    accounts = UserFactory.create_batch(LIMIT + 1)
    for n, user in enumerate(accounts[:LIMIT]):
        sign_in(client, user.username, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = sign_in(client, accounts[-1].username, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


@pytest.mark.parametrize(
    ("header", "meta", "expected"),
    [
        ("", {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "10.0.0.1"),
        (
            "HTTP_X_FORWARDED_FOR",
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 5.6.7.8"},
            "5.6.7.8",
        ),
        ("HTTP_X_FORWARDED_FOR", {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1"),
        ("", {"REMOTE_ADDR": ""}, "unknown"),
    ],
)
def test_client_address__trusts_the_proxy_header_only_when_configured(settings, header, meta, expected):
    settings.GROUNDWORK_CLIENT_ADDRESS_HEADER = header
    request = RequestFactory().get("/", **meta)
    assert client_address(request) == expected


def test_a_success__clears_the_accounts_own_failures(client, learner):
    for _ in range(LIMIT - 1):
        sign_in(client, learner.username, "wrong")
    assert sign_in(client, learner.username, PASSWORD).status_code == HTTPStatus.FOUND
    client.post(reverse("logout"))
    for _ in range(LIMIT - 1):
        sign_in(client, learner.username, "wrong")
    assert sign_in(client, learner.username, PASSWORD).status_code == HTTPStatus.FOUND


def test_a_sign_in_through_the_wagtail_admin__clears_the_accounts_own_failures(client, db):
    editor = UserFactory(is_superuser=True, is_staff=True)
    for _ in range(LIMIT - 1):
        sign_in(client, editor.username, "wrong")
    response = client.post(reverse("wagtailadmin_login"), {"username": editor.username, "password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND
    client.post(reverse("logout"))
    for _ in range(LIMIT - 1):
        sign_in(client, editor.username, "wrong")
    assert sign_in(client, editor.username, PASSWORD).status_code == HTTPStatus.FOUND


def test_a_sprayer_signing_in_to_their_own_account__does_not_clear_the_address_count(client, learner):
    victims = UserFactory.create_batch(LIMIT)
    for user in victims[: LIMIT - 1]:
        sign_in(client, user.username, "wrong")
    assert sign_in(client, learner.username, PASSWORD).status_code == HTTPStatus.FOUND
    client.post(reverse("logout"))
    sign_in(client, victims[-1].username, "wrong")
    assert sign_in(client, victims[-1].username, PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_the_lockout_page__says_what_is_paused_for_how_long_and_what_helps(client, learner):
    for _ in range(LIMIT):
        sign_in(client, learner.username, "wrong")
    response = sign_in(client, learner.username, PASSWORD)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response["Retry-After"] == "1800"
    assert "Sign-in is paused for this account" in html
    assert "30\xa0minutes" in html
    assert f'href="{reverse("password_reset")}"' in html
    assert "the pause is lifted and you can sign in straight away" in html


def test_the_lockout_page__does_not_promise_a_reset_helps_when_the_address_is_paused(client, learner):
    for user in UserFactory.create_batch(LIMIT):
        sign_in(client, user.username, "wrong")
    response = sign_in(client, learner.username, PASSWORD)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Sign-in is paused for this connection" in html
    assert "Resetting your password will not shorten this pause" in html
    assert "straight away" not in html


def test_client_ip__is_none_when_the_address_is_not_one(settings):
    """axes stores the address in an IP column: anything else must not reach it."""
    settings.GROUNDWORK_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    assert client_ip(RequestFactory().get("/", HTTP_X_FORWARDED_FOR="not-an-address")) is None
    assert client_ip(RequestFactory().get("/", HTTP_X_FORWARDED_FOR="2001:db8::1")) == "2001:db8::1"


def test_a_client_without_an_address__can_still_sign_in(client, learner):
    assert sign_in(client, learner.username, "wrong", REMOTE_ADDR="").status_code == HTTPStatus.OK
    assert sign_in(client, learner.username, PASSWORD, REMOTE_ADDR="").status_code == HTTPStatus.FOUND
