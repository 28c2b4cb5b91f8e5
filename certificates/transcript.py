"""The CPD transcript: one A4 portrait PDF listing a learner's CPD record for a period.

Rendered on request with WeasyPrint from templates/certificates/pdf/transcript.html, archival
PDF/A-3b like the certificates, and like them it fetches nothing from the network
(``rendering.LocalFilesFetcher``). Nothing is stored: the record can change (a revocation), so
each download is rendered afresh.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML

from .cpd import CpdRecord, Period
from .issuing import learner_name
from .rendering import PDF_VARIANT, LocalFilesFetcher, _organisation, site_root_url

TEMPLATE = "certificates/pdf/transcript.html"
STYLESHEET = "certificates/pdf/transcript.css"
DEFAULT_PROVIDER = "Groundwork"


def stylesheet() -> CSS:
    """Parsed once per process (read-only, so safe to share); re-read on every render under DEBUG."""
    return _parse_stylesheet() if settings.DEBUG else _cached_stylesheet()


def _parse_stylesheet() -> CSS:
    return CSS(string=get_template(STYLESHEET).template.source, url_fetcher=LocalFilesFetcher())


_cached_stylesheet = lru_cache(maxsize=1)(_parse_stylesheet)


def transcript_context(record: CpdRecord, user, produced_at: datetime.datetime | None = None) -> dict:
    organisation = _organisation()
    return {
        "record": record,
        "learner_name": learner_name(user),
        "provider": (organisation.organisation_name if organisation else "") or DEFAULT_PROVIDER,
        "produced_at": timezone.localtime(produced_at or timezone.now()),
        "site_root": site_root_url(),
        "language_code": settings.LANGUAGE_CODE,
    }


def transcript_pdf(record: CpdRecord, user) -> bytes:
    """The user's transcript for the record's period, as PDF/A-3b bytes."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(TEMPLATE, transcript_context(record, user))
    document = HTML(string=html, url_fetcher=LocalFilesFetcher())
    return document.write_pdf(stylesheets=[stylesheet()], pdf_variant=PDF_VARIANT)


def transcript_filename(period: Period) -> str:
    return f"cpd-transcript-{period.start.isoformat()}-{period.end.isoformat()}.pdf"
