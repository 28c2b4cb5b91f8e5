"""When the private storage cannot be read or written: the person gets a calm 503 page with
Retry-After (never a 500), the fault is logged, and the tasks that write files try again later,
giving up loudly after the last attempt."""

from __future__ import annotations

import errno
import io
import logging
import types
import zipfile
from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from certificates import exports, rendering
from certificates.models import Certificate
from certificates.storage import PrivateFileSystemStorage, private_storage
from core import storage_faults
from tests.certificates.staff import fake_pdf

CALM = "We could not prepare this file just now"


class Faults:
    """Makes the private storage fail: on the operations named, for names containing ``only``,
    the first ``times`` calls (every call when None)."""

    def __init__(self, monkeypatch, operations, *, only: str = "", times: int | None = None):
        self.calls = 0
        for operation in operations:
            original = getattr(PrivateFileSystemStorage, operation)
            monkeypatch.setattr(PrivateFileSystemStorage, operation, self.failing(original))
        self.only, self.times = only, times

    def failing(self, original):
        faults = self

        def operation(storage, name, *args, **kwargs):
            if faults.only in name and (faults.times is None or faults.calls < faults.times):
                faults.calls += 1
                raise OSError(errno.EIO, "Input/output error", name)
            return original(storage, name, *args, **kwargs)

        return operation


def assert_calm(response) -> None:
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert CALM in page and "Please try again in a minute." in page
    assert 'class="site-header"' in page  # in the site's design


@pytest.fixture
def stand_in_renderer(monkeypatch):
    """The task's rendering without WeasyPrint: stand-in bytes, through the real storing."""
    monkeypatch.setattr(rendering, "certificate_pdf", lambda certificate, **kwargs: fake_pdf(certificate))


# The certificate download


@pytest.mark.usefixtures("media", "stand_in_renderer")
def test_an_unreadable_stored_pdf_gives_the_calm_page_and_is_logged(
    certificate, client, learner_dee, monkeypatch, caplog
):
    rendering.store_pdf(certificate)
    Faults(monkeypatch, ["_open"])
    client.force_login(learner_dee)
    with caplog.at_level(logging.WARNING, logger="core.storage_faults"):
        response = client.get(reverse("certificate_pdf", args=[certificate.code]))
    assert_calm(response)
    assert any("Storage fault" in record.message and record.exc_info for record in caplog.records)


@pytest.mark.usefixtures("media", "stand_in_renderer")
def test_an_unreachable_storage_while_checking_the_pdf_gives_the_calm_page(
    certificate, client, learner_dee, monkeypatch
):
    rendering.store_pdf(certificate)
    Faults(monkeypatch, ["exists"])
    client.force_login(learner_dee)
    assert_calm(client.get(reverse("certificate_pdf", args=[certificate.code])))


