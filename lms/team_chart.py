"""Completions over the last 12 months, per team, drawn on the server as an SVG bar chart.

The numbers come from one aggregate query for every team on the page. The drawing is plain
geometry for the template (``templates/includes/team_chart.html``), which also gives the
same figures as a table, so nothing is said by the picture alone.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from core import clock
from courses.models import ModuleCompletion

MONTHS = 12
WIDTH, HEIGHT, BAR_GAP, TOP, BOTTOM = 600, 200, 8, 20, 30  # in SVG user units


@dataclass(frozen=True)
class Bar:
    month: datetime.date
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def label_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self) -> float:
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM
    label_y: int = HEIGHT - 10

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)

    @property
    def peak(self) -> int:
        return max((bar.count for bar in self.bars), default=0)


def months_up_to(today: datetime.date) -> list[datetime.date]:
    """The first days of the last ``MONTHS`` months, this one included, oldest first."""
    first = today.replace(day=1)
    return [clock.add_months(first, -back) for back in range(MONTHS - 1, -1, -1)]


def completions_by_month(sections, today: datetime.date) -> dict[int, Chart]:
    """Team id → its chart: module completions by its active members, of the modules shown.

    One query: a count per month by comparisons with each month's local midnight, which both
    databases run natively (SQLite would call back into Python for every row to truncate dates).
    """
    months = months_up_to(today)
    edges = [_midnight(month) for month in months] + [_midnight(clock.add_months(months[-1], 1))]
    teams = [section.team for section in sections]
    modules = {a.module_id for section in sections for a in section.assignments}
    per_month = {
        f"m{index}": Count("id", filter=Q(completed_at__gte=edges[index], completed_at__lt=edges[index + 1]))
        for index in range(len(months))
    }
    rows = (
        ModuleCompletion.objects.filter(
            user__teams__in=teams, user__is_active=True, module_id__in=modules, completed_at__gte=edges[0]
        )
        .order_by()
        .values("user__teams", "module_id")
        .annotate(**per_month)
    )
    counted: dict[int, dict[int, list[int]]] = defaultdict(dict)
    for row in rows:
        counted[row["user__teams"]][row["module_id"]] = [row[f"m{index}"] for index in range(len(months))]
    charts = {}
    for section in sections:
        by_module = counted[section.team.pk]
        shown = [by_module[a.module_id] for a in section.assignments if a.module_id in by_module]
        totals = [sum(column) for column in zip(*shown, strict=True)] if shown else [0] * len(months)
        charts[section.team.pk] = draw(list(zip(months, totals, strict=True)))
    return charts


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def draw(counts: list[tuple[datetime.date, int]]) -> Chart:
    """Bars scaled to the busiest month, side by side across the chart's width."""
    peak = max((n for _month, n in counts), default=0) or 1
    slot = WIDTH / max(len(counts), 1)
    room = HEIGHT - TOP - BOTTOM
    bars = []
    for index, (month, n) in enumerate(counts):
        height = round(room * n / peak, 1)
        bars.append(
            Bar(
                month=month,
                count=n,
                x=round(index * slot + BAR_GAP / 2, 1),
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(slot - BAR_GAP, 1),
                height=height,
            )
        )
    return Chart(bars=bars)
