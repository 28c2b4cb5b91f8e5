"""Downloading a certificate's PDF: the learner, their team's supervisors and administrators only.

A GET writes nothing. The stored file is served when it is current; when it is missing or was
rendered before a revocation, the PDF is rendered into the response without being stored or
recorded. Issuing and revoking queue the rendering that stores it (``rendering.render_certificate``).
"""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core.storage_faults import calm_when_storage_fails
from core.supervision import supervises

from .codes import normalise
from .models import Certificate

PDF = "application/pdf"


def can_download(user, certificate: Certificate) -> bool:
    """The owner (revoked or not), a superuser, or a supervisor of a team the learner belongs to."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if certificate.user_id is None:
        return False
    return certificate.user_id == user.pk or supervises(user, certificate.user_id)


def download_name(certificate: Certificate) -> str:
    return f"certificate-{slugify(certificate.module_title)[:60]}-{certificate.code}.pdf"


@require_safe
@login_required
@cache_control(private=True, no_store=True)
@calm_when_storage_fails
def certificate_pdf(request: HttpRequest, code: str) -> FileResponse:
    canonical = normalise(code)
    if canonical is None:
        raise Http404
    certificate = get_object_or_404(Certificate, code=canonical)
    if not can_download(request.user, certificate):
        raise Http404
    if certificate.pdf_is_current():
        with certificate.pdf.open("rb") as stored:  # read here, so a storage fault is a calm 503
            content = io.BytesIO(stored.read())
    else:
        from .rendering import certificate_pdf as render  # loads WeasyPrint; only needed when not stored

        content = io.BytesIO(render(certificate, writes=False))
    return FileResponse(content, as_attachment=True, filename=download_name(certificate), content_type=PDF)
