"""Downloading a certificate's PDF: the learner, their team's supervisors and administrators only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.decorators.cache import cache_control

from lms.models import Team

from .codes import normalise
from .models import Certificate
from .rendering import store_pdf


def can_download(user, certificate: Certificate) -> bool:
    """The owner (revoked or not), a superuser, or a supervisor of a team the learner belongs to."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if certificate.user_id is None:
        return False
    if certificate.user_id == user.pk:
        return True
    return Team.objects.filter(supervisors=user, members=certificate.user_id).exists()


def download_name(certificate: Certificate) -> str:
    return f"certificate-{slugify(certificate.module_title)[:60]}-{certificate.code}.pdf"


def _stored(certificate: Certificate) -> bool:
    return bool(certificate.pdf.name) and certificate.pdf.storage.exists(certificate.pdf.name)


@login_required
@cache_control(private=True, no_store=True)
def certificate_pdf(request: HttpRequest, code: str) -> FileResponse:
    canonical = normalise(code)
    if canonical is None:
        raise Http404
    certificate = get_object_or_404(Certificate, code=canonical)
    if not can_download(request.user, certificate):
        raise Http404
    if not _stored(certificate):
        store_pdf(certificate, note="Regenerated on download: the stored file was missing.")
    elif certificate.pdf_predates_revocation():
        store_pdf(certificate, note="Regenerated on download: the certificate was revoked after rendering.")
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=download_name(certificate),
        content_type="application/pdf",
    )
