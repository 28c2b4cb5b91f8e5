"""The learner's CPD record for a period: a page, a PDF transcript and a CSV, each for the
period in the query string (the last 24 months by default; a bad period is explained on the
page, and answered 400 by the downloads). Views stay thin: the record is built in ``cpd``, the
PDF in ``transcript``. Only the signed-in learner's own certificates are ever read, and nothing
is written."""

from __future__ import annotations

import csv
import io
from http import HTTPStatus

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control

from core import clock
from core.storage_faults import calm_when_storage_fails

from .cpd import EARLIEST, PeriodError, cpd_record, csv_rows, default_period, latest_allowed, parse_period
from .transcript import transcript_filename, transcript_pdf


@login_required
def record_page(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    period = parse_period(request.GET, today)
    error = period if isinstance(period, PeriodError) else None
    if error is not None:
        period = default_period(today)
    return TemplateResponse(
        request,
        "certificates/cpd_record.html",
        {
            "record": cpd_record(request.user, period),
            "error": error,
            "earliest": EARLIEST,
            "latest": latest_allowed(today),
        },
    )


def download(render):
    """A download of the learner's own record for the period asked for, or a 400 explaining a bad one.

    ``render(record, period, user)`` returns (content type, filename, body)."""

    @login_required
    @cache_control(private=True, no_store=True)
    @calm_when_storage_fails
    def view(request: HttpRequest) -> HttpResponse:
        period = parse_period(request.GET, clock.today())
        if isinstance(period, PeriodError):
            return TemplateResponse(
                request, "certificates/cpd_bad_period.html", {"error": period}, status=HTTPStatus.BAD_REQUEST
            )
        content_type, filename, body = render(cpd_record(request.user, period), period, request.user)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    return view


def _as_pdf(record, period, user):
    return "application/pdf", transcript_filename(period), transcript_pdf(record, user)


def _as_csv(record, period, user):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(csv_rows(record))
    return "text/csv; charset=utf-8", f"cpd-record-{period.start}-{period.end}.csv", buffer.getvalue()


transcript_download = download(_as_pdf)
csv_download = download(_as_csv)
