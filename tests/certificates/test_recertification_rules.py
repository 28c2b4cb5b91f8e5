"""Recertification rules: none, rolling months, a calendar month each year, with a renewal window."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certificates import validity
from certificates.validity import Recertification, calendar_expiry


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def test_none__never_expires():
    assert validity.NEVER.expires_on(d("2026-01-31")) is None
    assert validity.rolling(None).expires_on(d("2026-01-31")) is None


def test_rolling__months_from_the_completion():
    assert Recertification(validity.ROLLING, 24).expires_on(d("2026-01-31")) == d("2028-01-31")
    assert validity.rolling(1).expires_on(d("2026-01-31")) == d("2026-02-28")


@pytest.mark.parametrize(
    ("completed", "expires"),
    [
        ("2025-10-01", "2026-03-31"),  # before the window: counts until this year's March ends
        ("2026-01-30", "2026-03-31"),  # 60 days before: one day short of the window
        ("2026-01-31", "2027-03-31"),  # the window has opened: renews for next year
        ("2026-03-31", "2027-03-31"),  # on the last day
        ("2026-04-01", "2027-03-31"),  # after March: next March
    ],
)
def test_calendar__renew_in_march_with_a_sixty_day_window(completed, expires):
    assert Recertification(validity.CALENDAR, None, 3, 59).expires_on(d(completed)) == d(expires)


@given(
    completed=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 1, 1)),
    month=st.integers(1, 12),
    window=st.integers(0, 200),
)
def test_calendar__always_a_month_end_after_the_window_and_within_two_years(completed, month, window):
    end = calendar_expiry(completed, month, window)
    assert end.month == month and (end + datetime.timedelta(days=1)).day == 1
    assert (end - completed).days > window
    assert (end - completed).days <= 366 + 366 + window


@pytest.mark.parametrize(
    ("left", "window", "standing"), [(15, 14, "current"), (14, 14, "due"), (-1, 14, "expired")]
)
def test_standing_on__reads_the_rules_own_window(left, window, standing):
    today = d("2026-06-01")
    assert validity.standing_on(today + datetime.timedelta(days=left), today, window) == standing
