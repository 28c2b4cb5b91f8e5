"""The supervisor's dashboard for teams of any size: filters, summary counts, an order, and pages.

Every member's standing is decided (the pure rule on gathered facts, no objects per cell) so
that filters and counts cover the whole team; cells, names and sign-offs are built only for
the page on screen. Queries are the same in number for a team of 10 or 10,000.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils.safestring import mark_safe

from lms.compliance import MemberRow, required_assignments
from lms.facts import Facts
from lms.models import Assignment, Team
from lms.sign_offs import latest_sign_offs
from lms.standing import NEEDS_ACTION as ACTION_STANDINGS
from lms.standing import Standing
from lms.team_cells import CellWriter
from lms.team_filters import NEEDS_ACTION, URGENCY, TeamFilters

PAGE_SIZE = 100
URGENCY_ORDER = [Standing.OVERDUE, Standing.EXPIRED, Standing.DUE, Standing.IN_PROGRESS, Standing.NOT_STARTED]
CALM = len(URGENCY_ORDER)  # current, and any standing that asks nothing of anyone


@dataclass(frozen=True, slots=True)
class Person:
    """A member as the matrix shows them: no user object per row."""

    pk: int
    username: str
    first_name: str
    last_name: str

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def name(self) -> str:
        return self.get_full_name() or self.username


@dataclass
class ShownRow(MemberRow):
    """A row on screen: its cells as HTML, each written once (``lms.team_cells``)."""

    shown: str = ""  # the row's cells, each in its <td>, the sign-off last

    def written_by(self, write: CellWriter) -> ShownRow:
        cells = [*self.cells, self.sign_off]
        self.shown = mark_safe("".join(f"<td>{write(cell)}</td>" for cell in cells))  # noqa: S308 (escaped by format_html)
        return self


@dataclass
class TeamSection:
    """One team on the dashboard: what the filters kept, counted, and the page on screen."""

    team: Team
    assignments: list  # the columns: the team's required modules, or the one filtered to
    members: int  # in the team, before any filter
    counts: list[tuple[Standing, int]]  # cells by standing, for the people the filters kept
    action_count: int  # cells needing action across the whole team (what reminders act on)
    page: Page | None = None
    rows: list[MemberRow] = field(default_factory=list)
    chart: object = None

    links: dict = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return self.page.paginator.count if self.page else 0

    @property
    def summary(self) -> list[tuple[Standing, int, str]]:
        """(standing, cells, link filtering to it) for each standing that has any."""
        return [(standing, n, self.links["status"][standing]) for standing, n in self.counts if n]


def links_for(section: TeamSection, filters: TeamFilters) -> dict:
    """Query strings for the section's links, carrying the filters in force (and the team)."""
    here = {"team": section.team.pk}
    page = section.page
    return {
        "status": {
            standing: "?" + filters.query(status=standing.value, page=1, **here) for standing in Standing
        },
        "needs_action": "?" + filters.query(status=NEEDS_ACTION, page=1, **here),
        "previous": "?" + filters.query(page=page.previous_page_number(), **here)
        if page.has_previous()
        else "",
        "next": "?" + filters.query(page=page.next_page_number(), **here) if page.has_next() else "",
        "csv": "?" + "&".join(filter(None, [filters.query(page=1, **here), "export=csv"])),
        "xlsx": "?" + "&".join(filter(None, [filters.query(page=1, **here), "export=xlsx"])),
    }


def people_of(teams, q: str = "", by_team: bool = False) -> list[tuple[int, Person]]:
    """(team id, person) for the active members of ``teams`` whose name matches ``q``, by name
    (``by_team``: by team name first)."""
    through = Team.members.through.objects.filter(team__in=teams, user__is_active=True)
    for word in q.split()[:5]:
        through = through.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__username__icontains=word)
        )
    order = ["user__last_name", "user__first_name", "user__username", "user_id"]
    rows = through.order_by(*(["team__name", *order] if by_team else order)).values_list(
        "team_id", "user_id", "user__username", "user__first_name", "user__last_name"
    )
    return [(team_id, Person(*person)) for team_id, *person in rows]


def required_module_choices(teams) -> list[tuple[str, str]]:
    """(slug, title) of the live modules any of ``teams`` requires, by title, for the module filter."""
    rows = (
        Assignment.objects.filter(team__in=teams, module__live=True)
        .order_by("module__title", "module__slug")
        .values_list("module__slug", "module__title")
        .distinct()
    )
    return list(rows)


def member_ids(teams):
    """The active members of ``teams`` as a subquery, never as thousands of parameters."""
    return Team.members.through.objects.filter(team__in=teams, user__is_active=True).values("user_id")


def urgency(standings) -> tuple:
    """Most urgent first: the worst standing, then the soonest date that goes with it."""
    worst = min(
        (URGENCY_ORDER.index(s) if s in URGENCY_ORDER else CALM, d or datetime.date.max) for s, d in standings
    )
    return worst


def build_sections(teams, filters: TeamFilters, today: datetime.date) -> list[TeamSection]:
    """A section per team in ``teams``, filtered, counted, sorted and paged, in a fixed number of queries."""
    teams = list(teams)
    assignments = required_assignments(teams)
    everyone = member_ids(teams)
    facts = Facts(everyone, [a for listed in assignments.values() for a in listed], today)
    people = people_of(teams, filters.q)
    sign_offs = latest_sign_offs([team.pk for team in teams], everyone, today)
    by_team: dict[int, list[Person]] = {team.pk: [] for team in teams}
    for team_id, person in people:
        by_team[team_id].append(person)
    members = Counter(
        Team.members.through.objects.filter(team__in=teams, user__is_active=True).values_list(
            "team_id", flat=True
        )
    )
    sections, write = [], CellWriter()
    for team in teams:
        required = assignments[team.pk]
        shown = [a for a in required if not filters.module or a.module.slug == filters.module]
        section = _section(team, required, shown, by_team[team.pk], facts, filters)
        section.members = members[team.pk]
        section.rows = [
            ShownRow(
                member=person,
                cells=[facts.cell(person.pk, a) for a in shown],
                sign_off=sign_offs.cell(team.pk, person.pk),
            ).written_by(write)
            for person in (section.page.object_list if section.page else [])
        ]
        section.links = links_for(section, filters)
        sections.append(section)
    return sections


def _section(team, required, shown, people, facts: Facts, filters: TeamFilters) -> TeamSection:
    """Decide every member's standings once; count them, keep those the filters ask for, order, page."""
    tally: Counter = Counter()
    action_count = 0
    kept = []
    for person in people:
        standings = [facts.standing(person.pk, a) for a in required]
        action_count += sum(1 for s, _d in standings if s in ACTION_STANDINGS)
        if len(shown) != len(required):
            standings = [standings[required.index(a)] for a in shown]
        tally.update(s for s, _d in standings if s != Standing.NOT_REQUIRED)
        if matches(standings, filters.status):
            kept.append((person, standings))
    if filters.sort == URGENCY:
        kept.sort(key=lambda pair: urgency(pair[1]) if pair[1] else (CALM, datetime.date.max))
    page = Paginator([person for person, _standings in kept], PAGE_SIZE).get_page(
        filters.page if filters.team == team.pk else 1
    )
    return TeamSection(
        team=team,
        assignments=shown,
        members=0,
        counts=[(standing, tally[standing]) for standing in Standing],
        action_count=action_count,
        page=page,
    )


def matches(standings, status: str) -> bool:
    if not status:
        return True
    if status == NEEDS_ACTION:
        return any(s in ACTION_STANDINGS for s, _d in standings)
    return any(s == status for s, _d in standings)
