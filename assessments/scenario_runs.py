"""Playing a scenario: start, choose, go back, restart. Each move is atomic and replay-safe.

Every move names the ``sequence`` (the path length) it was made from; a move from a stale
sequence, such as the second POST of a double click, changes nothing.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.progress import record_step_complete

from .models import RunEvent, ScenarioPage, ScenarioRun


class MoveRejected(Exception):
    """The move does not fit the run's current step; the run is unchanged."""


def open_run(user, scenario: ScenarioPage) -> ScenarioRun | None:
    return ScenarioRun.objects.filter(user=user, scenario=scenario, set_aside_at__isnull=True).first()


def start_run(user, scenario: ScenarioPage) -> ScenarioRun:
    """Resume the learner's unfinished run of this scenario, or start one at the first step."""
    steps, _endings = scenario.graph
    run = open_run(user, scenario)
    if run is not None and not run.is_ended:
        return run
    try:
        with transaction.atomic():  # setting the ended run aside and starting afresh happen together
            if run is not None:  # starting after an ending is playing again; the ended run stays on record
                ScenarioRun.objects.filter(pk=run.pk, set_aside_at__isnull=True).update(
                    set_aside_at=timezone.now()
                )
            return ScenarioRun.objects.create(
                user=user,
                scenario=scenario,
                module=scenario.get_module(),
                scenario_title=scenario.title,
                current_key=steps[0]["key"],
            )
    except IntegrityError:  # a simultaneous start (a double click) won the race
        return ScenarioRun.objects.get(user=user, scenario=scenario, set_aside_at__isnull=True)


def current_step(run: ScenarioRun, scenario: ScenarioPage) -> dict | None:
    steps, _endings = scenario.graph
    return next((s for s in steps if s["key"] == run.current_key), None)


def _locked(run: ScenarioRun) -> ScenarioRun:
    return ScenarioRun.objects.select_for_update().get(pk=run.pk)


def choose(run: ScenarioRun, scenario: ScenarioPage, choice_id: str, sequence: int) -> ScenarioRun:
    """Take a choice on the current step: extend the path, move on, and finish at an ending."""
    steps, endings = scenario.graph
    with transaction.atomic():
        run = _locked(run)
        if sequence != run.sequence or run.is_ended:
            return run
        step = next((s for s in steps if s["key"] == run.current_key), None)
        choice = next((c for c in (step or {}).get("choices", []) if c["id"] == choice_id), None)
        if step is None or choice is None:
            raise MoveRejected(_("That choice is not one of the options on this step. Please choose again."))
        ending = next((e for e in endings if e["key"] == choice["next"]), None)
        if ending is None and not any(s["key"] == choice["next"] for s in steps):
            raise MoveRejected(_("This choice does not lead anywhere yet. Please choose another one."))
        run.path = [*run.path, {"step": step["key"], "situation": step["situation"], **choice}]
        run.current_key = choice["next"]
        run.updated_at = timezone.now()
        if ending is not None:
            run.ending, run.ended_at = ending, run.updated_at
        run.save(update_fields=["path", "current_key", "updated_at", "ending", "ended_at"])
        RunEvent.objects.create(
            run=run,
            scenario=scenario,
            kind=RunEvent.Kind.CHOICE,
            step_key=step["key"],
            choice_id=choice_id,
            to_key=choice["next"],
            reached_ending=ending is not None,
        )
        counts = ending is not None and (ending["recommended"] or not scenario.require_recommended_ending)
        if counts and run.module is not None:
            record_step_complete(run.user, scenario, run.module)
    return run


def go_back(run: ScenarioRun, scenario: ScenarioPage | None, sequence: int) -> ScenarioRun:
    """Undo the last choice on the path (the log keeps it), returning to that step."""
    with transaction.atomic():
        run = _locked(run)
        if sequence != run.sequence or not run.path:
            return run
        last = run.path[-1]
        run.path = run.path[:-1]
        run.current_key = last["step"]
        run.ending = run.ended_at = None
        run.updated_at = timezone.now()
        run.save(update_fields=["path", "current_key", "updated_at", "ending", "ended_at"])
        RunEvent.objects.create(run=run, scenario=scenario, kind=RunEvent.Kind.BACK, step_key=last["step"])
    return run


def restart(run: ScenarioRun, scenario: ScenarioPage) -> ScenarioRun:
    """Set the run aside (kept in the record) and start afresh at the first step."""
    with transaction.atomic():
        run = _locked(run)
        if run.set_aside_at is None:
            run.set_aside_at = timezone.now()
            run.save(update_fields=["set_aside_at"])
            RunEvent.objects.create(
                run=run, scenario=scenario, kind=RunEvent.Kind.RESTART, step_key=run.current_key
            )
        return start_run(run.user, scenario)
