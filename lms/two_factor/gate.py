"""Hold a signed-in person at the code page (or, for staff who must, the set-up page) until
they are verified: nothing else answers them except signing out and static files.

What a person must do is decided once, at sign-in, and kept in the session, so that an
ordinary page view costs no query. The Wagtail admin checks afresh on each request when staff
must use two-step sign-in, so a person given editing rights mid-session cannot skip it there.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import DEVICE_ID_SESSION_KEY

from lms.two_factor import policy

PENDING = "groundwork_two_factor_pending"


@receiver(user_logged_in)
def ask_for_second_step(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """Each password sign-in starts unverified, with the step this person must take next."""
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    step = policy.step_after_password(user)
    if step:
        request.session[PENDING] = step
    else:
        request.session.pop(PENDING, None)


def mark_verified(request: HttpRequest) -> None:
    request.session.pop(PENDING, None)


def recheck(request: HttpRequest) -> None:
    """Decide the pending step again (the person's devices changed since they signed in)."""
    user = request.user
    step = None if user.is_verified() else policy.step_after_password(user)
    if step:
        request.session[PENDING] = step
    else:
        request.session.pop(PENDING, None)


def next_path(request: HttpRequest) -> str:
    """Where to go once verified: the ``next`` asked for, if it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _step_url(step: str) -> str:
    return reverse("two_factor:verify" if step == policy.ENTER_CODE else "two_factor:enrol")


class TwoFactorGate:
    """Place after django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        step = self._pending_step(request)
        if step and not self._open_during(step, request.path_info):
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            return redirect(f"{_step_url(step)}?{query}" if query else _step_url(step))
        return self.get_response(request)

    @staticmethod
    def _pending_step(request: HttpRequest) -> str | None:
        session = getattr(request, "session", None)
        step = session.get(PENDING) if session is not None else None
        if step or not policy.staff_must_use_it() or not _is_admin_path(request.path_info):
            return step
        user = request.user
        if user.is_authenticated and not user.is_verified():
            return policy.step_after_password(user)
        return None

    @staticmethod
    def _open_during(step: str, path: str) -> bool:
        if path.startswith(settings.STATIC_URL):
            return True
        return path in (_step_url(step), reverse("logout"), reverse("wagtailadmin_logout"))


def _is_admin_path(path: str) -> bool:
    return path.startswith(reverse("wagtailadmin_home")) and path not in (
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
    )
