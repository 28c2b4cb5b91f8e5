"""Sign-in, its lockout and the password reset pages.

django-axes pauses sign-in per account (from any address) and per address (across accounts);
this module says so plainly and lifts an account's pause when its owner proves who they are (a
successful sign-in or a password reset). Asking for a reset link is throttled per address and per
account, and answered alike whether or not an account uses the address."""

from __future__ import annotations

import datetime
import uuid

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import urls as auth_urls
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.timesince import timesince

from core import throttling
from core.client import client_ip

from . import sso
from .password_reset import send_reset_link


def unlock(username: str) -> None:
    """Forget the account's failed sign-ins, from every address. Only ever called once the person
    has shown they hold the account: clearing an address's count instead would let a sprayer
    reset it by signing in to an account of their own."""
    reset(username=username)


def duration_in_words(delta: datetime.timedelta) -> str:
    """'30 minutes', '1 hour': a wait as the pages say it."""
    now = datetime.datetime.now(tz=datetime.UTC)
    return timesince(now - delta, now)


@receiver(user_logged_in, dispatch_uid="groundwork-unlock-on-sign-in")
def unlock_on_sign_in(sender, request, user, **kwargs) -> None:
    """A sign-in anywhere (the site's page or the Wagtail admin's) clears only the failures
    recorded against this account."""
    unlock(user.get_username())


class LoginView(auth_views.LoginView):
    """Django's sign-in page, with the organisation's single sign-on button when it is configured."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(sso_label=sso.button_label(), **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's form and page; a valid form only queues the worker's task, after the throttles."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        # The address is counted first, so a flood from one address does not use up an
        # account's allowance; the account's count stops a flood spread over many addresses.
        for scope, about in (("password_reset", None), ("password_reset_account", email.casefold())):
            if not throttling.allow(self.request, scope, about=about):
                return self.throttled(scope)
        send_reset_link.enqueue(email, uuid.uuid4().hex)
        return HttpResponseRedirect(self.get_success_url())

    def throttled(self, scope: str) -> TemplateResponse:
        """A calm 429 that sends nothing; the wait given is the whole window, an honest bound."""
        _limit, window = settings.GROUNDWORK_THROTTLES[scope]
        context = {"wait": duration_in_words(datetime.timedelta(seconds=window))}
        return TemplateResponse(
            self.request, "registration/password_reset_throttled.html", context, status=429
        )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password also lifts the account's sign-in pause, so it can sign in at once."""

    def form_valid(self, form):
        response = super().form_valid(form)
        unlock(form.user.get_username())
        return response


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """axes' lockout answer (AXES_LOCKOUT_CALLABLE): what is paused, for how long, what helps."""
    cool_off = get_cool_off(request) or datetime.timedelta(minutes=30)
    username = get_client_username(request, credentials) or ""
    context = {
        "cool_off": duration_in_words(cool_off),
        # A reset clears this account's failures; if the address's other failures would still
        # pause it, the page must not promise that a reset helps.
        "address_paused": _other_failures_from_address(request, username)
        >= get_failure_limit(request, credentials),
    }
    response = render(
        request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def _other_failures_from_address(request: HttpRequest, username: str) -> int:
    recent = AccessAttempt.objects.filter(
        ip_address=client_ip(request), attempt_time__gte=get_cool_off_threshold(request)
    ).exclude(username=username)
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


# Served under accounts/: ours where we change Django's, and Django's other views as they are
# (without a shadowed duplicate, so each name has one view).
_ours = [
    path("login/", LoginView.as_view(), name="login"),
    path("password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("reset/<uidb64>/<token>/", PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
]
urlpatterns = _ours + [
    pattern for pattern in auth_urls.urlpatterns if pattern.name not in {ours.name for ours in _ours}
]
