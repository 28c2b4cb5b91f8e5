"""Downloading a certificate's PDF: the learner, the supervisors of a team of theirs that requires
the module, and administrators only. A download by anyone but the learner is logged for the
learner to see (``access_log``): the one write a GET here makes.

Otherwise a GET writes nothing. The stored file is served when it is current; when it is missing or was
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

from access_log.recording import Kind, Role, record_view
from core.storage_faults import calm_when_storage_fails
from core.supervision import supervises_for_module

from .codes import normalise
from .models import Certificate

PDF = "application/pdf"
OWNER = "owner"


def downloader_role(user, certificate: Certificate) -> str | None:
    """As whom ``user`` may download it: the owner (revoked or not), an administrator (a
    superuser), a supervisor of a team the learner belongs to that requires the module (the
    member page shows no other), or None."""
    if not user.is_authenticated:
        return None
    if certificate.user_id is not None and certificate.user_id == user.pk:
        return OWNER
    if user.is_superuser:
        return Role.ADMINISTRATOR
    if supervises_for_module(user, certificate.user_id, certificate.module_id):
        return Role.SUPERVISOR
    return None


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
    role = downloader_role(request.user, certificate)
    if role is None:
        raise Http404
    if certificate.pdf_is_current():
        with certificate.pdf.open("rb") as stored:  # read here, so a storage fault is a calm 503
            content = io.BytesIO(stored.read())
    else:
        from .rendering import certificate_pdf as render  # loads WeasyPrint; only needed when not stored

        content = io.BytesIO(render(certificate, writes=False, request=request))
    if role != OWNER:
        record_view(request.user, certificate.user_id, Kind.CERTIFICATE, certificate.module_title, role=role)
    return FileResponse(content, as_attachment=True, filename=download_name(certificate), content_type=PDF)
