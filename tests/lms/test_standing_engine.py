"""The one rule for a cell, with extensions and exemptions: every combination of its inputs on a
grid of days around the deadlines, and random dates by hypothesis."""

import datetime
import itertools

from hypothesis import given
from hypothesis import strategies as st

from certificates import validity
from lms.standing import Standing, standing_of

TODAY = datetime.date(2026, 11, 27)
OFFSETS = (None, -400, -61, -60, -1, 0, 1, 59, 60, 61, 400)


def day(offset):
    return None if offset is None else TODAY + datetime.timedelta(days=offset)


def expected(today, *, holds, expires_on, due_on, started, window, extended_to, exempt, exempt_until):
    """The rule written out as a table, independently of the function under test."""
    if exempt and (exempt_until is None or exempt_until >= today):
        return Standing.EXEMPT
    deadline = expires_on if holds else due_on
    extension = (
        extended_to is not None and extended_to >= today and (deadline is None or extended_to > deadline)
    )
    if holds:
        if expires_on is None or (expires_on - today).days > window:
            return Standing.CURRENT
        if extension:
            return Standing.EXTENDED
        return Standing.EXPIRED if expires_on < today else Standing.DUE
    if extension:
        return Standing.EXTENDED
    if due_on is not None and due_on < today:
        return Standing.OVERDUE
    return Standing.IN_PROGRESS if started else Standing.NOT_STARTED


def test_every_combination_on_a_grid_of_days():
    """Exhaustive over the grid: exemption, certificate, due date, start, window and extension."""
    seen = set()
    for holds, expires, due, started, window, extended, exempt, until in itertools.product(
        (False, True), OFFSETS, OFFSETS, (False, True), (14, 60), OFFSETS, (False, True), (None, -1, 0, 30)
    ):
        if not holds and expires is not None:
            continue
        arguments = {
            "holds": holds,
            "expires_on": day(expires),
            "due_on": day(due),
            "started": started,
            "window": window,
            "extended_to": day(extended),
            "exempt": exempt,
            "exempt_until": day(until),
        }
        standing, _date = standing_of(
            TODAY,
            holds_certificate=holds,
            expires_on=arguments["expires_on"],
            due_on=arguments["due_on"],
            started=started,
            window_days=window,
            extended_to=arguments["extended_to"],
            exempt=exempt,
            exempt_until=arguments["exempt_until"],
        )
        assert standing == expected(TODAY, **arguments), arguments
        seen.add(standing)
    assert seen == set(Standing) - {Standing.NOT_REQUIRED}  # every status is reachable


dates = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2032, 12, 31))


@given(today=dates, expires_on=st.none() | dates, window=st.integers(0, 120), extended_to=st.none() | dates)
def test_held_certificate__agrees_with_the_certificates_rule_unless_extended(
    today, expires_on, window, extended_to
):
    standing, date = standing_of(
        today, holds_certificate=True, expires_on=expires_on, window_days=window, extended_to=extended_to
    )
    held = validity.standing_on(expires_on, today, window)
    if standing == Standing.EXTENDED:
        assert held != validity.CURRENT and date == extended_to and extended_to >= today
    else:
        assert standing.value == held and date == expires_on


@given(today=dates, due_on=dates, started=st.booleans(), extended_to=st.none() | dates)
def test_without_certificate__never_current_and_overdue_only_after_the_deadline(
    today, due_on, started, extended_to
):
    standing, date = standing_of(today, due_on=due_on, started=started, extended_to=extended_to)
    assert standing not in (Standing.CURRENT, Standing.DUE, Standing.EXPIRED, Standing.EXEMPT)
    if standing == Standing.OVERDUE:
        assert today > due_on and (extended_to is None or extended_to < today or extended_to <= due_on)
    if standing == Standing.EXTENDED:
        assert due_on < extended_to and today <= extended_to and date == extended_to


@given(today=dates, until=st.none() | dates, holds=st.booleans(), due_on=dates)
def test_exemption__in_force_until_its_end_date(today, until, holds, due_on):
    standing, date = standing_of(
        today, holds_certificate=holds, expires_on=due_on, due_on=due_on, exempt=True, exempt_until=until
    )
    assert (standing == Standing.EXEMPT) == (until is None or today <= until)
    if standing == Standing.EXEMPT:
        assert date == until


def test_an_extension_to_an_earlier_date_than_the_deadline_changes_nothing():
    assert standing_of(TODAY, due_on=day(10), extended_to=day(5)) == (Standing.NOT_STARTED, day(10))


def test_labels_for_the_new_standings():
    from lms.standing import Cell

    assert Cell(Standing.EXTENDED, day(5)).date_label == "extended to 2 Dec 2026"
    assert Cell(Standing.EXEMPT, None).date_label == ""
    assert Cell(Standing.EXEMPT, day(5)).date_label == "exempt until 2 Dec 2026"
