"""The certificate PDF: what a board reads is in the text, it is archival A4 landscape with its
fonts embedded, its QR code leads to a verification page saying valid, and only the learner,
their supervisors and administrators can download it."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pypdfium2
import pytest
import wagtail_factories
import zxingcpp
from django.core.cache import caches
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import Site

from certificates.models import Certificate, CertificateEvent
from certificates.rendering import (
    LocalFilesFetcher,
    certificate_pdf,
    media_url,
    render_certificate,
    static_url,
    store_pdf,
    verification_url,
)
from certificates.revocation import revoke
from courses.models import CpdCategory
from courses.progress import record_step_complete
from lms.models import OrganisationSettings
from tests.certificates.writes import nothing_written
from tests.factories import TeamFactory, UserFactory, build_module

A4_LANDSCAPE = (841.89, 595.28)  # points


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Files in a folder of the test's own; cached renditions would point at another test's files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for cache in caches.all():
        cache.clear()
    return settings.MEDIA_ROOT


@pytest.fixture
def organisation(catalogue):
    settings = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Harbour Peer Network"
    settings.signatory_name = "Morgan Reyes"
    settings.signatory_role = "Head of Peer Practice"
    settings.accreditation_statement = "Approved CPD provider no. 4411 with the Peer Workforce Board."
    settings.delivery_format = "Online, self-paced (e-learning)"
    settings.logo = wagtail_factories.ImageFactory(title="Logo")
    settings.signature = wagtail_factories.ImageFactory(title="Signature")
    settings.save()
    return settings


def complete(user, module, lessons) -> Certificate:
    for lesson in lessons:
        record_step_complete(user, lesson, module)
    return Certificate.objects.get(user=user, module=module)


@pytest.fixture
def learner_dee(db):
    return UserFactory(username="dee", first_name="Dee", last_name="Okafor")


@pytest.fixture
def certificate(catalogue, organisation, learner_dee) -> Certificate:
    module, lessons = build_module(
        catalogue,
        lessons=2,
        title="Boundaries in peer work",
        cpd_hours=Decimal("2.5"),
        cpd_category=CpdCategory.ETHICS,
        validity_months=24,
        objectives='[{"type": "objective", "value": "Name three kinds of boundary."},'
        ' {"type": "objective", "value": "Repair a boundary that slipped."}]',
    )
    return complete(learner_dee, module, lessons)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


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
    assert re.search(r"pdfaid:conformance(>|=\")B", xmp), xmp
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
    assert len(images) == 2


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


# Downloading


def download(client, certificate):
    return client.get(reverse("certificate_pdf", args=[certificate.code]))


def pdf_bytes(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_owner_downloads_the_pdf_as_an_attachment(certificate, client, learner_dee):
    store_pdf(certificate)
    client.force_login(learner_dee)
    response = download(client, certificate)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"certificate-boundaries-in-peer-work-{certificate.code}.pdf" in disposition
    assert "private" in response["Cache-Control"]
    assert "Dee Okafor" in pdf_text(pdf_bytes(response))


def test_another_learner_gets_not_found(certificate, client):
    client.force_login(UserFactory(username="someone-else"))
    assert download(client, certificate).status_code == 404


def test_a_team_mate_who_does_not_supervise_gets_not_found(certificate, client, learner_dee):
    mate = UserFactory(username="mate")
    team = TeamFactory()
    team.members.add(learner_dee, mate)
    client.force_login(mate)
    assert download(client, certificate).status_code == 404


def test_a_supervisor_of_the_learners_team_downloads(certificate, client, learner_dee):
    supervisor = UserFactory(username="supervisor")
    team = TeamFactory()
    team.members.add(learner_dee)
    team.supervisors.add(supervisor)
    client.force_login(supervisor)
    response = download(client, certificate)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_supervisor_of_another_team_gets_not_found(certificate, client, learner_dee):
    supervisor = UserFactory(username="other-supervisor")
    TeamFactory().supervisors.add(supervisor)
    their_own = TeamFactory()
    their_own.supervisors.add(supervisor)
    their_own.members.add(UserFactory(username="their-learner"))
    TeamFactory().members.add(learner_dee)
    client.force_login(supervisor)
    assert download(client, certificate).status_code == 404


def test_a_superuser_downloads(certificate, client):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert download(client, certificate).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(certificate, client):
    response = download(client, certificate)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_and_malformed_codes_are_not_found(certificate, client, learner_dee):
    client.force_login(learner_dee)
    for code in ["GW-2222-2222-2222-2222", "not-a-code", "<script>"]:
        assert client.get(f"/certificates/{code}/certificate.pdf").status_code == 404


def test_a_missing_file_is_rendered_into_the_download_and_nothing_is_written(
    certificate, client, learner_dee, private_files
):
    name = store_pdf(certificate)
    certificate.pdf.storage.delete(name)
    client.force_login(learner_dee)
    with nothing_written(private_files):
        response = download(client, certificate)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert (
            f"certificate-boundaries-in-peer-work-{certificate.code}.pdf" in response["Content-Disposition"]
        )
        text = pdf_text(pdf_bytes(response))
    assert certificate.code in text and "Dee Okafor" in text and "REVOKED" not in text


def test_a_certificate_never_rendered_is_rendered_into_the_download(
    certificate, client, learner_dee, private_files
):
    assert not certificate.pdf
    client.force_login(learner_dee)
    with nothing_written(private_files):
        response = download(client, certificate)
        assert response.status_code == 200
        content = pdf_bytes(response)
    assert certificate.code in pdf_text(content)
    page = PdfReader(io.BytesIO(content)).pages[0]  # logo and signature, from their originals
    images = [x for x in page["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 2
    certificate.refresh_from_db()
    assert not certificate.pdf


def test_a_pdf_is_never_served_from_public_media(certificate, settings):
    name = store_pdf(certificate)
    assert certificate.pdf.storage.exists(name)
    assert not (settings.MEDIA_ROOT / name).exists()
    assert not str(certificate.pdf.storage.path(name)).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        certificate.pdf.storage.url(name)


def test_a_revoked_certificate_stays_downloadable_by_its_owner(certificate, client, learner_dee):
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = "Issued in error."
    certificate.save()
    client.force_login(learner_dee)
    response = download(client, certificate)
    assert response.status_code == 200
    assert "REVOKED" in pdf_text(pdf_bytes(response))


def test_a_pdf_rendered_before_revocation_is_served_revoked_and_nothing_is_written(
    certificate, client, learner_dee, private_files
):
    """A file stored before the revocation (its re-rendering not run yet) is not served: the GET
    renders the revoked certificate into the response, and leaves storing it to the queued task."""
    store_pdf(certificate)
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_at=timezone.now(), revoked_reason="Completed on someone else's account."
    )
    client.force_login(learner_dee)
    with nothing_written(private_files):
        text = pdf_text(pdf_bytes(download(client, certificate)))
    assert "REVOKED" in text and "someone else's account" in text


def test_revoking_queues_the_rendering_that_stores_the_revoked_pdf(
    certificate, client, learner_dee, django_capture_on_commit_callbacks
):
    first = store_pdf(certificate)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert revoke(certificate, None, "Completed on someone else's account.")
    assert callbacks  # the rendering is queued after commit, not run inside the revocation
    certificate.refresh_from_db()
    assert certificate.pdf.name != first and certificate.pdf_is_current()
    with certificate.pdf.open("rb") as stored:
        assert "REVOKED" in pdf_text(stored.read())
    kinds = list(certificate.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["revoked", "rendered"]

    client.force_login(learner_dee)
    with certificate.pdf.open("rb") as stored:
        assert pdf_bytes(download(client, certificate)) == stored.read()  # served as stored


def test_the_stored_file_is_current_only_when_it_exists_and_follows_any_revocation(certificate):
    assert not certificate.pdf_is_current()  # never rendered
    name = store_pdf(certificate)
    assert certificate.pdf_is_current()
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())
    certificate.refresh_from_db()
    assert not certificate.pdf_is_current()  # rendered before the revocation
    store_pdf(certificate)
    assert certificate.pdf_is_current()
    certificate.pdf.storage.delete(certificate.pdf.name)
    assert not certificate.pdf_is_current()  # the file is gone
    assert name != certificate.pdf.name


def test_only_get_and_head_are_answered(certificate, client, learner_dee):
    client.force_login(learner_dee)
    assert client.post(reverse("certificate_pdf", args=[certificate.code])).status_code == 405
