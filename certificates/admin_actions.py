"""The certificates admin's two actions, wired into ``viewsets.CertificateViewSet``: revoking
one certificate with a reason, and a module's certificates as one ZIP (streamed when small,
built by a task with a status page when large). A storage fault in any of them is a calm 503
(``core.storage_faults``).

The view set passes each view its model, so the permission check is the registered
``CertificatePermissionPolicy``: "Can change certificate", else the admin's permission-denied.
"""

from __future__ import annotations

import secrets

from django import forms
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin

from core.storage_faults import calm_when_storage_fails
from courses.models import CoursePage

from .exports import (
    build_certificate_zip,
    module_certificates,
    prepare_pdfs,
    read_manifest,
    request_name,
    stream_limit,
    write_json,
    zip_chunks,
    zip_filename,
)
from .models import Certificate, RevocationCategory
from .revocation import revoke
from .storage import private_storage


def modules_with_certificates():
    return CoursePage.objects.filter(certificates__isnull=False).distinct().order_by("title")


class CertificateAction(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    model = Certificate
    permission_required = "change"
    index_url_name = None
    header_icon = "doc-full"

    def index_crumb(self) -> dict:
        return {"url": reverse(self.index_url_name), "label": gettext("Certificates")}

    def get_breadcrumbs_items(self) -> list[dict]:
        here = {"url": "", "label": self.get_page_title()}
        return [*self.breadcrumbs_items, self.index_crumb(), here]


class RevokeForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Reason shown publicly"),
        choices=RevocationCategory.choices,
        initial=RevocationCategory.WITHDRAWN,
        required=False,
        help_text=_("A neutral category, shown on the public verification page. The reason below is not."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required. Kept with your name in the certificate's audit trail."),
    )

    def clean_category(self) -> str:
        return self.cleaned_data.get("category") or RevocationCategory.WITHDRAWN


class RevokeView(CertificateAction, FormView):
    """Revoking is a POST with a reason, once; a GET only shows the form."""

    template_name = "certificates/admin/revoke.html"
    form_class = RevokeForm
    page_title = _("Revoke certificate")

    @cached_property
    def certificate(self) -> Certificate:
        return get_object_or_404(Certificate, pk=self.kwargs["pk"])

    def get_page_subtitle(self) -> str:
        return self.certificate.code

    def inspect_url(self) -> str:
        return reverse("certificates_admin:inspect", args=[self.certificate.pk])

    def get_breadcrumbs_items(self) -> list[dict]:
        inspect = {"url": self.inspect_url(), "label": self.certificate.code}
        here = {"url": "", "label": gettext("Revoke")}
        return [*self.breadcrumbs_items, self.index_crumb(), inspect, here]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            certificate=self.certificate, inspect_url=self.inspect_url(), **kwargs
        )

    def post(self, request, *args, **kwargs) -> HttpResponse:
        if self.certificate.revoked_at is not None:
            return self.already_revoked()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        data = form.cleaned_data
        if not revoke(self.certificate, self.request.user, data["reason"], data["category"]):
            return self.already_revoked()
        messages.success(
            self.request, gettext("Certificate %(code)s is revoked.") % {"code": self.certificate.code}
        )
        return redirect(self.inspect_url())

    def already_revoked(self) -> HttpResponse:
        messages.warning(
            self.request,
            gettext("Certificate %(code)s was already revoked; nothing has changed.")
            % {"code": self.certificate.code},
        )
        return redirect(self.inspect_url())


class ZipForm(forms.Form):
    module = forms.ModelChoiceField(label=_("Module"), queryset=CoursePage.objects.none())
    issued_from = forms.DateField(
        label=_("Issued from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional. The first day to include."),
    )
    issued_to = forms.DateField(
        label=_("Issued until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional. The last day to include."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules_with_certificates()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("issued_from"), cleaned.get("issued_to")
        if start and end and start > end:
            self.add_error("issued_to", gettext("The last day cannot come before the first day."))
        return cleaned


@method_decorator(calm_when_storage_fails, name="post")
class ZipView(CertificateAction, FormView):
    template_name = "certificates/admin/zip.html"
    form_class = ZipForm
    page_title = _("Download a module's certificates")

    def get_context_data(self, **kwargs):
        return super().get_context_data(stream_limit=stream_limit(), **kwargs)

    def form_valid(self, form) -> HttpResponse:
        module, start, end = (form.cleaned_data[key] for key in ("module", "issued_from", "issued_to"))
        certificates = module_certificates(module.pk, start, end)
        count = certificates.count()
        if not count:
            form.add_error(None, gettext("No certificates of this module were issued in those dates."))
            return self.form_invalid(form)
        if count > stream_limit():
            token = secrets.token_urlsafe(24)
            write_json(request_name(token), {"pending": True, "count": count})
            args = (token, module.pk, start and start.isoformat(), end and end.isoformat())
            transaction.on_commit(lambda: build_certificate_zip.enqueue(*args))
            return redirect("certificates_admin:zip_status", token)
        certificates = list(certificates)
        prepare_pdfs(certificates)  # writes before the first byte goes out, so a fault is a calm 503
        response = StreamingHttpResponse(zip_chunks(certificates), content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(
            True, zip_filename(module.title, start, end)
        )
        return response


@method_decorator(calm_when_storage_fails, name="get")
class ZipStatusView(CertificateAction, TemplateView):
    template_name = "certificates/admin/zip_status.html"
    page_title = _("Preparing the ZIP")

    def get_context_data(self, **kwargs):
        manifest = read_manifest(self.kwargs["token"])
        if manifest is None:
            raise Http404
        ready = bool(manifest and manifest.get("name"))
        download_url = (
            reverse("certificates_admin:zip_download", args=[self.kwargs["token"]]) if ready else ""
        )
        return super().get_context_data(manifest=manifest, ready=ready, download_url=download_url, **kwargs)


@method_decorator(calm_when_storage_fails, name="get")
class ZipDownloadView(PermissionCheckedMixin, View):
    model = Certificate
    permission_required = "change"

    def get(self, request, token: str) -> FileResponse:
        manifest = read_manifest(token)
        if not manifest or not manifest.get("name") or not private_storage().exists(manifest["name"]):
            raise Http404
        return FileResponse(
            private_storage().open(manifest["name"], "rb"),
            as_attachment=True,
            filename=manifest["filename"],
            content_type="application/zip",
        )
