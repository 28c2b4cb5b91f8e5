"""The security page, the code page after sign-in, setting up an authenticator, turning it off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp import login as otp_login

from lms.two_factor import devices, gate, policy
from lms.two_factor.forms import CodeForm


def _with_next(url_name: str, request: HttpRequest) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': gate.next_path(request)})}"


def _verified(request: HttpRequest, device) -> None:
    otp_login(request, device)
    gate.mark_verified(request)
    request.session.cycle_key()  # a new session key for the more trusted session


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the authenticator app, or a recovery code."""
    user = request.user
    if user.is_verified() or not user_has_device(user):
        gate.recheck(request)
        return redirect(gate.next_path(request))
    form = CodeForm(request.POST or None, label=_("Code"), help_text=_("Six digits, or a recovery code."))
    form.fields["code"].widget.attrs["autofocus"] = True  # the one thing this page asks for
    if request.method == "POST" and form.is_valid():
        check = devices.check_code(user, form.cleaned_data["code"])
        if check.device is not None:
            _verified(request, check.device)
            if check.used_recovery_code:
                messages.info(request, _("You signed in with a recovery code; it cannot be used again."))
                return redirect(_with_next("two_factor:enrol", request))
            return redirect(gate.next_path(request))
        form.refuse(check)
    return render(request, "lms/security/verify.html", {"form": form, "next": gate.next_path(request)})


@never_cache
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: start (POST), scan or type the secret, confirm with a code."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect(_with_next("two_factor:verify", request))
    device = devices.unconfirmed_authenticator(user)
    form = CodeForm(label=_("The six-digit code your app shows now"))
    if request.method == "POST":
        if request.POST.get("action") == "start":
            devices.start_set_up(user)
            return redirect(_with_next("two_factor:enrol", request))
        if device is None:
            return redirect(_with_next("two_factor:enrol", request))
        form = CodeForm(request.POST, label=form.fields["code"].label)
        if form.is_valid():
            check, codes = devices.confirm_set_up(user, device, form.cleaned_data["code"])
            if check.device is not None:
                _verified(request, check.device)
                context = {"codes": codes, "next": gate.next_path(request)}
                return render(request, "lms/security/recovery_codes.html", context)
            form.refuse(check, recovery_codes=False)
    context = {
        "device": device,
        "qr_svg": devices.qr_svg(device) if device else "",
        "secret": devices.secret_for_typing(device) if device else "",
        "form": form,
        "replacing": devices.authenticator(user) is not None,
        "required": policy.must_use_two_factor(user),
        "next": gate.next_path(request),
    }
    return render(request, "lms/security/enrol.html", context)


def _security_page(request: HttpRequest, form: CodeForm | None = None) -> HttpResponse:
    user = request.user
    context = {
        "authenticator": devices.authenticator(user),
        "codes_left": devices.recovery_codes_left(user),
        "required": policy.must_use_two_factor(user),
        "form": form or CodeForm(label=_("A code from your app, or a recovery code")),
    }
    return render(request, "lms/security/security.html", context)


@never_cache
@login_required
def security(request: HttpRequest) -> HttpResponse:
    """Whether two-step sign-in is on for this person, and what they can change."""
    return _security_page(request)


@require_POST
@login_required
def turn_off(request: HttpRequest) -> HttpResponse:
    """Turn two-step sign-in off, proven with a current code; never for staff who must use it."""
    user = request.user
    if policy.must_use_two_factor(user):
        messages.error(request, _("Your role needs two-step sign-in, so it cannot be turned off."))
        return redirect("two_factor:security")
    if not user_has_device(user):
        return redirect("two_factor:security")
    form = CodeForm(request.POST, label=_("A code from your app, or a recovery code"))
    if form.is_valid():
        check = devices.check_code(user, form.cleaned_data["code"])
        if check.device is not None:
            devices.turn_off(user)
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
            messages.success(request, _("Two-step sign-in is off. You sign in with your password alone."))
            return redirect("two_factor:security")
        form.refuse(check)
    return _security_page(request, form)
