"""How long a certificate stands: the one rule for when it expires and when renewal opens.

A certificate issued at an instant is valid through the same organisation-calendar day
``validity_months`` later. From ``RENEWAL_WINDOW_DAYS`` before that day it is due for renewal;
the day after, it has expired. The certificate model, renewal emails, the learner's
certificates page and the supervisor's compliance matrix all read this rule from here.
"""

from __future__ import annotations

import datetime

from core import clock

RENEWAL_WINDOW_DAYS = 60  # a certificate can be renewed from this many days before it expires

CURRENT, DUE, EXPIRED = "current", "due", "expired"


def expires_on(issued_at: datetime.datetime, validity_months: int | None) -> datetime.date | None:
    """The last valid day of a certificate issued at ``issued_at`` (``None``: never expires)."""
    return clock.add_months(clock.day_of(issued_at), validity_months) if validity_months else None


def standing_on(expires_on: datetime.date | None, day: datetime.date) -> str:
    """``CURRENT``, ``DUE`` (inside the renewal window) or ``EXPIRED`` on ``day``, for an
    unrevoked certificate expiring on ``expires_on``."""
    if expires_on is None:
        return CURRENT
    if day > expires_on:
        return EXPIRED
    if (expires_on - day).days <= RENEWAL_WINDOW_DAYS:
        return DUE
    return CURRENT
