"""The certificate PDF: rendered with WeasyPrint from templates/certificates/pdf/, stored in media storage.

``certificate_pdf`` makes the bytes: one A4 landscape page, archival PDF/A-3b, fonts embedded
(DejaVu from Debian's ``fonts-dejavu-core``, found through fontconfig and subset into the file),
branded from the organisation's site settings, with a QR code (segno, inline SVG) to the public
verification page and the code printed beside it. ``store_pdf`` saves it as
``certificates/<code>.pdf`` and records the rendering; the task ``render_certificate`` (queued
after commit by ``issuing``) calls it, and is safe to run twice.

WeasyPrint fetches nothing from the network: ``LocalFilesFetcher`` serves only files from the
media and static storages, through two private URL schemes, and refuses every other URL.
"""

from __future__ import annotations

import logging
import mimetypes
import secrets
from functools import lru_cache

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django_tasks import task
from wagtail.models import Site
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import Certificate, CertificateEvent, CertificateStatus

logger = logging.getLogger(__name__)

TEMPLATE = "certificates/pdf/certificate.html"
STYLESHEET = "certificates/pdf/certificate.css"
PDF_VARIANT = "pdf/a-3b"
MEDIA_SCHEME = "gw-media:"
STATIC_SCHEME = "gw-static:"
LOGO_FILTER = "max-600x200"
SIGNATURE_FILTER = "max-500x160"


class LocalFilesFetcher(URLFetcher):
    """Serve ``gw-media:<name>`` from the default storage and ``gw-static:<path>`` from the static
    files; refuse anything else (http, https, file, data…), so a certificate never reaches out."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith(MEDIA_SCHEME):
            name = url.removeprefix(MEDIA_SCHEME)
            with default_storage.open(name, "rb") as file:
                body = file.read()
        elif url.startswith(STATIC_SCHEME):
            body = _static_bytes(url.removeprefix(STATIC_SCHEME))
        else:
            raise ValueError(f"Certificates load only media and static files, not {url[:80]!r}.")
        content_type = mimetypes.guess_type(url.split(":", 1)[1])[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def _static_bytes(path: str) -> bytes:
    found = finders.find(path)  # the source folders (development, tests)
    if found:
        with open(found, "rb") as file:
            return file.read()
    with staticfiles_storage.open(path, "rb") as file:  # collected static files (production)
        return file.read()


def media_url(name: str) -> str:
    """The URL a certificate template uses for a file in the default (media) storage."""
    return f"{MEDIA_SCHEME}{name}"


def static_url(path: str) -> str:
    """The URL a certificate template uses for a static file."""
    return f"{STATIC_SCHEME}{path}"


def site_root_url() -> str:
    """The site's absolute root, without a trailing slash: WAGTAILADMIN_BASE_URL, else the default site."""
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    if not base:
        site = Site.objects.filter(is_default_site=True).first()
        base = site.root_url if site else ""
    if not base:
        raise ImproperlyConfigured("Set WAGTAILADMIN_BASE_URL or a default site to print verification links.")
    return base.rstrip("/")


def verification_url(certificate: Certificate) -> str:
    """The absolute address of the certificate's public verification page (what the QR code holds)."""
    return site_root_url() + certificate.get_verification_path()


def qr_svg(url: str) -> str:
    """An inline SVG QR code for ``url``: vector, sized by the stylesheet, with its quiet zone."""
    return segno.make(url, error="m", micro=False).svg_inline(
        omitsize=True, svgclass="qr", lineclass=None, title="QR code to the verification page"
    )


def stylesheet() -> CSS:
    """The certificate's stylesheet, parsed once per process: it is read-only, so sharing it is safe
    (no per-request state), and it saves re-parsing on every certificate. Re-read on every render
    under DEBUG, so that edits show at once."""
    return _parse_stylesheet() if settings.DEBUG else _cached_stylesheet()


def _parse_stylesheet() -> CSS:
    source = get_template(STYLESHEET).template.source
    return CSS(string=source, url_fetcher=LocalFilesFetcher())


_cached_stylesheet = lru_cache(maxsize=1)(_parse_stylesheet)


def _organisation():
    from lms.models import OrganisationSettings

    site = Site.objects.filter(is_default_site=True).first()
    return OrganisationSettings.for_site(site) if site else None


def _image_url(image, filter_spec: str) -> str:
    """A storage URL for a Wagtail image, scaled down so that a large upload stays a small PDF.

    A missing or unreadable file leaves the image out rather than failing the certificate."""
    if image is None:
        return ""
    try:
        if image.is_svg():
            return media_url(image.file.name)
        return media_url(image.get_rendition(filter_spec).file.name)
    except Exception:  # a missing source file, an unreadable upload: print without it
        logger.warning(
            "Certificate image %s could not be loaded; rendering without it.", image.pk, exc_info=True
        )
        return ""


def context_for(certificate: Certificate) -> dict:
    organisation = _organisation()
    url = verification_url(certificate)
    return {
        "certificate": certificate,
        "issued_at": timezone.localtime(certificate.issued_at),
        "ethics_hours": certificate.ethics_hours or 0,
        "revoked": certificate.status == CertificateStatus.REVOKED,
        "logo_url": _image_url(organisation.logo if organisation else None, LOGO_FILTER),
        "signature_url": _image_url(organisation.signature if organisation else None, SIGNATURE_FILTER),
        "verification_url": url,
        "qr_svg": qr_svg(url),
        "language_code": settings.LANGUAGE_CODE,
    }


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as PDF/A-3b bytes."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(TEMPLATE, context_for(certificate))
    document = HTML(string=html, url_fetcher=LocalFilesFetcher())
    return document.write_pdf(
        stylesheets=[stylesheet()], pdf_variant=PDF_VARIANT, pdf_identifier=certificate.code.encode()
    )


def pdf_name(certificate: Certificate) -> str:
    """A fresh name for each rendering, so a download in progress never loses its file."""
    return f"certificates/{certificate.code}-{secrets.token_hex(6)}.pdf"


def store_pdf(certificate: Certificate, *, note: str = "") -> str:
    """Render the PDF, save it under a new name, point the certificate at it, then remove the old file."""
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
def render_certificate(certificate_id: int) -> str | None:
    """Render and store a certificate's PDF. Running it again replaces the file; an unknown id does nothing."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        logger.info("Certificate %s no longer exists; nothing to render.", certificate_id)
        return None
    return store_pdf(certificate)
