"""The rule for one cell of the team matrix: what a learner holds on a day decides it."""

import datetime

import pytest

from certificates.validity import RENEWAL_WINDOW_DAYS, standing_on
from lms.standing import Standing, standing_of

TODAY = datetime.date(2026, 11, 27)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("expires_in", "expected"),
    [(61, Standing.CURRENT), (60, Standing.DUE), (0, Standing.DUE), (-1, Standing.EXPIRED)],
)
def test_held_certificate__expiry_decides(expires_in, expected):
    standing, date = standing_of(
        TODAY, holds_certificate=True, expires_on=days(expires_in), due_on=days(-100)
    )
    assert standing == expected
    assert date == days(expires_in)


def test_held_certificate_that_never_expires__is_current_whatever_the_due_date():
    assert standing_of(TODAY, holds_certificate=True, expires_on=None, due_on=days(-5)) == (
        Standing.CURRENT,
        None,
    )


@pytest.mark.parametrize(
    ("due_in", "started", "expected"),
    [
        (0, False, Standing.NOT_STARTED),
        (0, True, Standing.IN_PROGRESS),
        (-1, False, Standing.OVERDUE),
        (-1, True, Standing.OVERDUE),
    ],
)
def test_without_certificate__due_date_decides(due_in, started, expected):
    assert standing_of(TODAY, due_on=days(due_in), started=started) == (expected, days(due_in))


@pytest.mark.parametrize("expires_in", range(-2, RENEWAL_WINDOW_DAYS + 3))
def test_held_certificate__the_certificates_own_renewal_rule(expires_in):
    """The matrix and the certificate agree on every day around the renewal window."""
    standing, _date = standing_of(TODAY, holds_certificate=True, expires_on=days(expires_in))
    assert standing.value == standing_on(days(expires_in), TODAY)
