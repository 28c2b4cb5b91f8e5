"""The CPD transcript: one A4 portrait PDF of what a transcript listed (its stored snapshot).

Rendered through the one PDF pipeline (``certificates.pdf``) from
templates/certificates/pdf/transcript.html, archival like the certificates, with a QR code to
the transcript's own verification page, which lists exactly the same snapshot.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from .pdf import render_pdf
from .rendering import qr_data_url

TEMPLATE = "certificates/pdf/transcript.html"
STYLESHEET = "certificates/pdf/transcript.css"


def transcript_pdf(snapshot: dict, verification_url: str) -> bytes:
    """The transcript as PDF/A-3b bytes, from the snapshot a transcript code was issued for."""
    context = {
        "t": snapshot,
        "period_start": datetime.date.fromisoformat(snapshot["period"]["start"]),
        "period_end": datetime.date.fromisoformat(snapshot["period"]["end"]),
        "produced_at": timezone.localtime(datetime.datetime.fromisoformat(snapshot["produced_at"])),
        "verification_url": verification_url,
        "qr_url": qr_data_url(verification_url),
    }
    return render_pdf(TEMPLATE, context, STYLESHEET)


def transcript_filename(start: str, end: str) -> str:
    return f"cpd-transcript-{start}-{end}.pdf"
