"""Run the registered benchmarks on a fresh test database, write results.json and print the table.

A benchmark is a name, a target median in milliseconds and a timed function::

    from bench.runner import benchmark, catalogue

    def a_scenario_run():  # once, untimed; its result is handed to every run
        ...

    @benchmark("scenario: choice round trip", target_ms=25, setup=a_scenario_run)
    def choice_round_trip(run):  # timed
        ...

A figure may name another as its ``floor`` (e.g. a bare signed-in view through the same
middleware) with a ``target_ratio``: the table then shows its median as a multiple of the
floor's, measured in the same run, and the figure is met when either target is (the ratio is
what stays true on a busy or a slower machine).

``setup()`` runs once, outside the timing. ``prepare(state)``, when given, runs before every timed
run, outside the timing, and the timed function gets what it returns instead of the setup state
(for figures that need something fresh each time, such as an attempt to submit). A timed
function raises to say the figure is wrong; a missed target is reported, never raised.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import math
import os
import pkgutil
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results.json"
SETTINGS = "bench.settings"
NOT_BENCHMARKS = {
    "runner",
    "settings",
    "urls",
    "processes",
    "locustfile",
    "load",
    "load_data",
    "page_forms",
    "rows",
}
DEFAULT_RUNS = 50
DEFAULT_WARMUP = 3


@dataclass(frozen=True)
class Benchmark:
    name: str
    target_ms: float
    run: Callable[[Any], object]
    setup: Callable[[], Any] | None = None
    prepare: Callable[[Any], Any] | None = None
    runs: int = DEFAULT_RUNS
    warmup: int = DEFAULT_WARMUP
    floor: str = ""
    target_ratio: float | None = None


@dataclass
class Figure:
    benchmark: Benchmark
    timings_ms: list[float]
    error: str = ""
    floor_ms: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.floor_ms and self.median_ms is not None:
            return self.median_ms / self.floor_ms
        return None

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.timings_ms) if self.timings_ms else None

    @property
    def p95_ms(self) -> float | None:
        """Nearest-rank 95th percentile: a time that 95% of the runs did not exceed."""
        if not self.timings_ms:
            return None
        ordered = sorted(self.timings_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]

    @property
    def met(self) -> bool:
        if self.error or self.median_ms is None:
            return False
        ratio_met = self.ratio is not None and self.ratio <= (self.benchmark.target_ratio or 0)
        return self.median_ms <= self.benchmark.target_ms or ratio_met

    def as_json(self) -> dict:
        result = {
            "median_ms": _rounded(self.median_ms),
            "p95_ms": _rounded(self.p95_ms),
            "runs": len(self.timings_ms),
            "target_ms": self.benchmark.target_ms,
            "met": self.met,
        }
        if self.benchmark.floor:
            result["floor"] = self.benchmark.floor
            result["ratio_to_floor"] = None if self.ratio is None else round(self.ratio, 2)
            result["target_ratio"] = self.benchmark.target_ratio
        if self.error:
            result["error"] = self.error
        return result


REGISTRY: list[Benchmark] = []


def benchmark(
    name: str,
    *,
    target_ms: float,
    setup: Callable[[], Any] | None = None,
    prepare: Callable[[Any], Any] | None = None,
    runs: int = DEFAULT_RUNS,
    warmup: int = DEFAULT_WARMUP,
    floor: str = "",
    target_ratio: float | None = None,
) -> Callable[[Callable[[Any], object]], Callable[[Any], object]]:
    """Register the decorated function as the timed part of a figure named ``name``."""

    def register(run: Callable[[Any], object]) -> Callable[[Any], object]:
        if any(existing.name == name for existing in REGISTRY):
            raise ValueError(f"Two benchmarks are named {name!r}.")
        REGISTRY.append(Benchmark(name, target_ms, run, setup, prepare, runs, warmup, floor, target_ratio))
        return run

    return register


def catalogue():
    """The site's catalogue page, built on first use, so that every benchmark module can share one site."""
    from courses.models import CourseIndexPage
    from tests.factories import build_site

    return CourseIndexPage.objects.first() or build_site()


