"""Staff tools: a module's certificates as one ZIP, streamed, or built by a task for large sets."""

import datetime
import io
import zipfile
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse

from certificates.exports import read_manifest
from certificates.models import Certificate, CertificateEvent
from certificates.storage import private_storage
from tests.certificates.staff import fake_pdf, refused, zip_names
from tests.factories import UserFactory

REVOKED = CertificateEvent.Kind.REVOKED


pytestmark = pytest.mark.usefixtures("fake_rendering")


# The ZIP of a module's certificates


def test_zip__holds_one_pdf_per_certificate_of_the_module(
    staff_client, modules, certificates, fake_rendering
):
    """Stored PDFs are read as they are; a missing one is rendered and stored on the way."""
    ada, bo = certificates["ada"], certificates["bo"]
    ada.pdf.save(f"{ada.code}.pdf", ContentFile(fake_pdf(ada)))

    response = staff_client.post(reverse("certificates_admin:zip"), {"module": modules[0][0].pk})

    assert response.status_code == HTTPStatus.OK and response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="boundaries-certificates.zip"'
    content = b"".join(response.streaming_content)
    assert zip_names(content) == {f"{ada.code}-ada-lovelace.pdf", f"{bo.code}-bo-diddley.pdf"}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.read(f"{bo.code}-bo-diddley.pdf") == fake_pdf(bo)
    assert fake_rendering == [bo.code]
    assert Certificate.objects.get(pk=bo.pk).pdf.name


def test_zip__keeps_to_the_issue_date_range(staff_client, modules, certificates):
    ada, bo = certificates["ada"], certificates["bo"]
    moment = datetime.datetime(2025, 3, 10, 23, 30, tzinfo=datetime.UTC)  # still 10 March in London (GMT)
    Certificate.objects.filter(pk=ada.pk).update(issued_at=moment)
    Certificate.objects.filter(pk=bo.pk).update(issued_at=moment + datetime.timedelta(days=30))
    url = reverse("certificates_admin:zip")
    module_id = modules[0][0].pk

    march = staff_client.post(
        url, {"module": module_id, "issued_from": "2025-03-10", "issued_to": "2025-03-31"}
    )
    assert zip_names(b"".join(march.streaming_content)) == {f"{ada.code}-ada-lovelace.pdf"}
    assert "boundaries-certificates-2025-03-10-2025-03-31.zip" in march["Content-Disposition"]

    from_april = staff_client.post(url, {"module": module_id, "issued_from": "2025-04-01"})
    assert zip_names(b"".join(from_april.streaming_content)) == {f"{bo.code}-bo-diddley.pdf"}

    empty = staff_client.post(url, {"module": module_id, "issued_to": "2025-01-01"})
    assert empty.status_code == HTTPStatus.OK and not empty.streaming
    assert "No certificates of this module were issued in those dates." in empty.content.decode()

    backwards = staff_client.post(
        url, {"module": module_id, "issued_from": "2025-04-01", "issued_to": "2025-03-01"}
    )
    assert backwards.context["form"].errors["issued_to"]


def test_zip__of_a_large_set_is_built_by_a_task_and_linked_when_ready(
    staff_client, modules, certificates, settings, django_capture_on_commit_callbacks
):
    """Above the limit the request returns at once; the status page links the file once built."""
    settings.CERTIFICATE_ZIP_STREAM_LIMIT = 1
    with django_capture_on_commit_callbacks() as queued:
        response = staff_client.post(reverse("certificates_admin:zip"), {"module": modules[0][0].pk})
    assert response.status_code == HTTPStatus.FOUND
    waiting = staff_client.get(response.url)
    assert "The ZIP of 2 certificates is being prepared" in waiting.content.decode()
    assert not waiting.context["download_url"]

    for build in queued:  # the worker picks the task up
        build()
    status = staff_client.get(response.url)
    assert "The ZIP of 2 certificates is ready." in status.content.decode()
    download = staff_client.get(status.context["download_url"])
    assert download.status_code == HTTPStatus.OK
    assert 'filename="boundaries-certificates.zip"' in download["Content-Disposition"]
    ada, bo = certificates["ada"], certificates["bo"]
    assert zip_names(b"".join(download.streaming_content)) == {
        f"{ada.code}-ada-lovelace.pdf",
        f"{bo.code}-bo-diddley.pdf",
    }


def test_zip__status_of_an_unknown_token_is_not_found(staff_client):
    unknown = "x" * 32
    assert (
        staff_client.get(reverse("certificates_admin:zip_status", args=[unknown])).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert (
        staff_client.get(reverse("certificates_admin:zip_download", args=[unknown])).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_zip__is_refused_to_staff_without_the_permission(
    client, superuser, modules, certificates, settings, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_ZIP_STREAM_LIMIT = 1
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        status_url = client.post(reverse("certificates_admin:zip"), {"module": modules[0][0].pk}).url
    download_url = client.get(status_url).context["download_url"]

    editor = UserFactory(username="ed")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert refused(client.post(reverse("certificates_admin:zip"), {"module": modules[0][0].pk}))
    assert refused(client.get(status_url))
    assert refused(client.get(download_url))


def test_zip__download_of_a_file_since_removed_is_not_found(
    staff_client, modules, certificates, settings, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_ZIP_STREAM_LIMIT = 1
    with django_capture_on_commit_callbacks(execute=True):
        status_url = staff_client.post(reverse("certificates_admin:zip"), {"module": modules[0][0].pk}).url
    download_url = staff_client.get(status_url).context["download_url"]
    token = download_url.rstrip("/").split("/")[-2]
    private_storage().delete(read_manifest(token)["name"])

    assert staff_client.get(download_url).status_code == HTTPStatus.NOT_FOUND
