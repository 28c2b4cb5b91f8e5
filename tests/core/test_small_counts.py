"""Small counts in reports (issue 15, item 9): one to four is "fewer than 5"; revealing rates withheld."""

from decimal import Decimal

import pytest

from core.small_counts import shown_count, shown_percent


@pytest.mark.parametrize(
    ("count", "population", "shown"),
    [
        (0, None, 0),
        (1, None, "fewer than 5"),
        (4, None, "fewer than 5"),
        (5, None, 5),
        (0, 3, "fewer than 5"),
        (0, 9, 0),
    ],
)
def test_shown_count__hides_one_to_four_and_anything_out_of_fewer_than_five(count, population, shown):
    assert shown_count(count, population) == shown


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (0, 0, None),
        (2, 3, "withheld (fewer than 5)"),  # too few in all
        (3, 10, "withheld (fewer than 5)"),  # the part is small
        (8, 10, "withheld (fewer than 5)"),  # what is left is small
        (0, 10, Decimal("0.0")),
        (10, 10, Decimal("100.0")),
        (5, 10, Decimal("50.0")),
        (5, 9, "withheld (fewer than 5)"),  # four did not
    ],
)
def test_shown_percent__withheld_when_it_would_reveal_a_small_count(part, whole, shown):
    assert shown_percent(part, whole) == shown
