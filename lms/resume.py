"""Where a learner picks up: the next step of the module they worked on last (issue 15, item 4)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resume:
    module: object
    step: object
    fresh: bool  # nothing done yet in this cycle (a renewal, or just enrolled): "Start", not "Resume"


def resume_point(in_progress: list) -> Resume | None:
    """The in-progress module touched most recently (a step done, else enrolled), and its next step;
    from the progress already read for the page (``ModuleProgress.last_active``), so no query."""
    if not in_progress:
        return None
    touched = [state for state in in_progress if state.last_active is not None]
    state = max(touched, key=lambda state: state.last_active) if touched else in_progress[0]
    step = state.step_after()
    return Resume(module=state.module, step=step, fresh=state.done == 0) if step is not None else None
