"""Adding and removing the credentials a learner holds (POST only; the form is on the CPD page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import HeldCredentialForm
from .models import HeldCredential


@require_POST
@login_required
def add_credential(request: HttpRequest) -> HttpResponse:
    form = HeldCredentialForm(request.POST, user=request.user)
    if not form.is_valid():
        return TemplateResponse(request, "ledger/credential_form.html", {"form": form}, status=400)
    HeldCredential.objects.update_or_create(
        user=request.user,
        credential=form.cleaned_data["credential"],
        defaults={"renewal_on": form.cleaned_data["renewal_on"]},
    )
    messages.success(
        request,
        _("Added %(name)s. Your progress towards it is below.") % {"name": form.cleaned_data["credential"]},
    )
    return redirect("cpd_record")


@require_POST
@login_required
def remove_credential(request: HttpRequest, held_credential_id: int) -> HttpResponse:
    held = get_object_or_404(HeldCredential, pk=held_credential_id, user=request.user)
    held.delete()
    messages.success(request, _("Removed %(name)s from your CPD page.") % {"name": held.credential})
    return redirect("cpd_record")
