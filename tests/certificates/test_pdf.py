"""The certificate PDF: what a board reads is in the text, it is archival A4 landscape with its
fonts embedded, its QR code leads to a verification page saying valid, and rendering stores it.
Downloading it is in test_pdf_download."""

from __future__ import annotations

import gc
import io
import re
import threading
from decimal import Decimal
from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from certificates import pdf
from certificates.models import CertificateEvent
from certificates.pdf import LocalFilesFetcher, media_url, static_url
from certificates.rendering import certificate_pdf, render_certificate, store_pdf, verification_url
from courses.models import CpdCategory
from tests.certificates.pdf_setup import complete, long_date, pdf_text
from tests.factories import build_module

pytestmark = pytest.mark.usefixtures("media")

A4_LANDSCAPE = (841.89, 595.28)  # points


def test_the_pdf_shows_what_a_board_reads(certificate):
    text = pdf_text(certificate_pdf(certificate))
    issued_on = timezone.localtime(certificate.issued_at).date()
    assert certificate.expires_on is not None
    for expected in [
        "Certificate of completion",
        "Dee Okafor",
        "Boundaries in peer work",
        "CPD hours: 2.5 hours (Ethics)",
        "Ethics hours: 2.5",
        "Name three kinds of boundary.",
        "Repair a boundary that slipped.",
        "Delivery format: Online, self-paced (e-learning)",
        "Provider: Harbour Peer Network",
        "Morgan Reyes",
        "Head of Peer Practice",
        "Approved CPD provider no. 4411 with the Peer Workforce Board.",
        f"Issued: {long_date(issued_on)}",
        f"Expires: {long_date(certificate.expires_on)}",
        f"Content revision: {certificate.revision_number}",
        certificate.code,
        verification_url(certificate),
    ]:
        assert expected in text, expected
    assert "REVOKED" not in text


def test_ethics_hours_are_printed_as_zero_for_other_categories(catalogue, learner_dee):
    module, lessons = build_module(
        catalogue, lessons=1, cpd_hours=Decimal("1.5"), cpd_category=CpdCategory.WELLBEING, validity_months=0
    )
    certificate = complete(learner_dee, module, lessons)
    text = pdf_text(certificate_pdf(certificate))
    assert "CPD hours: 1.5 hours (Wellbeing)" in text
    assert "Ethics hours: 0" in text
    assert "Expires: Does not expire" in text


