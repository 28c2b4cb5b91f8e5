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
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import clock
from core.clock import add_months
from core.links import absolute_url
from core.spreadsheets import spreadsheet_safe

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


@dataclass(frozen=True)
class CpdEntry:
    """One certificate's contribution to the record, as printed on it."""

    issued_on: datetime.date
    module_title: str
    category_label: str
    hours: Decimal
    ethics_hours: Decimal
    code: str

    @classmethod
    def from_certificate(cls, certificate: Certificate) -> CpdEntry:
        return cls(
            issued_on=clock.day_of(certificate.issued_at),
            module_title=certificate.module_title,
            category_label=certificate.cpd_category_label,
            hours=certificate.cpd_hours,
            ethics_hours=certificate.ethics_hours or Decimal(0),
            code=certificate.code,
        )


@dataclass(frozen=True)
class CategoryTotal:
    label: str
    hours: Decimal


@dataclass(frozen=True)
class CpdRecord:
    """The entries of a period, oldest first, and their totals."""

    period: Period
    entries: list[CpdEntry]
    total_hours: Decimal
    ethics_hours: Decimal
    by_category: list[CategoryTotal]


def summarise(period: Period, entries: Iterable[CpdEntry]) -> CpdRecord:
    """Totals over ``entries``: all hours, ethics hours, and hours per category (by label, A to Z)."""
    entries = list(entries)
    per_category: dict[str, Decimal] = {}
    for entry in entries:
        per_category[entry.category_label] = per_category.get(entry.category_label, Decimal(0)) + entry.hours
    return CpdRecord(
        period=period,
        entries=entries,
        total_hours=sum((entry.hours for entry in entries), Decimal(0)),
        ethics_hours=sum((entry.ethics_hours for entry in entries), Decimal(0)),
        by_category=[CategoryTotal(label, hours) for label, hours in sorted(per_category.items())],
    )


def certificates_counted(user, period: Period):
    """The user's certificates that count in the period: issued in it (local days), not revoked."""
    return (
        Certificate.objects.held()
        .filter(user=user)
        .issued_between(period.start, period.end)
        .only("issued_at", "module_title", "cpd_category_label", "cpd_hours", "ethics_hours", "code")
        .order_by("issued_at", "pk")
    )


def cpd_record(user, period: Period) -> CpdRecord:
    """The user's CPD record for the period: one query."""
    return summarise(period, (CpdEntry.from_certificate(c) for c in certificates_counted(user, period)))


def csv_header() -> list[str]:
    return [
        _("Date issued"),
        _("Module"),
        _("Category"),
        _("CPD hours"),
        _("Ethics hours"),
        _("Verification code"),
        _("Verification link"),
    ]


def csv_rows(record: CpdRecord) -> Iterable[list[str]]:
    """The record as spreadsheet rows: a header, then one row per entry, oldest first."""
    yield csv_header()
    for entry in record.entries:
        yield [
            entry.issued_on.isoformat(),
            spreadsheet_safe(entry.module_title),
            spreadsheet_safe(entry.category_label),
            f"{entry.hours:.1f}",
            f"{entry.ethics_hours:.1f}",
            spreadsheet_safe(entry.code),
            absolute_url(reverse("verify", args=[entry.code])),
        ]
