"""A learner's CPD record: the hours their certificates earned in a period, with totals.

A certificate counts in a period when it was issued on a day (local time) within the period,
both ends included, and has not been revoked. Expired certificates still count: the hours were
earned when they were issued. ``parse_period`` reads the period from a query string and never
raises: a bad value comes back as a ``PeriodError`` with a message for the learner.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import clock
from core.clock import add_months

from .models import Certificate

DEFAULT_MONTHS = 24
EARLIEST = datetime.date(2000, 1, 1)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ECHO_LIMIT = 40  # characters of a bad value repeated back in a message


@dataclass(frozen=True)
class Period:
    """Days from ``start`` to ``end``, both included."""

    start: datetime.date
    end: datetime.date

    def query_string(self) -> str:
        return urlencode({"from": self.start.isoformat(), "to": self.end.isoformat()})


@dataclass(frozen=True)
class PeriodError:
    """Why a requested period was refused, and which inputs (``from``, ``to``) were at fault."""

    message: str
    fields: tuple[str, ...]


def default_period(today: datetime.date) -> Period:
    """The last 24 months, up to and including today."""
    return Period(add_months(today, -DEFAULT_MONTHS), today)


def latest_allowed(today: datetime.date) -> datetime.date:
    return add_months(today, 12)


def parse_period(query: Mapping[str, str], today: datetime.date) -> Period | PeriodError:
    """The period asked for by ``from`` and ``to`` (ISO dates); a missing end takes its default."""
    default = default_period(today)
    days: dict[str, datetime.date] = {}
    for field in ("from", "to"):
        typed = (query.get(field) or "").strip()
        if not typed:
            continue
        day = _parse_day(typed, today)
        if isinstance(day, str):
            return PeriodError(day, (field,))
        days[field] = day
    end = days.get("to", default.end)
    start = days.get("from", max(add_months(end, -DEFAULT_MONTHS), EARLIEST))
    if start > end:
        message = _(
            "The start date (%(start)s) is after the end date (%(end)s). Please choose a start date on or before the end date."
        ) % {"start": long_date(start), "end": long_date(end)}
        return PeriodError(message, ("from", "to"))
    return Period(start, end)


def _parse_day(typed: str, today: datetime.date) -> datetime.date | str:
    """A day within the allowed range, or a message saying what is wrong with ``typed``."""
    try:
        day = datetime.date.fromisoformat(typed) if ISO_DATE.fullmatch(typed) else None
    except ValueError:
        day = None
    if day is None:
        return _(
            "We could not read “%(typed)s” as a date. Please use the date picker, or type the date as year-month-day, for example 2025-03-31."
        ) % {"typed": typed[:ECHO_LIMIT]}
    if day < EARLIEST:
        return _("Please choose a date from 1 January 2000 onwards.")
    if day > latest_allowed(today):
        return _("%(day)s is more than a year from now. Please choose a date up to %(limit)s.") % {
            "day": long_date(day),
            "limit": long_date(latest_allowed(today)),
        }
    return day


def long_date(day: datetime.date) -> str:
    return date_format(day, "j F Y")


GROUNDWORK = "groundwork"
EXTERNAL = "external"


@dataclass(frozen=True)
class CpdEntry:
    """One activity's contribution to the record: a certificate, or approved training elsewhere.

    ``counted`` is False for a repeat of a module already counted in the period (a renewal),
    which the record still lists, marked, but does not add up."""

    issued_on: datetime.date
    module_title: str
    category_label: str
    hours: Decimal
    ethics_hours: Decimal
    code: str
    module_id: int | None = None
    category: str = ""
    status: str = "valid"
    source: str = GROUNDWORK
    provider: str = ""
    approved_by: str = ""
    approved_on: datetime.date | None = None
    counted: bool = True

    @classmethod
    def from_certificate(cls, certificate: Certificate, day: datetime.date | None = None) -> CpdEntry:
        return cls(
            issued_on=clock.day_of(certificate.issued_at),
            module_title=certificate.module_title,
            category_label=certificate.cpd_category_label,
            hours=certificate.cpd_hours,
            ethics_hours=certificate.ethics_hours or Decimal(0),
            code=certificate.code,
            module_id=certificate.module_id,
            category=certificate.cpd_category,
            status=str(certificate.status_on(day or clock.today())),
        )

    @property
    def sort_key(self) -> tuple:
        # Every field that changes a total breaks a tie, so two repeats on one day always count the
        # same one (the larger claim) whatever order they came in.
        return (
            self.issued_on,
            self.source,
            self.code,
            self.module_title,
            -self.hours,
            -self.ethics_hours,
            self.category,
        )


def count_once(entries: Iterable[CpdEntry], repeats_count: bool = False) -> list[CpdEntry]:
    """The entries oldest first, each repeat of a module after its first in the list marked as not
    counted (unless ``repeats_count``). The order is fixed by the entries themselves, so the same
    entries in any order give the same answer."""
    ordered = sorted(entries, key=lambda entry: entry.sort_key)
    if repeats_count:
        return [replace(entry, counted=True) for entry in ordered]
    seen: set[int] = set()
    marked = []
    for entry in ordered:
        repeat = entry.module_id is not None and entry.module_id in seen
        if entry.module_id is not None:
            seen.add(entry.module_id)
        marked.append(replace(entry, counted=not repeat))
    return marked


@dataclass(frozen=True)
class CategoryTotal:
    label: str
    hours: Decimal


@dataclass(frozen=True)
class CpdRecord:
    """The entries of a period, oldest first, and the totals of those that count."""

    period: Period
    entries: list[CpdEntry]
    total_hours: Decimal
    ethics_hours: Decimal
    by_category: list[CategoryTotal]
    revoked_left_out: int = 0

    @property
    def repeats(self) -> int:
        return sum(1 for entry in self.entries if not entry.counted)


def summarise(
    period: Period, entries: Iterable[CpdEntry], *, repeats_count: bool = False, revoked_left_out: int = 0
) -> CpdRecord:
    """Totals over the entries that count: all hours, ethics hours, and hours per category (A to Z)."""
    entries = count_once(entries, repeats_count)
    counted = [entry for entry in entries if entry.counted]
    per_category: dict[str, Decimal] = {}
    for entry in counted:
        per_category[entry.category_label] = per_category.get(entry.category_label, Decimal(0)) + entry.hours
    return CpdRecord(
        period=period,
        entries=entries,
        total_hours=sum((entry.hours for entry in counted), Decimal(0)),
        ethics_hours=sum((entry.ethics_hours for entry in counted), Decimal(0)),
        by_category=[CategoryTotal(label, hours) for label, hours in sorted(per_category.items())],
        revoked_left_out=revoked_left_out,
    )


def certificates_counted(user, period: Period):
    """The user's certificates that count in the period: issued in it (local days), not revoked."""
    return (
        Certificate.objects.held()
        .filter(user=user)
        .issued_between(period.start, period.end)
        .only(
            "issued_at",
            "module_title",
            "module_id",
            "cpd_category",
            "cpd_category_label",
            "cpd_hours",
            "ethics_hours",
            "code",
            "expires_on",
            "revoked_at",
            "renewal_window_days",
        )
        .order_by("issued_at", "pk")
    )


def certificate_entries(user, period: Period) -> list[CpdEntry]:
    """The user's certificates issued in the period, not revoked, as entries: one query."""
    today = clock.today()
    return [CpdEntry.from_certificate(c, today) for c in certificates_counted(user, period)]


def revoked_days(user, period: Period) -> list[datetime.date]:
    """The local days the user's revoked certificates of the period were issued on (left out, and said so)."""
    revoked = Certificate.objects.filter(user=user, revoked_at__isnull=False)
    return [
        clock.day_of(at)
        for at in revoked.issued_between(period.start, period.end).values_list("issued_at", flat=True)
    ]


def cpd_record(user, period: Period) -> CpdRecord:
    """The user's CPD record from certificates alone, a module counted once in the period."""
    return summarise(period, certificate_entries(user, period))
