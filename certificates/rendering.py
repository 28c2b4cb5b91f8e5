"""The certificate PDF: rendered from templates/certificates/pdf/ through the one PDF pipeline
(``certificates.pdf``), and stored in the private storage.

``certificate_pdf`` makes the bytes: one A4 landscape page, branded from the organisation's
settings, with a QR code (segno, inline SVG) to the public verification page and the code
printed beside it. ``store_pdf`` saves them under a fresh name, ``certificates/<code>-<random>.pdf``,
and records the rendering; the task ``render_certificate`` calls it, queued after commit when a
certificate is issued or revoked, and is safe to run twice. A storage fault is retried later
(``core.storage_faults.retry_later``); until the file is stored, a download renders it afresh.
"""

from __future__ import annotations

import logging
import secrets

import segno
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from wagtail.images.models import Filter

from core import clock
from core.links import absolute_url
from core.organisation import organisation_settings
from core.storage_faults import STORAGE_ERRORS, retry_later

from .models import Certificate, CertificateEvent, CertificateStatus
from .pdf import media_url, render_pdf

logger = logging.getLogger(__name__)

TEMPLATE = "certificates/pdf/certificate.html"
STYLESHEET = "certificates/pdf/certificate.css"
LOGO_FILTER = "max-600x200"
SIGNATURE_FILTER = "max-500x160"


def verification_url(certificate: Certificate, request=None) -> str:
    """The absolute address of the certificate's public verification page (what the QR code
    holds); ``request``, when rendering into a response, counts only in development."""
    return absolute_url(certificate.get_verification_path(), request)


QR_MASK = 2


def qr_data_url(url: str) -> str:
    """The QR code as a PNG image URL, one pixel a module with its quiet zone, so the PDF tags it
    as a figure with its alternative text. The stylesheets scale it up without smoothing
    (``image-rendering: pixelated``), so it prints with sharp edges; a raster image costs a render
    far less than an SVG path of a few hundred squares, which WeasyPrint parses and draws in Python."""
    code = segno.make(url, error="m", micro=False, mask=QR_MASK)
    return code.png_data_uri(scale=1, border=4)


COMPACT_OBJECTIVES = 6
COMPACT_OBJECTIVE_CHARACTERS = 480
COMPACT_TITLE = 70
COMPACT_NAME = 40


def layout(certificate: Certificate) -> str:
    """``regular``, or ``compact`` when the content would not fit the regular layout's one page."""
    objectives = certificate.objectives or []
    long_content = (
        len(objectives) > COMPACT_OBJECTIVES
        or sum(len(item) for item in objectives) > COMPACT_OBJECTIVE_CHARACTERS
        or len(certificate.module_title) > COMPACT_TITLE
        or len(certificate.learner_name) > COMPACT_NAME
        or (certificate.revoked_at is not None and len(objectives) > COMPACT_OBJECTIVES - 2)
    )
    return "compact" if long_content else "regular"


def _image_url(image, filter_spec: str, *, writes: bool) -> str:
    """A storage URL for a Wagtail image, scaled down so that a large upload stays a small PDF.

    Without ``writes`` (a GET) no rendition is made: an existing one is used, else the original.
    A missing or unreadable file leaves the image out rather than failing the certificate."""
    if image is None:
        return ""
    try:
        if image.is_svg():
            return media_url(image.file.name)
        if writes:
            return media_url(image.get_rendition(filter_spec).file.name)
        try:
            return media_url(image.find_existing_rendition(Filter(spec=filter_spec)).file.name)
        except ObjectDoesNotExist:
            return media_url(image.file.name)
    except Exception:  # a missing source file, an unreadable upload: print without it
        logger.warning(
            "Certificate image %s could not be loaded; rendering without it.", image.pk, exc_info=True
        )
        return ""


def context_for(certificate: Certificate, *, writes: bool = True, request=None) -> dict:
    organisation = organisation_settings()
    url = verification_url(certificate, request)
    return {
        "certificate": certificate,
        "issued_at": timezone.localtime(certificate.issued_at),
        "issued_on": clock.day_of(certificate.issued_at),
        "revoked_on": clock.day_of(certificate.revoked_at) if certificate.revoked_at else None,
        "ethics_hours": certificate.ethics_hours or 0,
        "revoked": certificate.status == CertificateStatus.REVOKED,
        "logo_url": _image_url(organisation.logo, LOGO_FILTER, writes=writes),
        "signature_url": _image_url(organisation.signature, SIGNATURE_FILTER, writes=writes),
        "verification_url": url,
        "qr_url": qr_data_url(url),
        "layout": layout(certificate),
    }


def certificate_pdf(certificate: Certificate, *, writes: bool = True, request=None) -> bytes:
    """The certificate as tagged PDF/A-3a (and PDF/UA-1) bytes, as it stands now (revoked or
    not). ``writes=False`` (on a GET) makes no image rendition, so rendering writes nothing."""
    context = context_for(certificate, writes=writes, request=request)
    return render_pdf(TEMPLATE, context, STYLESHEET, identifier=certificate.code.encode())


def pdf_name(certificate: Certificate) -> str:
    """A fresh name for each rendering, so a download in progress never loses its file."""
    return f"certificates/{certificate.code}-{secrets.token_hex(6)}.pdf"


def store_pdf(certificate: Certificate, *, note: str = "") -> str:
    """Render the PDF, save it under a new name, point the certificate at it, record the rendering,
    then remove the old file; returns the new file's name."""
    content = certificate_pdf(certificate)
    storage = certificate.pdf.storage
    stale = Certificate.objects.filter(pk=certificate.pk).values_list("pdf", flat=True).first() or ""
    saved = storage.save(pdf_name(certificate), ContentFile(content))
    with transaction.atomic():
        # Only the file field: a revocation saved meanwhile must not be overwritten.
        Certificate.objects.filter(pk=certificate.pk).update(pdf=saved)
        CertificateEvent.objects.create(
            certificate=certificate, kind=CertificateEvent.Kind.RENDERED, note=note
        )
    certificate.pdf.name = saved
    if stale and stale != saved:
        transaction.on_commit(lambda: storage.delete(stale) if storage.exists(stale) else None)
    return saved


@task()
def render_certificate(certificate_id: int, attempt: int = 1) -> str | None:
    """Render and store a certificate's PDF. Running it again replaces the file; an unknown id does
    nothing. A storage fault queues another attempt later; the last one fails the task."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        logger.info("Certificate %s no longer exists; nothing to render.", certificate_id)
        return None
    try:
        return store_pdf(certificate)
    except STORAGE_ERRORS:
        if not retry_later(
            render_certificate,
            certificate_id,
            attempt=attempt,
            what=f"Rendering certificate {certificate_id}",
        ):
            raise
    return None
