"""Dates in the organisation's time zone (``settings.TIME_ZONE``).

Every "on" date a person reads or a rule compares (issued on, expires on, due on, signed off
on, "in N days") comes from here, so one pinned clock in a test fixes them all. An instant is
stored in UTC; the day it falls on is the organisation's calendar day, not UTC's: a completion
at 00:30 in London in summer is that London day, not the day before.
"""

from __future__ import annotations

import calendar
import datetime

from django.utils import timezone


def today() -> datetime.date:
    """The organisation's calendar day now."""
    return timezone.localdate()


def day_of(instant: datetime.datetime) -> datetime.date:
    """The organisation's calendar day that ``instant`` falls on (naive instants are taken as UTC)."""
    if timezone.is_naive(instant):
        instant = timezone.make_aware(instant, datetime.UTC)
    return timezone.localdate(instant)


def days_until(day: datetime.date, since: datetime.date | None = None) -> int:
    """Whole days from ``since`` (default: today) to ``day``; negative once it has passed."""
    return (day - (since or today())).days


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
