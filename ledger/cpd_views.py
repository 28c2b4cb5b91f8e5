"""The learner's CPD page, their transcript downloads, and a transcript's public verification.

The page reads only the signed-in learner's records and writes nothing. A transcript is issued
by POST (it stores what it lists under a code), then answered as a PDF or a CSV.
"""

from __future__ import annotations

import csv
import io
from http import HTTPStatus

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from certificates.cpd import EARLIEST, PeriodError, default_period, latest_allowed, parse_period
from certificates.transcript import transcript_filename, transcript_pdf
from core import clock, throttling
from core.storage_faults import calm_when_storage_fails

from .bars import progress_bar
from .forms import HeldCredentialForm
from .models import ExternalActivity, Transcript
from .progress import credential_progress
from .record import ledger_record
from .transcript import csv_rows, issue_transcript, verification_url


@login_required
def record_page(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    period = parse_period(request.GET, today)
    error = period if isinstance(period, PeriodError) else None
    if error is not None:
        period = default_period(today)
    progress = credential_progress(request.user, today)
    bars = {
        (item.held.pk, requirement.label): progress_bar(
            requirement.percent,
            _("%(label)s: %(percent)s%% of the hours needed")
            % {"label": requirement.label, "percent": requirement.percent},
            requirement.met,
        )
        for item in progress
        for requirement in item.requirements
    }
    activities = ExternalActivity.objects.filter(user=request.user).prefetch_related("decisions")[:200]
    return TemplateResponse(
        request,
        "ledger/cpd_record.html",
        {
            "record": ledger_record(request.user, period),
            "error": error,
            "earliest": EARLIEST,
            "latest": latest_allowed(today),
            "progress": [
                (item, [(r, bars[item.held.pk, r.label]) for r in item.requirements]) for item in progress
            ],
            "activities": activities,
            "credential_form": HeldCredentialForm(user=request.user),
        },
    )


def download(render):
    """Issue the learner's transcript for the period posted, answered by ``render``, or a 400
    explaining a bad period. ``render(transcript)`` returns (content type, filename, body)."""

    @require_POST
    @login_required
    @cache_control(private=True, no_store=True)
    @calm_when_storage_fails
    def view(request: HttpRequest) -> HttpResponse:
        period = parse_period(request.POST, clock.today())
        if isinstance(period, PeriodError):
            return TemplateResponse(
                request, "certificates/cpd_bad_period.html", {"error": period}, status=HTTPStatus.BAD_REQUEST
            )
        transcript = issue_transcript(ledger_record(request.user, period), request.user)
        content_type, filename, body = render(transcript)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    return view


def _as_pdf(transcript: Transcript):
    period = transcript.snapshot["period"]
    body = transcript_pdf(transcript.snapshot | {"code": transcript.code}, verification_url(transcript.code))
    return "application/pdf", transcript_filename(period["start"], period["end"]), body


def _as_csv(transcript: Transcript):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(csv_rows(transcript))
    period = transcript.snapshot["period"]
    return "text/csv; charset=utf-8", f"cpd-record-{period['start']}-{period['end']}.csv", buffer.getvalue()


transcript_download = download(_as_pdf)
csv_download = download(_as_csv)


def verify_transcript(request: HttpRequest, transcript_code: str) -> HttpResponse:
    """Anyone with the code: the transcript's learner, period and entries, exactly as issued."""
    if not throttling.allow(request, "verify"):
        return TemplateResponse(request, "certificates/verify_throttled.html", {}, status=429)
    transcript = Transcript.objects.filter(code=transcript_code.strip().upper()).first()
    if transcript is None:
        return TemplateResponse(
            request, "certificates/verify_not_found.html", {"code": transcript_code[:40]}, status=404
        )
    return TemplateResponse(
        request, "ledger/verify_transcript.html", {"transcript": transcript, "t": transcript.snapshot}
    )
