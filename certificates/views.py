"""The learner's certificates, renewing a module, and public verification. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from courses.access import learnable_module
from courses.progress import renew as renew_module

from . import throttling, verification
from .codes import find_code, normalise
from .models import Certificate
from .refresher import refreshable_modules, start_refresher
from .renewal_notices import set_renewal_emails, wants_renewal_emails
from .status import certificates_by_module
from .validity import RENEWAL_WINDOW_DAYS
from .verification import public_record


@login_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    groups = certificates_by_module(
        Certificate.objects.filter(user=request.user).order_by("-issued_at", "-pk")
    )
    return TemplateResponse(
        request,
        "certificates/certificate_list.html",
        {
            "groups": groups,
            "renewal_window": RENEWAL_WINDOW_DAYS,
            "wants_renewal_emails": wants_renewal_emails(request.user),
            "refreshable": refreshable_modules(request.user),
        },
    )


@login_required
@require_POST
def renewal_emails(request: HttpRequest) -> HttpResponse:
    """Turn the emails before expiry on or off; sending the same choice twice changes nothing."""
    wanted = request.POST.get("wanted")
    if wanted not in ("on", "off"):
        messages.error(request, _("That choice was not understood; nothing was changed."))
    else:
        set_renewal_emails(request.user, wanted == "on")
        if wanted == "on":
            messages.success(request, _("You will get an email 60 and 14 days before a certificate expires."))
        else:
            messages.success(
                request, _("No more emails before a certificate expires. You can turn them back on here.")
            )
    return redirect("certificates")


@login_required
@require_POST
def renew(request: HttpRequest, module_id: int) -> HttpResponse:
    module = learnable_module(request, module_id)
    latest = Certificate.objects.newest_per_module().filter(user=request.user, module=module).first()
    if latest is None or not latest.can_renew():
        messages.error(request, _("This module is not due for renewal yet."))
        return redirect("certificates")
    renew_module(request.user, module)
    messages.success(
        request,
        _(
            "Renewal started. Work through the module again at your own pace; your current certificate stays valid until its expiry date."
        ),
    )
    return redirect(module.url)


@login_required
@require_POST
def refresh(request: HttpRequest, module_id: int) -> HttpResponse:
    """Renew by the module's refresher path (a refresher lesson, a scenario, the quiz)."""
    module = learnable_module(request, module_id)
    if not start_refresher(request.user, module):
        messages.error(request, _("This certificate cannot be renewed by the refresher path."))
        return redirect("certificates")
    messages.success(
        request, _("Refresher started. Your current certificate stays valid until its expiry date.")
    )
    return redirect(module.url)


def verify_form(request: HttpRequest) -> HttpResponse:
    typed = request.GET.get("code", "")
    if typed:
        canonical = find_code(typed)  # a code, or a pasted verification link
        if canonical:
            return redirect("verify", canonical)
        return TemplateResponse(
            request, "certificates/verify_not_found.html", {"code": typed[:40]}, status=404
        )
    return TemplateResponse(request, "certificates/verify_form.html", {})


def _wants_json(request: HttpRequest) -> bool:
    accepted = request.headers.get("Accept", "")
    return "application/json" in accepted and "text/html" not in accepted


@vary_on_headers("Accept")
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The public verification page; its JSON for ``Accept: application/json``."""
    as_json = _wants_json(request)
    if not throttling.allow(request, "verify"):
        if as_json:
            return JsonResponse({"error": "too many requests"}, status=429)
        return TemplateResponse(request, "certificates/verify_throttled.html", {}, status=429)
    canonical = normalise(code)
    certificate = Certificate.objects.filter(code=canonical).first() if canonical else None
    if certificate is None:
        if as_json:
            return JsonResponse({"error": "not found"}, status=404)
        return TemplateResponse(
            request, "certificates/verify_not_found.html", {"code": code[:40]}, status=404
        )
    record = public_record(certificate, request)
    if as_json:
        return JsonResponse(verification.as_json(record), json_dumps_params={"ensure_ascii": False})
    return TemplateResponse(
        request,
        "certificates/verify.html",
        {"certificate": certificate, "record": record, "status": certificate.status},
    )