def measure(bench: Benchmark, runs: int | None = None) -> Figure:
    """Time ``bench.run`` after its warm-up runs; an exception becomes the figure's error."""
    timings: list[float] = []
    try:
        state = bench.setup() if bench.setup else None
        for index in range(bench.warmup + (runs or bench.runs)):
            argument = bench.prepare(state) if bench.prepare else state
            gc.collect()
            start = time.perf_counter()
            bench.run(argument)
            elapsed_ms = (time.perf_counter() - start) * 1000
            if index >= bench.warmup:
                timings.append(elapsed_ms)
    except Exception as exc:
        print(f"Benchmark {bench.name!r} failed:", file=sys.stderr)
        traceback.print_exc()
        return Figure(bench, timings, error=f"{type(exc).__name__}: {exc}")
    return Figure(bench, timings)


def _rounded(ms: float | None) -> float | None:
    return None if ms is None else round(ms, 3)


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} ms"


def table(figures: list[Figure]) -> str:
    """A plain table of each figure against its target, with what a miss or an error means."""
    rows = [("figure", "median", "p95", "x floor", "target", "met")]
    for figure in figures:
        met = "ERROR" if figure.error else ("yes" if figure.met else "no")
        target = f"{figure.benchmark.target_ms:g} ms"
        ratio = "" if figure.ratio is None else f"{figure.ratio:.1f}x"
        if figure.benchmark.target_ratio:
            target += f" or {figure.benchmark.target_ratio:g}x"
        rows.append((figure.benchmark.name, _ms(figure.median_ms), _ms(figure.p95_ms), ratio, target, met))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    lines.append("")
    lines.append("Targets are medians. A missed target is shown as 'no' and does not fail `make bench`;")
    lines.append("only a benchmark that errors (ERROR, traceback above) makes the exit status non-zero.")
    lines.append(
        "'x floor' is a figure's median over the median of the figure named as its floor, in the same run."
    )
    return "\n".join(lines)


def _set_up_django() -> Callable[[], None]:
    """Configure Django on a new, empty test database; return what tears it down again."""
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)

    def tear_down() -> None:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    return tear_down


def _load_benchmarks() -> None:
    """Import every benchmark module in this package, which registers its figures."""
    package = importlib.import_module("bench")
    for module in pkgutil.iter_modules(package.__path__):
        if module.name not in NOT_BENCHMARKS and not module.name.startswith("_"):
            importlib.import_module(f"bench.{module.name}")


def _database_label() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return "SQLite in memory"
    return f"{connection.vendor} ({connection.settings_dict['NAME']})"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="only", default="", help="run only figures whose name contains this text")
    parser.add_argument(
        "--runs", type=int, default=None, help="timed runs per figure (default: each figure's own)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    tear_down = _set_up_django()
    try:
        _load_benchmarks()
        chosen = [bench for bench in REGISTRY if arguments.only.lower() in bench.name.lower()]
        heading = f"Benchmarks on {_database_label()}, settings {SETTINGS}."
        floors = {bench.floor for bench in chosen if bench.floor}
        chosen += [bench for bench in REGISTRY if bench.name in floors and bench not in chosen]
        figures = [measure(bench, arguments.runs) for bench in chosen]
        by_name = {figure.benchmark.name: figure for figure in figures}
        for figure in figures:
            if figure.benchmark.floor in by_name:
                figure.floor_ms = by_name[figure.benchmark.floor].median_ms
    finally:
        tear_down()
    RESULTS.write_text(json.dumps({f.benchmark.name: f.as_json() for f in figures}, indent=2) + "\n")
    print(heading)
    print(table(figures))
    print(f"Written to {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}.")
    return 1 if any(figure.error for figure in figures) else 0
