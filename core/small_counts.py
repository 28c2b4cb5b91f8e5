"""Counts in editors' and administrators' reports that cannot single a person out.

A count of one to four people (or of what they chose) could let someone who knows the team
tell who did what, while learners are told their answers stay private. So every report and
export shows such a count as "fewer than 5", shows even 0 that way while fewer than five people
are counted at all, and withholds a percentage that would let the small count be worked out
(its part, or what is left of the whole, is one to four).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

SMALLEST_SHOWN = 5
FEWER_THAN = _("fewer than 5")
WITHHELD = _("withheld (fewer than 5)")


def is_small(count: int) -> bool:
    return 0 < count < SMALLEST_SHOWN


def shown_count(count: int, population: int | None = None):
    """The count as a report may show it: the number, or "fewer than 5". ``population`` is how
    many people the count is out of: while that is small, even 0 is not shown."""
    if is_small(count) or (population is not None and population < SMALLEST_SHOWN):
        return FEWER_THAN
    return count


def shown_percent(part: int, whole: int):
    """``part`` of ``whole`` as a percentage to one decimal place, withheld when it would reveal a
    small count; None when there is no whole to take a percentage of."""
    if not whole:
        return None
    if whole < SMALLEST_SHOWN or is_small(part) or is_small(whole - part):
        return WITHHELD
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
