"""The organisation's calendar day: around midnight and around the clocks changing (Europe/London)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from certificates.validity import expires_on
from core import clock

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


@pytest.mark.parametrize(
    ("instant", "day"),
    [
        # British Summer Time: 00:30 in London is 23:30 UTC the day before.
        (datetime.datetime(2026, 7, 1, 23, 30, tzinfo=UTC), datetime.date(2026, 7, 2)),
        (datetime.datetime(2026, 7, 1, 22, 59, tzinfo=UTC), datetime.date(2026, 7, 1)),
        # Winter: London is on UTC.
        (datetime.datetime(2026, 12, 1, 23, 30, tzinfo=UTC), datetime.date(2026, 12, 1)),
        (datetime.datetime(2026, 12, 2, 0, 30, tzinfo=UTC), datetime.date(2026, 12, 2)),
        # The night the clocks go forward (29 March 2026, 01:00 UTC) and back (25 October 2026).
        (datetime.datetime(2026, 3, 28, 23, 59, tzinfo=UTC), datetime.date(2026, 3, 28)),
        (datetime.datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime.date(2026, 3, 29)),
        (datetime.datetime(2026, 10, 24, 23, 30, tzinfo=UTC), datetime.date(2026, 10, 25)),
        (datetime.datetime(2026, 10, 25, 23, 30, tzinfo=UTC), datetime.date(2026, 10, 25)),
    ],
)
def test_day_of_is_the_organisations_calendar_day(instant, day):
    assert clock.day_of(instant) == day


@pytest.mark.parametrize(
    ("now", "day"),
    [
        (datetime.datetime(2026, 7, 1, 23, 30, tzinfo=UTC), datetime.date(2026, 7, 2)),
        (datetime.datetime(2026, 12, 1, 23, 30, tzinfo=UTC), datetime.date(2026, 12, 1)),
        (datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime.date(2026, 10, 25)),
    ],
)
def test_today_reads_the_pinned_clock_in_the_organisations_zone(now, day):
    with time_machine.travel(now, tick=False):
        assert clock.today() == day
        assert clock.days_until(day + datetime.timedelta(days=10)) == 10


def test_a_completion_just_after_midnight_in_summer_expires_on_that_london_day_a_year_on():
    # 00:30 in London on 2 July is 1 July in UTC; the certificate must not expire a day early.
    completed = datetime.datetime(2026, 7, 2, 0, 30, tzinfo=LONDON)
    assert expires_on(completed, 12) == datetime.date(2027, 7, 2)
    assert expires_on(completed, None) is None


def test_add_months_keeps_to_the_end_of_short_months():
    assert clock.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert clock.add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)
    assert clock.add_months(datetime.date(2026, 5, 15), -12) == datetime.date(2025, 5, 15)
