"""Single sign-on with the organisation's OpenID Connect provider (mozilla-django-oidc).

Configured by environment variables (``lms.settings.base``); without them the SSO addresses
answer 404 and the sign-in page shows no SSO button. A person is matched by their provider's
*verified* email address, ignoring case. Only someone an administrator added may come in: an
active account, or an invited one whose invitation is still open (signing in accepts it).
Nobody else gets an account unless ``GROUNDWORK_OIDC_CREATE_USERS=true``. A staff member
signing in this way still meets the two-step check (``lms.two_factor.gate``), as after a
password.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from lms.models import Invitation, Profile

logger = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(getattr(settings, "GROUNDWORK_OIDC_ENABLED", False))


def button_label() -> str:
    """The sign-in page's button text, or "" when SSO is not configured."""
    if not enabled():
        return ""
    return settings.GROUNDWORK_OIDC_BUTTON_LABEL


class InvitedPeopleBackend(OIDCAuthenticationBackend):
    """Signs in the one account whose address the provider has verified, if it may sign in."""

    def verify_claims(self, claims: dict) -> bool:
        return bool(claims.get("email")) and claims.get("email_verified") is True

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            logger.info("SSO refused: the provider did not give a verified email address.")
            return None
        with transaction.atomic():
            accounts = list(self.filter_users_by_claims(claims).select_for_update())
            if len(accounts) > 1:
                logger.warning("SSO refused: %d accounts share one email address.", len(accounts))
                return None
            if accounts:
                return self.admit(accounts[0])
            if getattr(settings, "GROUNDWORK_OIDC_CREATE_USERS", False):
                return self.create_user(claims)
        logger.info("SSO refused: nobody with that address was invited.")
        return None

    def admit(self, user):
        """An active account comes in; an invited one accepts its open invitation by coming in."""
        if user.is_active:
            return user
        invitation = Invitation.objects.open().select_for_update().filter(user=user).first()
        if invitation is None or invitation.state != Invitation.State.PENDING:
            logger.info("SSO refused: account %s is inactive with no open invitation.", user.pk)
            return None
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        user.is_active = True
        user.save(update_fields=["is_active"])
        return user

    def create_user(self, claims: dict):
        User = get_user_model()
        email = claims["email"]
        username = email.casefold()[:150]
        if User.objects.filter(username=username).exists():
            logger.warning("SSO refused: the username %s is taken by another account.", username)
            return None
        user = User.objects.create(
            username=username,
            email=email,
            first_name=str(claims.get("given_name", ""))[:150],
            last_name=str(claims.get("family_name", ""))[:150],
            password=make_password(None),
        )
        Profile.objects.create(user=user)
        return user


class SignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (404 when SSO is not configured)."""

    def __init__(self, *args, **kwargs) -> None:
        self.configured = enabled()
        if self.configured:
            super().__init__(*args, **kwargs)

    def get(self, request):
        if not self.configured:
            raise Http404
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; a refusal goes to a page that says why."""

    def get(self, request):
        if not enabled():
            raise Http404
        return super().get(request)


def refused(request: HttpRequest) -> HttpResponse:
    if not enabled():
        raise Http404
    return render(request, "registration/sso_refused.html", {"label": button_label()}, status=403)


urlpatterns = [
    path("start/", SignInView.as_view(), name="sso_start"),
    path("callback/", CallbackView.as_view(), name="sso_callback"),
    path("refused/", refused, name="sso_refused"),
]
