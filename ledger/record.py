"""The learner's whole CPD ledger for a period: Groundwork's certificates and the approved
training done elsewhere, each module counted once unless a credential's rule says otherwise.

Entries are read once for the widest period asked for and then sliced in memory, so the CPD
page costs the same number of queries however many activities or credentials a learner has.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from certificates.cpd import (
    EXTERNAL,
    CpdEntry,
    CpdRecord,
    Period,
    certificate_entries,
    revoked_days,
    summarise,
)

from .models import ActivityDecision, ExternalActivity
from .models.activities import ActivityStatus


def external_entry(activity: ExternalActivity) -> CpdEntry:
    approvals = activity.approvals if hasattr(activity, "approvals") else [activity.approval()]
    approval = approvals[0] if approvals else None
    return CpdEntry(
        issued_on=activity.done_on,
        module_title=activity.title,
        category_label=activity.category_label,
        hours=activity.hours,
        ethics_hours=activity.ethics_hours,
        code="",
        category=activity.category,
        source=EXTERNAL,
        provider=activity.provider,
        approved_by=approval.reviewer_name if approval else "",
        approved_on=approval.at.date() if approval else None,
    )


def external_entries(user, period: Period) -> list[CpdEntry]:
    """The user's approved external activities done in the period (two queries)."""
    approvals = ActivityDecision.objects.filter(outcome=ActivityStatus.APPROVED).order_by("-at", "-pk")
    activities = (
        ExternalActivity.objects.approved()
        .filter(user=user)
        .between(period.start, period.end)
        .prefetch_related(Prefetch("decisions", queryset=approvals, to_attr="approvals"))
    )
    return [external_entry(activity) for activity in activities]


@dataclass(frozen=True)
class Ledger:
    """Every entry of a span of days, to be cut into periods without asking the database again."""

    entries: list[CpdEntry]
    revoked: list[datetime.date]

    def record(self, period: Period, repeats_count: bool = False) -> CpdRecord:
        def inside(day: datetime.date) -> bool:
            return period.start <= day <= period.end

        return summarise(
            period,
            [entry for entry in self.entries if inside(entry.issued_on)],
            repeats_count=repeats_count,
            revoked_left_out=sum(1 for day in self.revoked if inside(day)),
        )


def read_ledger(user, span: Period) -> Ledger:
    return Ledger(certificate_entries(user, span) + external_entries(user, span), revoked_days(user, span))


def ledger_record(user, period: Period, repeats_count: bool = False) -> CpdRecord:
    return read_ledger(user, period).record(period, repeats_count)


def hours_in(record: CpdRecord, category: str) -> Decimal:
    """Counted hours in a category; for ethics, the ethics hours (a module can carry some)."""
    counted = [entry for entry in record.entries if entry.counted]
    if category == "ethics":
        return sum((entry.ethics_hours for entry in counted), Decimal(0))
    return sum((entry.hours for entry in counted if entry.category == category), Decimal(0))
