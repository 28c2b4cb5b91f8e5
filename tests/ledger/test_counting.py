"""The ledger's arithmetic: totals are the sum of their parts, a boundary day counts in one
period only, and a module with its renewal counts once whatever the order."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from certificates.cpd import EXTERNAL, CpdEntry, Period, count_once, summarise
from ledger.models import Credential
from ledger.record import Ledger

DAY0 = datetime.date(2024, 1, 1)
CATEGORIES = {"ethics": "Ethics", "wellbeing": "Wellbeing", "trauma_informed": "Trauma-informed practice"}

entries = st.builds(
    lambda day, module, hours, category, external, n: CpdEntry(
        issued_on=DAY0 + datetime.timedelta(days=day),
        module_title=f"Activity {n}",
        category_label=CATEGORIES[category],
        hours=Decimal(hours) / 2,
        ethics_hours=Decimal(hours) / 2 if category == "ethics" else Decimal(0),
        code="" if external else f"GW-{n:04d}",
        module_id=None if external else module,
        category=category,
        source=EXTERNAL if external else "groundwork",
    ),
    st.integers(0, 1500),
    st.integers(1, 4),
    st.integers(1, 48),
    st.sampled_from(sorted(CATEGORIES)),
    st.booleans(),
    st.integers(0, 9999),
)
PERIOD = Period(DAY0, DAY0 + datetime.timedelta(days=1500))


@settings(deadline=None, max_examples=60)
@given(st.lists(entries, max_size=30), st.booleans())
def test_totals_are_the_sum_of_their_parts(items, repeats_count):
    record = summarise(PERIOD, items, repeats_count=repeats_count)
    counted = [entry for entry in record.entries if entry.counted]
    assert record.total_hours == sum((total.hours for total in record.by_category), Decimal(0))
    assert record.total_hours == sum((entry.hours for entry in counted), Decimal(0))
    assert record.ethics_hours == sum((entry.ethics_hours for entry in counted), Decimal(0))
    assert len(record.entries) == len(items)  # every activity is listed, counted or not


@settings(deadline=None, max_examples=60)
@given(st.lists(entries, max_size=30), st.randoms(use_true_random=False))
def test_counting_once_holds_for_any_order(items, random):
    shuffled = list(items)
    random.shuffle(shuffled)
    first, second = summarise(PERIOD, items), summarise(PERIOD, shuffled)
    assert (first.total_hours, first.ethics_hours, first.by_category) == (
        second.total_hours,
        second.ethics_hours,
        second.by_category,
    )
    counted_modules = [e.module_id for e in first.entries if e.counted and e.module_id is not None]
    assert len(counted_modules) == len(set(counted_modules))  # each module at most once
    assert {e.module_id for e in first.entries if e.module_id} == set(counted_modules)  # and at least once


@settings(deadline=None, max_examples=60)
@given(st.lists(entries, max_size=30))
def test_a_repeat_counts_again_only_when_the_rule_says_so(items):
    assert all(entry.counted for entry in count_once(items, repeats_count=True))


@settings(deadline=None, max_examples=60)
@given(st.lists(entries, max_size=30), st.integers(1, 36), st.integers(0, 1400))
def test_an_activity_on_a_period_boundary_counts_in_one_period_only(items, months, offset):
    """Consecutive periods of a credential share no day: each activity falls in exactly one."""
    rule = Credential(period_months=months)
    renewal = DAY0 - datetime.timedelta(days=offset)  # the first renewal date the learner gave
    periods = []
    start = DAY0
    for _ in range(1600 // (months * 28) + 2):
        first, renews_on = rule.period_ending(renewal, start)
        periods.append(Period(first, renews_on - datetime.timedelta(days=1)))
        start = renews_on
    for entry in items:
        inside = [p for p in periods if p.start <= entry.issued_on <= p.end]
        assert len(inside) == 1, (entry.issued_on, periods)
    with_boundary = [
        *items,
        CpdEntry(
            periods[1].start, "On the boundary", "Wellbeing", Decimal(1), Decimal(0), "", source=EXTERNAL
        ),
    ]
    ledger = Ledger(entries=with_boundary, revoked=[])
    totals = [ledger.record(p, repeats_count=True).total_hours for p in periods]
    assert sum(totals) == sum((e.hours for e in with_boundary), Decimal(0))