def test_a_fault_while_rendering_the_cpd_transcript_gives_the_calm_page(db, client, monkeypatch):
    from certificates import transcript
    from tests.factories import UserFactory

    def unreadable(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(transcript, "render_pdf", unreadable)
    client.force_login(UserFactory())
    assert_calm(client.post(reverse("cpd_transcript")))
    assert client.post(reverse("cpd_csv")).status_code == HTTPStatus.OK  # untouched by the fault


# The render task


@pytest.mark.usefixtures("media", "stand_in_renderer")
def test_the_render_task_tries_again_after_a_storage_fault_and_stores_the_pdf(certificate, monkeypatch):
    Certificate.objects.filter(pk=certificate.pk).update(pdf="")
    faults = Faults(monkeypatch, ["_save"], times=2)
    result = rendering.render_certificate.enqueue(certificate.pk)
    assert faults.calls == 2
    assert result.status == "SUCCESSFUL"  # the first attempt handed over to the next one
    stored = Certificate.objects.get(pk=certificate.pk)
    assert stored.pdf.name and stored.pdf_is_current()
    assert private_storage().open(stored.pdf.name).read() == fake_pdf(certificate)


@pytest.mark.usefixtures("media", "stand_in_renderer")
def test_the_render_task_gives_up_after_the_last_attempt_and_logs_an_error(certificate, monkeypatch, caplog):
    Certificate.objects.filter(pk=certificate.pk).update(pdf="")
    faults = Faults(monkeypatch, ["_save"])
    with caplog.at_level(logging.WARNING, logger="core.storage_faults"):
        rendering.render_certificate.enqueue(certificate.pk)
    assert faults.calls == storage_faults.MAX_ATTEMPTS
    errors = [
        record
        for record in caplog.records
        if record.levelno == logging.ERROR and record.name == "core.storage_faults"
    ]
    assert len(errors) == 1 and f"certificate {certificate.pk}" in errors[0].getMessage()
    assert not Certificate.objects.get(pk=certificate.pk).pdf.name


def test_a_retry_is_deferred_with_a_growing_delay_where_the_backend_can_defer():
    queued = []

    class Deferring:
        def get_backend(self):
            return types.SimpleNamespace(supports_defer=True)

        def using(self, run_after):
            return types.SimpleNamespace(
                enqueue=lambda *args, **kwargs: queued.append((run_after, args, kwargs))
            )

    before = timezone.now()
    assert storage_faults.retry_later(Deferring(), 7, attempt=1, what="test")
    assert storage_faults.retry_later(Deferring(), 7, attempt=2, what="test")
    assert not storage_faults.retry_later(Deferring(), 7, attempt=storage_faults.MAX_ATTEMPTS, what="test")
    (first, args, kwargs), (second, _, later) = queued
    assert args == (7,) and kwargs == {"attempt": 2} and later == {"attempt": 3}
    assert 60 <= (first - before).total_seconds() < 70
    assert 300 <= (second - before).total_seconds() < 310


# The admin's ZIP of a module's certificates


@pytest.mark.usefixtures("fake_rendering")
def test_a_streamed_zip_that_cannot_store_a_missing_pdf_gives_the_calm_page(
    staff_client, modules, certificates, monkeypatch
):
    Faults(monkeypatch, ["_save"])
    response = staff_client.post(reverse("certificates_admin:zip"), {"module": modules[0][0].pk})
    assert not response.streaming
    assert_calm(response)


@pytest.mark.usefixtures("fake_rendering")
def test_the_zip_task_tries_again_then_the_status_page_links_the_file(
    staff_client, modules, certificates, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_ZIP_STREAM_LIMIT = 1
    faults = Faults(monkeypatch, ["_save"], only=".zip", times=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("certificates_admin:zip"), {"module": modules[0][0].pk})
    assert faults.calls == 1
    status = staff_client.get(response.url)
    assert "is ready" in status.content.decode()
    download = staff_client.get(status.context["download_url"])
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        assert len(archive.namelist()) == 2


@pytest.mark.usefixtures("fake_rendering")
def test_the_zip_task_records_the_failure_after_the_last_attempt(modules, certificates, caplog, monkeypatch):
    faults = Faults(monkeypatch, ["_save"], only=".zip")
    with caplog.at_level(logging.WARNING):
        exports.build_certificate_zip.enqueue("tok", modules[0][0].pk, None, None)
    assert faults.calls == storage_faults.MAX_ATTEMPTS
    assert exports.read_manifest("tok") == {"error": True}
    assert any(record.levelno == logging.ERROR for record in caplog.records)


@pytest.mark.usefixtures("fake_rendering")
def test_an_unreadable_zip_or_manifest_gives_the_calm_page(staff_client, monkeypatch):
    exports.write_json(
        exports.manifest_name("tok"), {"name": "certificate-exports/tok.zip", "filename": "a.zip"}
    )
    private_storage().save("certificate-exports/tok.zip", ContentFile(b"PK"))
    Faults(monkeypatch, ["_open"], only=".zip")
    assert_calm(staff_client.get(reverse("certificates_admin:zip_download", args=["tok"])))
    Faults(monkeypatch, ["exists"])
    assert_calm(staff_client.get(reverse("certificates_admin:zip_status", args=["tok"])))
