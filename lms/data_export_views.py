"""The learner's "my data" page: ask for the ZIP (POST), see it being prepared, download it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from core import clock
from core.storage_faults import calm_when_storage_fails
from lms.data_export import request_export
from lms.models import DataExport


@login_required
def my_data_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        request_export(request.user)
        messages.success(
            request,
            _("We are preparing your data. It takes a minute or two; we will also email you the link."),
        )
        return redirect("learning:my_data_page")
    exports = DataExport.objects.filter(user=request.user)[:5]
    return TemplateResponse(request, "lms/my_data.html", {"exports": exports})


@login_required
@cache_control(private=True, no_store=True)
@calm_when_storage_fails
def my_data_download(request: HttpRequest, token: str) -> HttpResponse:
    export = get_object_or_404(DataExport, token=token, user=request.user)
    if not export.is_available:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        content_type="application/zip",
        as_attachment=True,
        filename=f"groundwork-my-data-{clock.day_of(export.created_at):%Y-%m-%d}.zip",
    )
