"""The CPD record's pure parts: reading a period from the form, and adding up the hours."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from certificates.codes import new_code
from certificates.cpd import CpdEntry, Period, PeriodError, default_period, parse_period, summarise

TODAY = datetime.date(2025, 6, 15)
SPRING = {"from": "2025-03-01", "to": "2025-05-31"}


# The domain: periods and totals


def entry(hours: str, label: str, ethics: str = "0") -> CpdEntry:
    return CpdEntry(TODAY, "Module", label, Decimal(hours), Decimal(ethics), new_code())


def test_summarise__adds_up_all_hours_ethics_hours_and_each_category():
    """Totals are exact decimal sums; categories are listed A to Z with their own sums."""
    record = summarise(
        default_period(TODAY),
        [
            entry("2.5", "Wellbeing"),
            entry("1.5", "Ethics", "1.5"),
            entry("0.5", "Wellbeing"),
            entry("3.0", "Ethics", "3.0"),
            entry("1.0", "Cultural practice"),
        ],
    )
    assert record.total_hours == Decimal("8.5")
    assert record.ethics_hours == Decimal("4.5")
    assert [(total.label, total.hours) for total in record.by_category] == [
        ("Cultural practice", Decimal("1.0")),
        ("Ethics", Decimal("4.5")),
        ("Wellbeing", Decimal("3.0")),
    ]


def test_summarise__of_nothing_is_zero_with_no_categories():
    """An empty period totals zero."""
    record = summarise(default_period(TODAY), [])
    assert (record.total_hours, record.ethics_hours, record.by_category) == (0, 0, [])


def test_parse_period__defaults_to_the_last_24_months_up_to_today():
    """No dates (or empty ones, as an untouched form sends) mean the last 24 months."""
    expected = Period(datetime.date(2023, 6, 15), TODAY)
    assert parse_period({}, TODAY) == expected
    assert parse_period({"from": "", "to": " "}, TODAY) == expected
    assert default_period(datetime.date(2024, 2, 29)).start == datetime.date(2022, 2, 28)


def test_parse_period__reads_iso_dates_and_fills_a_missing_end():
    """Both dates as given; a missing start is 24 months before the end; a missing end is today."""
    assert parse_period(SPRING, TODAY) == Period(datetime.date(2025, 3, 1), datetime.date(2025, 5, 31))
    assert parse_period({"to": "2024-12-31"}, TODAY) == Period(
        datetime.date(2022, 12, 31), datetime.date(2024, 12, 31)
    )
    assert parse_period({"from": "2025-01-01"}, TODAY) == Period(datetime.date(2025, 1, 1), TODAY)
    assert parse_period({"from": "2025-06-15", "to": "2025-06-15"}, TODAY) == Period(TODAY, TODAY)
    assert parse_period({"to": "2026-06-15"}, TODAY).end == datetime.date(
        2026, 6, 15
    )  # a year ahead: allowed


BAD_PERIODS = [
    pytest.param(
        {"from": "2025-05-01", "to": "2025-04-01"}, "is after the end date", ("from", "to"), id="from>to"
    ),
    pytest.param(
        {"from": "last tuesday"}, "could not read “last tuesday” as a date", ("from",), id="garbage"
    ),
    pytest.param({"to": "2025-02-30"}, "could not read", ("to",), id="no-such-day"),
    pytest.param({"to": "20250301"}, "could not read", ("to",), id="not-year-month-day"),
    pytest.param({"from": "1999-12-31"}, "from 1 January 2000 onwards", ("from",), id="before-2000"),
    pytest.param({"to": "2026-06-16"}, "more than a year from now", ("to",), id="far-future"),
    pytest.param({"to": "99999-01-01"}, "could not read", ("to",), id="five-digit-year"),
]


@pytest.mark.parametrize(("query", "words", "fields"), BAD_PERIODS)
def test_parse_period__refuses_bad_dates_with_a_message(query, words, fields):
    """A bad date comes back as a message naming the problem and the input at fault, never raised."""
    refused = parse_period(query, TODAY)
    assert isinstance(refused, PeriodError)
    assert words in refused.message
    assert refused.fields == fields


def test_parse_period__repeats_only_the_start_of_a_long_bad_value():
    refused = parse_period({"from": "x" * 5000}, TODAY)
    assert isinstance(refused, PeriodError)
    assert "x" * 40 in refused.message and "x" * 41 not in refused.message
