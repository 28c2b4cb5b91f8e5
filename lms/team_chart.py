"""Completions over the last 12 months, per team, drawn on the server as an SVG bar chart.

The numbers come from one aggregate query for every team on the page. The drawing is plain
geometry for the template (``templates/includes/team_chart.html``), which also gives the
same figures as a table, so nothing is said by the picture alone.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
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
    """Team id → its chart: module completions by its active members, of the modules shown."""
    months = months_up_to(today)
    start = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time.min))
    teams = [section.team for section in sections]
    modules = {a.module_id for section in sections for a in section.assignments}
    rows = (
        ModuleCompletion.objects.filter(
            user__teams__in=teams, user__is_active=True, module_id__in=modules, completed_at__gte=start
        )
        .annotate(month=TruncMonth("completed_at"))
        .order_by()
        .values_list("user__teams", "module_id", "month")
        .annotate(n=Count("id"))
    )
    counted: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for team_id, module_id, month, n in rows:
        counted[team_id][(module_id, _day(month))] += n
    charts = {}
    for section in sections:
        shown = {a.module_id for a in section.assignments}
        per_month = defaultdict(int)
        for (module_id, month), n in counted[section.team.pk].items():
            if module_id in shown:
                per_month[month] += n
        charts[section.team.pk] = draw([(month, per_month[month]) for month in months])
    return charts


def _day(month) -> datetime.date:
    return month.date() if isinstance(month, datetime.datetime) else month


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
