"""Scenario statistics for editors: how often runs reached each ending and each choice was taken.

Counts come from the run log, so a learner who goes back and chooses again is counted each
time they choose. Rows are labelled with the scenario as it is now; choices and endings removed
since are kept as "(removed …)" rows so the counts still add up. No figure names a learner.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Length, Substr
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.small_counts import shown_count

from .models import RunEvent, ScenarioPage, ScenarioRun


@dataclass(frozen=True)
class EndingCount:
    key: str
    title: str
    recommended: bool
    times_reached: int
    removed: bool = False
    population: int | None = None  # the runs it is out of, for core.small_counts

    @property
    def shown_times_reached(self):
        return shown_count(self.times_reached, self.population)


@dataclass(frozen=True)
class ChoiceCount:
    step_key: str
    choice_id: str
    label: str
    times_taken: int
    leads_to: str
    removed: bool = False
    population: int | None = None  # the runs it is out of, for core.small_counts

    @property
    def shown_times_taken(self):
        return shown_count(self.times_taken, self.population)


@dataclass(frozen=True)
class ScenarioResults:
    runs_started: int
    endings: list[EndingCount]
    choices: list[ChoiceCount]

    @property
    def endings_reached(self) -> int:
        return sum(ending.times_reached for ending in self.endings)

    @property
    def shown_runs_started(self):
        return shown_count(self.runs_started)

    @property
    def shown_endings_reached(self):
        return shown_count(self.endings_reached, self.runs_started)


def scenario_results(scenario: ScenarioPage) -> ScenarioResults:
    """Ending and choice counts for one scenario, in two queries however many runs there are.

    Every choice in the log is counted, including ones later undone by going back, and an
    ending counts each time a choice reaches it.
    """
    steps, endings = scenario.graph
    runs_started = ScenarioRun.objects.filter(scenario=scenario).count()
    taken: Counter[tuple[str, str]] = Counter()
    went_to: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    reached: Counter[str] = Counter()
    moves = (
        RunEvent.objects.filter(scenario=scenario, kind=RunEvent.Kind.CHOICE)
        .order_by()
        .values("step_key", "choice_id", "to_key", "reached_ending")
        .annotate(times=Count("pk"))
    )
    for move in moves:
        choice = (move["step_key"], move["choice_id"])
        taken[choice] += move["times"]
        went_to[choice].add(move["to_key"])
        if move["reached_ending"]:
            reached[move["to_key"]] += move["times"]

    titles = {ending["key"]: ending["title"] for ending in endings}

    def destination(key: str) -> str:
        if key in titles:
            return _("Ending: %(title)s") % {"title": titles[key]}
        return key

    choices = [
        ChoiceCount(
            step["key"], c["id"], c["label"], taken.pop((step["key"], c["id"]), 0), destination(c["next"])
        )
        for step in steps
        for c in step["choices"]
    ]
    # Whatever was not popped above was taken from a choice the scenario no longer has.
    choices += [
        ChoiceCount(
            step_key,
            choice_id,
            _("(removed choice)"),
            times,
            ", ".join(destination(key) for key in sorted(went_to[step_key, choice_id])),
            removed=True,
        )
        for (step_key, choice_id), times in sorted(taken.items())
    ]
    ending_counts = [
        EndingCount(e["key"], e["title"], bool(e["recommended"]), reached.pop(e["key"], 0)) for e in endings
    ]
    ending_counts += [
        EndingCount(key, _("(removed ending)"), False, times, removed=True)
        for key, times in sorted(reached.items())
    ]
    # Each row carries the number of runs it is out of, so a report can hide small counts.
    choices = [replace(choice, population=runs_started) for choice in choices]
    ending_counts = [replace(ending, population=runs_started) for ending in ending_counts]
    return ScenarioResults(runs_started, ending_counts, choices)


@dataclass(frozen=True)
class ScenarioOverview:
    scenario_id: int
    title: str
    module_title: str
    runs_started: int
    endings_reached: int

    @property
    def shown_runs_started(self):
        return shown_count(self.runs_started)

    @property
    def shown_endings_reached(self):
        return shown_count(self.endings_reached, self.runs_started)


def _count_per_scenario(queryset: QuerySet) -> Coalesce:
    """A subquery counting ``queryset``'s rows for the outer scenario (0 when there are none)."""
    counts = queryset.filter(scenario=OuterRef("pk")).order_by().values("scenario").annotate(n=Count("pk"))
    return Coalesce(Subquery(counts.values("n")[:1]), 0)


def scenario_overviews(scenarios: QuerySet[ScenarioPage]) -> list[ScenarioOverview]:
    """Runs started and endings reached for each scenario, with its module's title, in one query."""
    parent = Page.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen))
    endings = RunEvent.objects.filter(kind=RunEvent.Kind.CHOICE, reached_ending=True)
    rows = (
        scenarios.annotate(
            module_title=Subquery(parent.values("title")[:1]),
            runs_started=_count_per_scenario(ScenarioRun.objects.all()),
            endings_reached=_count_per_scenario(endings),
        )
        .order_by("path")
        .values_list("pk", "title", "module_title", "runs_started", "endings_reached")
    )
    return [
        ScenarioOverview(pk, title, module_title or "", runs_started, endings_reached)
        for pk, title, module_title, runs_started, endings_reached in rows
    ]
