"""Building a learner's "all my data" ZIP in the task worker, and sweeping expired ones away.

The ZIP holds the JSON of ``lms.my_data`` and every file Groundwork keeps about the person:
certificate PDFs, transcripts (PDF and CSV, from their stored snapshots) and evidence files.
It is written to a temporary file, then to private storage; the learner gets a link on the
"my data" page and by email, valid for 7 days, after which ``sweep_data_exports`` deletes it.
"""

from __future__ import annotations

import csv
import io
import logging
import secrets
import tempfile
import zipfile

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from certificates.exports import certificate_pdf_bytes, pdf_filename
from certificates.models import Certificate
from certificates.transcript import transcript_pdf
from core.links import absolute_url
from ledger.models import ExternalActivity, Transcript
from ledger.transcript import csv_rows, verification_url
from lms.models import DataExport
from lms.my_data import export as export_json
from outbox.delivery import send

logger = logging.getLogger(__name__)
RECENT = 600  # seconds: a second click within this finds the export already under way


def request_export(user) -> DataExport:
    """A new export for the user (or the one already being prepared), built after commit."""
    with transaction.atomic():
        recent = DataExport.objects.select_for_update().filter(
            user=user,
            status=DataExport.Status.PENDING,
            created_at__gte=timezone.now() - timezone.timedelta(seconds=RECENT),
        )
        existing = recent.first()
        if existing is not None:
            return existing
        export = DataExport.objects.create(user=user, token=secrets.token_urlsafe(32))
        transaction.on_commit(lambda: build_data_export.enqueue(export.pk))
    return export


def write_zip(user, spool) -> None:
    with zipfile.ZipFile(spool, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", export_json(user))
        for certificate in Certificate.objects.filter(user=user).order_by("issued_at", "pk"):
            archive.writestr(
                f"certificates/{pdf_filename(certificate)}",
                certificate_pdf_bytes(certificate),
                zipfile.ZIP_STORED,
            )
        for transcript in Transcript.objects.filter(user=user).order_by("created_at", "pk"):
            snapshot = transcript.snapshot
            if "produced_at" in snapshot and "period" in snapshot:
                pdf = transcript_pdf(snapshot | {"code": transcript.code}, verification_url(transcript.code))
                archive.writestr(f"transcripts/{transcript.code}.pdf", pdf, zipfile.ZIP_STORED)
                rows = io.StringIO()
                csv.writer(rows).writerows(csv_rows(transcript))
                archive.writestr(f"transcripts/{transcript.code}.csv", rows.getvalue())
        for activity in ExternalActivity.objects.filter(user=user).order_by("pk"):
            with activity.evidence.open("rb") as evidence:
                name = f"evidence/{activity.pk}-{slugify(activity.title) or 'evidence'}{activity.evidence_suffix}"
                archive.writestr(name, evidence.read())


@task()
def build_data_export(export_id: int) -> str | None:
    export = (
        DataExport.objects.select_related("user")
        .filter(pk=export_id, status=DataExport.Status.PENDING)
        .first()
    )
    if export is None:
        return None  # built already, or swept
    try:
        with tempfile.TemporaryFile() as spool:
            write_zip(export.user, spool)
            spool.seek(0)
            export.file.save(f"{export.token}.zip", spool, save=False)
    except Exception:
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.FAILED)
        logger.exception("Data export %s failed.", export.pk)
        raise
    DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.READY, file=export.file.name)
    _email_link(export)
    return export.file.name


def _email_link(export: DataExport) -> None:
    if not export.user.email:
        return
    link = absolute_url(reverse("learning:my_data_download", args=[export.token]))
    send(
        "data_export",
        export.user.email,
        _("Your Groundwork data is ready to download"),
        _(
            "Hello,\n\nThe copy of everything Groundwork holds about you is ready. Sign in and download it here:\n%(link)s\n\n"
            "The link works for 7 days; after that the file is deleted. If you did not ask for it, please tell your administrator.\n"
        )
        % {"link": link},
        key=export.token,
    )


def sweep_expired() -> int:
    """Delete every export past its 7 days, file and row; the number deleted."""
    expired = list(DataExport.objects.filter(expires_at__lte=timezone.now()))
    for export in expired:
        if export.file.name:
            export.file.storage.delete(export.file.name)
        export.delete()
    return len(expired)
