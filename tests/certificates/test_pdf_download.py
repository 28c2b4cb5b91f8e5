"""Downloading a certificate PDF: only the learner, their supervisors and administrators can; a
stored current file is served as it is, and a missing or stale one is rendered into the response
without anything being written. Revoking queues the rendering that stores the revoked PDF."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certificates.models import Certificate
from certificates.rendering import store_pdf
from certificates.revocation import revoke
from lms.models import Assignment
from tests.certificates.pdf_setup import complete, pdf_text
from tests.certificates.writes import nothing_written
from tests.factories import TeamFactory, UserFactory, build_module

pytestmark = pytest.mark.usefixtures("media")


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
    # Issue 10: a supervisor reaches only certificates for modules the team requires.
    Assignment.objects.create(team=team, module=certificate.module, due_on=timezone.localdate())
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
    page = PdfReader(io.BytesIO(content)).pages[0]  # logo and signature from their originals, and the QR
    images = [x for x in page["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 3  # the logo, the signature and the QR code
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


def test_the_command_renders_only_the_files_that_are_not_current(certificate, catalogue, learner_dee):
    module, lessons = build_module(catalogue, lessons=1, title="Second")
    current = complete(learner_dee, module, lessons)
    store_pdf(current)
    assert not certificate.pdf_is_current()
    out = io.StringIO()
    call_command("render_missing_pdfs", stdout=out)
    assert "Queued 1 " in out.getvalue()
    certificate.refresh_from_db()
    assert certificate.pdf_is_current()
    assert current.events.filter(kind="rendered").count() == 1  # left as it was
