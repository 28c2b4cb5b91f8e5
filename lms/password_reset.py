"""The password reset email, sent by the worker: the request only queued this task, so the
request does the same work whether or not an account uses the address it was given."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from core.links import absolute_url
from outbox import delivery

EMAIL_KIND = "password_reset"


@task()
def send_reset_link(email: str, request_id: str) -> int:
    """Hand a reset link to the outbox for each active account using ``email``; returns how many.

    ``request_id`` is the request's, so a duplicate run of this task sends nothing more.
    """
    sent = 0
    for user in PasswordResetForm().get_users(email):
        token = default_token_generator.make_token(user)
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        context = {
            "user": user,
            "reset_url": absolute_url(
                reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
            ),
        }
        subject = "".join(render_to_string("registration/password_reset_subject.txt", context).splitlines())
        body = render_to_string("registration/password_reset_email.html", context)
        recipient = getattr(user, user.get_email_field_name())
        delivery.send(EMAIL_KIND, recipient, subject, body, key=f"{request_id}:{user.pk}")
        sent += 1
    return sent
