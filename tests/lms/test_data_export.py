"""The "all my data" ZIP: built by the task worker, holding every file, linked for 7 days."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import time_machine
from apscheduler.schedulers.background import BackgroundScheduler
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from courses.progress import complete_module
from ledger.models import Transcript
from lms.models import DataExport
from lms.scheduling import configure, enqueue
from outbox.models import OutgoingEmail
from tests.factories import UserFactory, build_module
from tests.ledger.factories import PDF_BYTES, external_activity


def test_zip__holds_the_json_certificates_transcripts_and_evidence_and_is_emailed(
    client, catalogue, django_capture_on_commit_callbacks
):
    dee = UserFactory(username="dee", email="dee@example.org", first_name="Dee")
    module, _ = build_module(catalogue, lessons=1, title="Grounding")
    complete_module(dee, module)
    external_activity(dee, title="Workshop")
    client.force_login(dee)
    client.post(reverse("cpd_transcript"), {"from": "2020-01-01"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learning:my_data_page"))
        client.post(reverse("learning:my_data_page"))  # a double click: one export
    export = DataExport.objects.get()
    assert export.status == "ready"
    page = client.get(reverse("learning:my_data_page")).content.decode()
    link = reverse("learning:my_data_download", args=[export.token])
    assert link in page
    email = OutgoingEmail.objects.get(kind="data_export")
    assert email.recipient == "dee@example.org" and link in email.body
    response = client.get(link)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    certificate = Certificate.objects.get(user=dee)
    transcript = Transcript.objects.get(user=dee)
    assert "my-data.json" in names
    assert any(name.startswith(f"certificates/{certificate.code}") for name in names)
    assert f"transcripts/{transcript.code}.pdf" in names and f"transcripts/{transcript.code}.csv" in names
    (evidence,) = [name for name in names if name.startswith("evidence/")]
    assert archive.read(evidence) == PDF_BYTES
    data = json.loads(archive.read("my-data.json"))
    assert data["external_activities"][0]["title"] == "Workshop"
    assert data["transcripts"][0]["code"] == transcript.code


def test_zip__is_the_owners_only_and_is_deleted_after_7_days(client, db, django_capture_on_commit_callbacks):
    dee = UserFactory(username="dee")
    client.force_login(dee)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learning:my_data_page"))
    export = DataExport.objects.get()
    link = reverse("learning:my_data_download", args=[export.token])
    client.force_login(UserFactory(username="alex"))
    assert client.get(link).status_code == 404
    client.force_login(dee)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        assert client.get(link).status_code == 404
        call_command("sweep_data_exports")
    assert not DataExport.objects.exists()
    assert not export.file.storage.exists(export.file.name)


def test_the_scheduler_deletes_exports_past_their_7_days_each_night(
    client, db, django_capture_on_commit_callbacks
):
    scheduler = configure(BackgroundScheduler(timezone="Europe/London"))
    after_midnight = datetime.datetime(2026, 11, 30, 0, 5, tzinfo=datetime.UTC)
    fire = scheduler.get_job("data_exports_sweep").trigger.get_next_fire_time(None, after_midnight)
    assert fire.date() == after_midnight.date() and fire.hour == 3
    dee = UserFactory(username="dee")
    client.force_login(dee)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learning:my_data_page"))
    export = DataExport.objects.get()
    enqueue("data_exports_sweep")  # within its 7 days: kept
    assert DataExport.objects.filter(pk=export.pk).exists()
    with time_machine.travel(export.expires_at + datetime.timedelta(minutes=1)):
        enqueue("data_exports_sweep")  # the immediate backend runs it at once, as a worker would
    assert not DataExport.objects.exists()
    assert not export.file.storage.exists(export.file.name)