def test_the_pdf_is_archival_a4_landscape_with_its_fonts_embedded(certificate):
    reader = PdfReader(io.BytesIO(certificate_pdf(certificate)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=1)

    catalog = reader.trailer["/Root"]
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", xmp), xmp
    assert re.search(r"pdfaid:conformance(>|=\")A", xmp), xmp  # level A: tagged (test_pdf_layout)
    assert catalog["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"

    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        font = font.get_object()
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
        assert "DejaVu" in font["/BaseFont"]


def test_the_pdf_carries_the_logo_and_signature_from_the_site_settings(certificate):
    page = PdfReader(io.BytesIO(certificate_pdf(certificate))).pages[0]
    images = [x for x in page["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 3  # the logo, the signature and the QR code
    (qr,) = [
        image.get_object()
        for image in images
        if image.get_object().get("/Interpolate") == BooleanObject(False)
    ]
    assert qr["/Width"] == qr["/Height"] < 60  # a pixel a module, drawn with sharp edges


def test_the_qr_code_in_the_pdf_leads_to_a_page_saying_valid(certificate, client):
    document = pypdfium2.PdfDocument(certificate_pdf(certificate))
    image = document[0].render(scale=3).to_pil()  # 216 dpi: what a phone camera sees, roughly
    codes = zxingcpp.read_barcodes(image)
    assert [code.format for code in codes] == [zxingcpp.BarcodeFormat.QRCode]
    url = codes[0].text
    assert url == verification_url(certificate)
    assert url.startswith(("http://", "https://"))

    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Valid" in content and certificate.code in content and "Dee Okafor" in content


def test_a_revoked_certificate_says_so(certificate):
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = "Issued in error."
    certificate.save()
    text = pdf_text(certificate_pdf(certificate))
    assert "REVOKED" in text
    assert f"revoked on {long_date(timezone.localdate())}" in text
    assert "Issued in error." in text


def test_images_come_only_from_local_storage_never_the_network(certificate, organisation):
    fetcher = LocalFilesFetcher()
    logo = organisation.logo.file.name
    assert fetcher.fetch(media_url(logo)).read() == organisation.logo.file.storage.open(logo).read()
    for url in ["http://example.org/logo.png", "https://example.org/x.css", "file:///etc/passwd"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    for url in [media_url("../../../../etc/passwd"), static_url("../../../../etc/passwd")]:
        with pytest.raises(SuspiciousOperation):
            fetcher.fetch(url)


def test_storing_saves_the_file_under_its_code_and_records_it(certificate):
    name = store_pdf(certificate)
    assert name.startswith(f"certificates/{certificate.code}-") and name.endswith(".pdf")
    certificate.refresh_from_db()
    assert certificate.pdf.name == name
    with certificate.pdf.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")
    assert CertificateEvent.objects.filter(certificate=certificate, kind="rendered").count() == 1


def test_rendering_again_replaces_the_file(certificate, private_files, django_capture_on_commit_callbacks):
    render_certificate.enqueue(certificate.pk)
    certificate.refresh_from_db()
    first = certificate.pdf.name
    certificate.learner_name = "Dee A. Okafor"  # e.g. a corrected record, rendered again
    certificate.save()
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes after commit
        render_certificate.enqueue(certificate.pk)
    certificate.refresh_from_db()
    assert certificate.pdf.name != first  # a new name: a download in progress keeps its file
    assert [f"certificates/{path.name}" for path in (private_files / "certificates").iterdir()] == [
        certificate.pdf.name
    ]
    with certificate.pdf.open("rb") as stored:
        assert "Dee A. Okafor" in pdf_text(stored.read())
    assert CertificateEvent.objects.filter(certificate=certificate, kind="rendered").count() == 2


def test_rendering_a_certificate_that_no_longer_exists_does_nothing(db):
    result = render_certificate.enqueue(987654)
    assert result.status == "SUCCESSFUL"
    assert result.return_value is None


def test_completing_a_module_renders_the_pdf_after_commit(
    catalogue, learner_dee, django_capture_on_commit_callbacks
):
    module, lessons = build_module(catalogue, lessons=2)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = complete(learner_dee, module, lessons)
    certificate.refresh_from_db()
    assert certificate.pdf.name.startswith(f"certificates/{certificate.code}-")
    assert certificate.pdf.storage.exists(certificate.pdf.name)


def test_rendering_pauses_the_cyclic_collector_and_restores_it_even_on_failure(certificate, monkeypatch):
    seen = []
    real_write = pdf.HTML.write_pdf

    def spy(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(pdf.HTML, "write_pdf", spy)
    assert gc.isenabled()
    certificate_pdf(certificate)
    assert seen == [False]
    assert gc.isenabled()

    def broken(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pdf.HTML, "write_pdf", broken)
    with pytest.raises(OSError):
        certificate_pdf(certificate)
    assert gc.isenabled()

    gc.disable()
    try:
        monkeypatch.setattr(pdf.HTML, "write_pdf", spy)
        certificate_pdf(certificate)
        assert not gc.isenabled(), "a pause inside a pause leaves the collector off"
    finally:
        gc.enable()


def test_each_thread_keeps_its_own_fonts_and_a_bounded_image_cache(monkeypatch):
    mine = pdf.font_configuration()
    assert pdf.font_configuration() is mine, "kept between renders"
    other = []
    thread = threading.Thread(target=lambda: other.append(pdf.font_configuration()))
    thread.start()
    thread.join()
    assert other[0] is not mine, "Pango's font map is not shared between threads"

    monkeypatch.setattr(pdf, "IMAGE_CACHE_ENTRIES", 3)
    images = pdf.image_cache()
    images.update({n: n for n in range(3)})
    assert pdf.image_cache() is images
    images[3] = 3
    assert pdf.image_cache() == {}, "emptied, between renders, once over its size"


def test_two_renders_in_a_row_are_the_same_certificate_and_both_carry_the_logo(certificate, organisation):
    first, second = certificate_pdf(certificate), certificate_pdf(certificate)
    for content in (first, second):
        reader = PdfReader(io.BytesIO(content))
        assert certificate.code in reader.pages[0].extract_text()
        assert len(reader.pages[0].images) >= 2  # the logo and the signature, from the kept images
