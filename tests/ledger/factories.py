"""Ledger records for tests: evidence files, external activities, credentials, transcripts."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from ledger.models import Credential, CredentialRequirement, ExternalActivity, HeldCredential, Transcript
from lms.models import DataExport

PDF_BYTES = b"%PDF-1.7\n% evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\0" * 32


def external_activity(user, *, done_on: datetime.date | None = None, hours="3.0", status="pending", **fields):
    activity = ExternalActivity(
        user=user,
        title=fields.pop("title", "Motivational interviewing workshop"),
        provider=fields.pop("provider", "Harbour Recovery College"),
        done_on=done_on or timezone.localdate() - datetime.timedelta(days=30),
        hours=Decimal(hours),
        category=fields.pop("category", "trauma_informed"),
        ethics_hours=Decimal(fields.pop("ethics_hours", "0")),
        evidence_type="application/pdf",
        status=status,
        **fields,
    )
    activity.evidence.save("evidence.pdf", ContentFile(PDF_BYTES), save=False)
    activity.save()
    return activity


def credential(name="Peer Recovery (example)", total="20", months=24, minimums=None, repeats_count=False):
    rule = Credential.objects.create(
        name=name,
        awarding_body="An awarding body",
        period_months=months,
        total_hours=Decimal(total),
        repeats_count=repeats_count,
    )
    for category, hours in (minimums or {"ethics": "6"}).items():
        CredentialRequirement.objects.create(credential=rule, category=category, hours=Decimal(hours))
    return rule


def build_ledger_world(learner) -> dict:
    """A pending activity, a held credential and an issued transcript of the learner's."""
    activity = external_activity(learner)
    held = HeldCredential.objects.create(
        user=learner, credential=credential(), renewal_on=timezone.localdate() + datetime.timedelta(days=200)
    )
    transcript = Transcript.objects.create(
        user=learner,
        code="GT-2345-6789-ABCD-EFGH",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        learner_name="Sam Rivera",
        snapshot={
            "learner_name": "Sam Rivera",
            "provider": "Groundwork",
            "entries": [],
            "total_hours": "0.0",
            "ethics_hours": "0.0",
        },
        digest="0" * 64,
    )
    export = DataExport.objects.create(user=learner, token="ready-data-export", status="ready")
    export.file.save("ready-data-export.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return {"activity": activity, "held": held, "transcript": transcript, "export": export}


def upload(content: bytes, name="evidence.pdf"):
    file = io.BytesIO(content)
    file.name = name
    return file
