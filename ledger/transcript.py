"""Issuing a transcript: the record of a period frozen as a snapshot under a verifiable code.

The PDF, the CSV and the public verification page are all drawn from the same stored snapshot,
so what a board checks online is exactly what the transcript listed. Asking twice for the same
content gives the same transcript (a double click makes no second code).
"""

from __future__ import annotations

import hashlib
import json

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.codes import new_code
from certificates.cpd import EXTERNAL, CpdEntry, CpdRecord
from certificates.issuing import learner_name
from core import supervision
from core.links import absolute_url
from core.organisation import organisation_settings
from core.spreadsheets import spreadsheet_safe

from .models import Transcript

PREFIX = "GT"


def new_transcript_code() -> str:
    return PREFIX + new_code()[2:]


def verification_url(code: str) -> str:
    return absolute_url(reverse("verify_transcript", args=[code]))


def entry_snapshot(entry: CpdEntry) -> dict:
    return {
        "date": entry.issued_on.isoformat(),
        "title": entry.module_title,
        "source": entry.source,
        "provider": entry.provider,
        "category": entry.category_label,
        "hours": f"{entry.hours:.1f}",
        "ethics_hours": f"{entry.ethics_hours:.1f}",
        "status": entry.status if entry.source != EXTERNAL else "approved",
        "code": entry.code,
        "verify_url": absolute_url(reverse("verify", args=[entry.code])) if entry.code else "",
        "approved_by": entry.approved_by,
        "approved_on": entry.approved_on.isoformat() if entry.approved_on else "",
        "counted": entry.counted,
    }


def snapshot_of(record: CpdRecord, user) -> dict:
    """Everything the transcript lists, as plain JSON values."""
    organisation = organisation_settings()
    return {
        "learner_name": learner_name(user),
        "provider": organisation.organisation_name or "Groundwork",
        "period": {"start": record.period.start.isoformat(), "end": record.period.end.isoformat()},
        "entries": [entry_snapshot(entry) for entry in record.entries],
        "by_category": [[total.label, f"{total.hours:.1f}"] for total in record.by_category],
        "total_hours": f"{record.total_hours:.1f}",
        "ethics_hours": f"{record.ethics_hours:.1f}",
        "revoked_left_out": record.revoked_left_out,
        "repeats": record.repeats,
        "sign_offs": supervision.sign_offs_of(user),
        "signatory": {"name": organisation.signatory_name, "role": organisation.signatory_role},
    }


def issue_transcript(record: CpdRecord, user) -> Transcript:
    """The transcript for this content: the one issued before, or a new one with a new code."""
    snapshot = snapshot_of(record, user)
    digest = hashlib.sha256(json.dumps(snapshot, sort_keys=True).encode()).hexdigest()
    existing = Transcript.objects.filter(user=user, digest=digest).first()
    if existing is not None:
        return existing
    snapshot["produced_at"] = timezone.now().isoformat()
    try:
        with transaction.atomic():
            return Transcript.objects.create(
                user=user,
                code=new_transcript_code(),
                period_start=record.period.start,
                period_end=record.period.end,
                learner_name=snapshot["learner_name"],
                snapshot=snapshot,
                digest=digest,
            )
    except IntegrityError:  # the same request twice at once: the other one won
        return Transcript.objects.get(user=user, digest=digest)


def csv_rows(transcript: Transcript):
    """The transcript as spreadsheet rows: a line saying what it is, a header, one row per entry."""
    t = transcript.snapshot
    yield [_("CPD transcript"), spreadsheet_safe(t["learner_name"]), t["period"]["start"], t["period"]["end"]]
    yield [_("Transcript code"), transcript.code, verification_url(transcript.code)]
    yield [
        _("Date"),
        _("Activity"),
        _("Provider"),
        _("Category"),
        _("CPD hours"),
        _("Ethics hours"),
        _("Status"),
        _("Counted"),
        _("Verification code"),
        _("Verification link"),
        _("Approved by"),
        _("Approved on"),
    ]
    for e in t["entries"]:
        yield [
            e["date"],
            spreadsheet_safe(e["title"]),
            spreadsheet_safe(e["provider"] or t["provider"]),
            spreadsheet_safe(e["category"]),
            e["hours"],
            e["ethics_hours"],
            e["status"],
            _("yes") if e["counted"] else _("no: a repeat of a module counted once in the period"),
            e["code"],
            e["verify_url"],
            spreadsheet_safe(e["approved_by"]),
            e["approved_on"],
        ]
    for label, hours in t["by_category"]:
        yield [_("Total"), spreadsheet_safe(label), "", "", hours]
    yield [_("Total CPD hours"), "", "", "", t["total_hours"], t["ethics_hours"]]
    if t["revoked_left_out"]:
        yield [_("Revoked certificates left out"), str(t["revoked_left_out"])]
