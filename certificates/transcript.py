"""The CPD transcript: one A4 portrait PDF listing a learner's CPD record for a period.

Rendered on request through the one PDF pipeline (``certificates.pdf``) from
templates/certificates/pdf/transcript.html, archival like the certificates. Nothing is stored:
the record can change (a revocation), so each download is rendered afresh.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.links import site_root_url
from core.organisation import organisation_settings

from .cpd import CpdRecord, Period
from .issuing import learner_name
from .pdf import render_pdf

TEMPLATE = "certificates/pdf/transcript.html"
STYLESHEET = "certificates/pdf/transcript.css"
DEFAULT_PROVIDER = "Groundwork"


def transcript_context(record: CpdRecord, user, produced_at: datetime.datetime | None = None) -> dict:
    return {
        "record": record,
        "learner_name": learner_name(user),
        "provider": organisation_settings().organisation_name or DEFAULT_PROVIDER,
        "produced_at": timezone.localtime(produced_at or timezone.now()),
        "site_root": site_root_url(),
    }


def transcript_pdf(record: CpdRecord, user) -> bytes:
    """The user's transcript for the record's period, as PDF/A-3b bytes."""
    return render_pdf(TEMPLATE, transcript_context(record, user), STYLESHEET)


def transcript_filename(period: Period) -> str:
    return f"cpd-transcript-{period.start.isoformat()}-{period.end.isoformat()}.pdf"
