"""Who must use two-step sign-in, and what a person must do after their password."""

from __future__ import annotations

from django.conf import settings
from django_otp import user_has_device

from core.supervision import supervises_anyone

ENTER_CODE = "code"
SET_UP = "enrol"


def staff_must_use_it() -> bool:
    return getattr(settings, "GROUNDWORK_STAFF_2FA", "optional") == "required"


def is_staff(user) -> bool:
    """Administrators, editors (Wagtail admin access) and supervisors: they see others' records."""
    return user.is_superuser or user.has_perm("wagtailadmin.access_admin") or supervises_anyone(user)


def must_use_two_factor(user) -> bool:
    return user.is_authenticated and staff_must_use_it() and is_staff(user)


def step_after_password(user) -> str | None:
    """ENTER_CODE for anyone with an authenticator, SET_UP for staff who must have one, else None."""
    if user_has_device(user):
        return ENTER_CODE
    if must_use_two_factor(user):
        return SET_UP
    return None
