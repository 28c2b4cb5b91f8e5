"""Ledger figures: the "all my data" ZIP of a learner holding 50 certificates, and a transcript's
warm PDF render (issue 11 asks for 150 ms or less).

Set-up (untimed): one certificate PDF rendered for real through the pipeline, its bytes stored as
each of the 50 certificates' file (the same size as real ones), an evidence file and a transcript.
Timed: the task body that builds the ZIP (JSON, 50 PDFs, the transcript rendered as PDF and CSV,
the evidence) into private storage, marks it ready and records the email.
"""

from __future__ import annotations

import io
import secrets
import zipfile

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from bench.certificates import WrongResult, _module
from bench.runner import benchmark
from certificates.codes import new_code
from certificates.cpd import parse_period
from certificates.models import Certificate, CertificateEvent
from certificates.rendering import certificate_pdf
from certificates.transcript import transcript_pdf
from core import clock
from courses.progress import complete_module
from ledger.models import Transcript
from ledger.record import ledger_record
from ledger.transcript import issue_transcript, verification_url
from lms.data_export import build_data_export
from lms.models import DataExport
from tests.factories import UserFactory
from tests.ledger.factories import external_activity

CERTIFICATES = 50


def a_copy(first: Certificate, number: int) -> Certificate:
    """Another certificate of the same learner, as for a different module (its own code and title)."""
    return Certificate.objects.create(
        user=first.user,
        code=new_code(),
        learner_name=first.learner_name,
        module_title=f"{first.module_title} {number}",
        cpd_hours=first.cpd_hours,
        cpd_category=first.cpd_category,
        cpd_category_label=first.cpd_category_label,
        delivery_format=first.delivery_format,
        provider=first.provider,
        issued_at=timezone.now(),
    )


def a_learner_with_50_certificates():
    module, _ = _module(lessons=1)
    learner = UserFactory(
        username="bench-export", first_name="Dee", last_name="Okafor", email="dee@example.org"
    )
    complete_module(learner, module)
    first = Certificate.objects.get(user=learner)
    pdf = certificate_pdf(first)
    for number in range(CERTIFICATES):
        certificate = first if number == 0 else a_copy(first, number)
        certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf))
        CertificateEvent.objects.create(certificate=certificate, kind=CertificateEvent.Kind.RENDERED)
    external_activity(learner)
    from django.test import Client

    client = Client()
    client.force_login(learner)
    client.post(reverse("cpd_transcript"), {"from": "2020-01-01"})
    if not Transcript.objects.filter(user=learner).exists():
        raise WrongResult("no transcript was issued in set-up")
    return learner


def a_fresh_request(learner) -> DataExport:
    return DataExport.objects.create(user=learner, token=secrets.token_urlsafe(32))


@benchmark(
    f"my data: ZIP of a learner with {CERTIFICATES} certificates",
    target_ms=10_000,
    setup=a_learner_with_50_certificates,
    prepare=a_fresh_request,
    runs=3,
    warmup=0,
)
def data_zip(export: DataExport) -> None:
    build_data_export.call(export.pk)
    export.refresh_from_db()
    with export.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        names = archive.namelist()
    pdfs = [name for name in names if name.startswith("certificates/")]
    if export.status != "ready" or len(pdfs) != CERTIFICATES or "my-data.json" not in names:
        raise WrongResult(f"{export.status}: {len(pdfs)} certificate PDFs in {len(names)} files")


def a_transcript_of_12_activities() -> Transcript:
    """A learner's transcript listing twelve certificates and an approved workshop, rendered once
    untimed so that templates, stylesheet and fonts are loaded."""
    module, _ = _module(lessons=1)
    learner = UserFactory(username="bench-transcript", first_name="Dee", last_name="Okafor")
    complete_module(learner, module)
    first = Certificate.objects.get(user=learner)
    for number in range(1, 12):
        a_copy(first, number)
    external_activity(learner)
    record = ledger_record(learner, parse_period({"from": "2020-01-01"}, clock.today()))
    transcript = issue_transcript(record, learner)
    if len(transcript.snapshot["entries"]) < 12:
        raise WrongResult(f"the transcript lists {len(transcript.snapshot['entries'])} activities")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render(transcript))).pages)
    if transcript.code not in text:
        raise WrongResult("the transcript's PDF does not carry its code")
    return transcript


def render(transcript: Transcript) -> bytes:
    return transcript_pdf(transcript.snapshot | {"code": transcript.code}, verification_url(transcript.code))


@benchmark("transcript: warm PDF render, 12 activities", target_ms=150, setup=a_transcript_of_12_activities)
def render_transcript(transcript: Transcript) -> None:
    if not render(transcript).startswith(b"%PDF-"):
        raise WrongResult("the render did not produce a PDF")
