"""A transcript a board accepts: its QR code leads to a page listing exactly what it listed."""

from __future__ import annotations

import datetime
import io
from urllib.parse import urlsplit

import pypdfium2
import pytest
import time_machine
import zxingcpp
from django.urls import reverse
from pypdf import PdfReader

from certificates.models import Certificate
from certificates.revocation import revoke
from certificates.transcript import transcript_pdf
from courses.models import CpdCategory
from courses.progress import complete_module
from ledger.models import Transcript
from ledger.review import decide
from tests.certificates.pdf_setup import drawn_both_ways, structure
from tests.factories import TeamFactory, UserFactory, build_module
from tests.ledger.factories import external_activity

PERIOD = {"from": "2025-01-01", "to": "2026-11-30"}


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0), tick=False):
        yield


@pytest.fixture
def record(catalogue):
    dee = UserFactory(username="dee", first_name="Dee", last_name="Okafor")
    supervisor = UserFactory(username="jordan", first_name="Jordan", last_name="Lee")
    team = TeamFactory()
    team.supervisors.add(supervisor)
    team.members.add(dee)
    module, _ = build_module(
        catalogue,
        lessons=1,
        title="Trauma and the body",
        cpd_hours=3,
        cpd_category=CpdCategory.TRAUMA_INFORMED,
    )
    lost, _ = build_module(
        catalogue, lessons=1, title="Withdrawn module", cpd_hours=2, cpd_category=CpdCategory.WELLBEING
    )
    complete_module(dee, module)
    complete_module(dee, module, cycle=2)
    complete_module(dee, lost)
    revoke(
        Certificate.objects.get(module=lost),
        UserFactory(username="boss", is_superuser=True),
        "Issued in error.",
    )
    workshop = external_activity(
        dee, title="Ethics day", provider="State network", hours="6.0", category="ethics", ethics_hours="6.0"
    )
    decide(workshop, supervisor, "approved", "")
    return dee


def qr_urls(pdf: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_transcript__lists_everything_and_its_qr_verifies_exactly_that(client, record):
    client.force_login(record)
    response = client.post(reverse("cpd_transcript"), PERIOD)
    assert response.status_code == 200
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    transcript = Transcript.objects.get()
    for expected in [
        "Dee Okafor",
        transcript.code,
        "Trauma and the body",
        "Renewal within the period: counted once",
        "Ethics day (State network)",
        "Approved by Jordan Lee",
        "1 revoked certificate from the period is left out.",
        "Total CPD hours 9.0",
        "Of which ethics hours 6.0",
        "attests that this transcript is a true record",
    ]:
        assert expected in text, expected
    assert "Withdrawn module" not in text
    (url,) = qr_urls(response.content)
    assert url.endswith(f"/verify/transcripts/{transcript.code}/")
    tags = structure(PdfReader(io.BytesIO(response.content)).trailer["/Root"]["/StructTreeRoot"]["/K"], [])
    figures = [alt for kind, alt in tags if kind == "/Figure"]
    assert figures == [f"QR code linking to the transcript's verification page, {url}"]
    client.logout()
    page = client.get(urlsplit(url).path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Genuine transcript" in html and "Dee Okafor" in html
    for entry in transcript.snapshot["entries"]:
        assert entry["title"] in html
    assert html.count("<tr>") - 1 == len(transcript.snapshot["entries"]) == 3


def test_transcript__the_same_content_twice_is_one_transcript_and_others_get_404(client, record):
    client.force_login(record)
    client.post(reverse("cpd_transcript"), PERIOD)
    client.post(reverse("cpd_csv"), PERIOD)
    assert Transcript.objects.count() == 1
    assert client.get(reverse("verify_transcript", args=["GT-NOPE-NOPE-NOPE-NOPE"])).status_code == 404


def test_a_transcript_of_several_pages_draws_as_with_weasyprints_full_html_stylesheet(
    client, record, monkeypatch
):
    client.force_login(record)
    client.post(reverse("cpd_transcript"), PERIOD)
    transcript = Transcript.objects.get()
    snapshot = {**transcript.snapshot, "entries": transcript.snapshot["entries"] * 30}
    url = f"https://example.org/verify/transcripts/{transcript.code}/"
    ours, weasyprints = drawn_both_ways(lambda: transcript_pdf(snapshot, url), monkeypatch)
    assert len(ours) > 2  # the column headings and the page footers repeat
    assert ours == weasyprints
