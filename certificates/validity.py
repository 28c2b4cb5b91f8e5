"""How long a certificate stands: the one rule for when it expires and when renewal opens.

A recertification rule (``Recertification``) says when a completion stops counting: never,
``months`` after it (rolling), or at the end of a fixed month each year (a calendar window,
"renew in March"). From ``window_days`` before that last valid day the certificate is due for
renewal; the day after, it has expired. A module's own rule is its ``validity_months``
(rolling, with ``RENEWAL_WINDOW_DAYS``); an organisation can set another for the people an
assignment covers, and the people side tells the certificates which one applies through
``core.recertification``. The certificate model, renewal emails, the learner's certificates
page and the supervisor's compliance matrix all read the rule from here.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from core import clock

RENEWAL_WINDOW_DAYS = 60  # by default a certificate can be renewed from this many days before it expires

CURRENT, DUE, EXPIRED = "current", "due", "expired"
NONE, ROLLING, CALENDAR = "none", "rolling", "calendar"


@dataclass(frozen=True)
class Recertification:
    """When a completion stops counting. ``months`` for a rolling rule, ``month`` (1 to 12) for a
    calendar one; ``window_days`` before the last valid day renewal opens."""

    kind: str = ROLLING
    months: int | None = 12
    month: int | None = None
    window_days: int = RENEWAL_WINDOW_DAYS

    def expires_on(self, completed_on: datetime.date) -> datetime.date | None:
        """The last valid day of a completion on ``completed_on`` (``None``: never expires)."""
        if self.kind == ROLLING and self.months:
            return clock.add_months(completed_on, self.months)
        if self.kind == CALENDAR and self.month:
            return calendar_expiry(completed_on, self.month, self.window_days)
        return None


NEVER = Recertification(kind=NONE, months=None)


def rolling(months: int | None, window_days: int = RENEWAL_WINDOW_DAYS) -> Recertification:
    """A module's own rule: ``months`` after completion, or never when it has no validity."""
    return Recertification(kind=ROLLING, months=months, window_days=window_days) if months else NEVER


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def calendar_expiry(completed_on: datetime.date, month: int, window_days: int) -> datetime.date:
    """The end of ``month`` next due after ``completed_on``: a completion before that year's
    renewal window counts until that month ends; one inside the window (renewing early) counts
    until the same month a year later, so renewals stay in the organisation's month."""
    end = month_end(completed_on.year, month)
    if end < completed_on:
        end = month_end(completed_on.year + 1, month)
    if (end - completed_on).days <= window_days:
        end = month_end(end.year + 1, month)
    return end


def expires_on(
    issued_at: datetime.datetime, validity_months: int | None, rule: Recertification | None = None
) -> datetime.date | None:
    """The last valid day of a certificate issued at ``issued_at``: by ``rule`` when one is
    given, otherwise ``validity_months`` later (``None``: never expires)."""
    rule = rule or rolling(validity_months)
    return rule.expires_on(clock.day_of(issued_at))


def standing_on(
    expires_on: datetime.date | None, day: datetime.date, window_days: int = RENEWAL_WINDOW_DAYS
) -> str:
    """``CURRENT``, ``DUE`` (inside the renewal window) or ``EXPIRED`` on ``day``, for an
    unrevoked certificate expiring on ``expires_on``."""
    if expires_on is None:
        return CURRENT
    if day > expires_on:
        return EXPIRED
    if (expires_on - day).days <= window_days:
        return DUE
    return CURRENT
