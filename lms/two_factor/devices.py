"""Authenticators and recovery codes: set one up, check a code, turn it all off."""

from __future__ import annotations

import math
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
MAX_CODE_LENGTH = 64  # longer than any code; a longer entry is refused before any lookup


@dataclass(frozen=True)
class Check:
    """The outcome of checking a code: the device that accepted it, or why not."""

    device: object | None = None
    wait_seconds: int = 0  # > 0 when too many wrong codes were tried just now

    @property
    def used_recovery_code(self) -> bool:
        return isinstance(self.device, StaticDevice)


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()


def unconfirmed_authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def start_set_up(user) -> TOTPDevice:
    """The person's unconfirmed authenticator, made once: a double-click shows the same secret."""
    with transaction.atomic():
        device = unconfirmed_authenticator(user)
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it by hand: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """An inline SVG QR code of the authenticator link (drawn here: the secret never leaves the page)."""
    return segno.make(device.config_url, error="m", micro=False).svg_inline(
        scale=5, light="#fff", svgclass="qr", lineclass=None, title="QR code for your authenticator app"
    )


def _normalised(code: str) -> str:
    return "".join(str(code).split()).lower()[:MAX_CODE_LENGTH]


def _is_app_code(code: str) -> bool:
    return code.isascii() and code.isdigit() and len(code) in (6, 8)


def _check_against(user, device, code: str) -> Check:
    if device is None:
        return Check()
    allowed, why = device.verify_is_allowed()
    if not allowed:
        locked_until = (why or {}).get("locked_until")
        wait = (locked_until - timezone.now()).total_seconds() if locked_until else 1
        return Check(wait_seconds=max(1, math.ceil(wait)))
    return Check(device=verify_token(user, device.persistent_id, code))


def check_code(user, code: str) -> Check:
    """Check an authenticator code (six digits) or a recovery code (used up when it matches).

    Each is checked against its own device only, so that a recovery code never counts as a
    wrong authenticator code; each device slows down wrong guesses itself (django-otp's
    throttling: 1, 2, 4, 8… seconds).
    """
    code = _normalised(code)
    if not code:
        return Check()
    if _is_app_code(code):
        return _check_against(user, authenticator(user), code)
    if not code.isascii() or not code.isalnum():
        return Check()
    recovery = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    return _check_against(user, recovery, code)


def confirm_set_up(user, device: TOTPDevice, code: str) -> tuple[Check, list[str]]:
    """Confirm a new authenticator with its first code: it replaces any earlier one, and the
    person gets ten fresh recovery codes (returned once, to show once)."""
    code = _normalised(code)
    if not _is_app_code(code):
        return Check(), []
    check = _check_against(user, device, code)
    if check.device is None:
        return check, []
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.confirmed = True
        codes = replace_recovery_codes(user)
    return Check(device=device), codes


def replace_recovery_codes(user) -> list[str]:
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def turn_off(user) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
