"""Sign in, lockout, passwords."""

from http import HTTPStatus

from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login__goes_to_my_learning(client, learner):
    response = sign_in(client, learner.username, PASSWORD)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("learning:home")
    assert client.get(response["Location"])["Location"] == reverse("learning:dashboard")


def test_login__honours_next(client, learner):
    response = client.post(
        reverse("login") + "?next=/modules/",
        {"username": learner.username, "password": PASSWORD, "next": "/modules/"},
    )
    assert response["Location"] == "/modules/"


def test_login__wrong_password_shows_a_clear_message(client, learner):
    response = sign_in(client, learner.username, "not-it")
    assert response.status_code == HTTPStatus.OK
    assert "enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login__locks_out_after_five_failures(client, learner):
    """django-axes pauses sign-in, even with the right password afterwards."""
    for _ in range(5):
        sign_in(client, learner.username, "wrong")
    response = sign_in(client, learner.username, PASSWORD)
    assert "Sign-in is paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout__needs_post(learner_client):
    assert learner_client.get(reverse("logout")).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = learner_client.post(reverse("logout"))
    assert response["Location"] == "/"
    assert "_auth_user_id" not in learner_client.session


def test_password_change__rejects_weak_password(learner_client, learner):
    response = learner_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "too common" in response.content.decode()
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


def test_password_reset__sends_a_link(client, learner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers after commit
        response = client.post(reverse("password_reset"), {"email": learner.email})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
