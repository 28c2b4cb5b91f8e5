"""Where a learner picks up: the next step of the module they worked on last (issue 15, item 4)."""

from __future__ import annotations

from dataclasses import dataclass

from courses.models import Enrolment, StepProgress


@dataclass(frozen=True)
class Resume:
    module: object
    step: object
    fresh: bool  # nothing done yet in this cycle (a renewal, or just enrolled): "Start", not "Resume"


def resume_point(user, in_progress: list) -> Resume | None:
    """The in-progress module touched most recently (a step done, else enrolled), and its next step."""
    if not in_progress:
        return None
    by_module = {state.module.pk: state for state in in_progress}
    last_step = (
        StepProgress.objects.filter(user=user, module_id__in=by_module)
        .order_by("-completed_at")
        .values_list("module_id", "completed_at")
        .first()
    )
    last_enrolled = (
        Enrolment.objects.filter(user=user, module_id__in=by_module)
        .order_by("-started_at")
        .values_list("module_id", "started_at")
        .first()
    )
    touched = [t for t in (last_step, last_enrolled) if t is not None]
    module_id = max(touched, key=lambda t: t[1])[0] if touched else in_progress[0].module.pk
    state = by_module[module_id]
    step = state.step_after()
    return Resume(module=state.module, step=step, fresh=state.done == 0) if step is not None else None
