"""Writing the log: one INSERT per view that shows a learner's record to someone else.

A view calls this after its access check has passed and before it answers; the person's own
views are never logged (nothing to tell them).
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import RecordView

Kind, Role = RecordView.Kind, RecordView.Role
LABEL_LENGTH = RecordView._meta.get_field("label").max_length


def record_views(
    viewer, kind: str, labels: Iterable[tuple[int, str]], *, role: str = Role.SUPERVISOR
) -> None:
    """One row per ``(learner_id, label)`` learner other than ``viewer``, in one statement."""
    if not viewer.is_authenticated:
        return
    name = viewer.get_full_name() or viewer.get_username()
    RecordView.objects.bulk_create(
        RecordView(
            learner_id=learner_id,
            viewer=viewer,
            viewer_name=name,
            viewer_role=role,
            kind=kind,
            label=_shortened(label),
        )
        for learner_id, label in labels
        if learner_id is not None and learner_id != viewer.pk
    )


def record_view(
    viewer, learner_id: int | None, kind: str, label: str, *, role: str = Role.SUPERVISOR
) -> None:
    record_views(viewer, kind, [(learner_id, label)], role=role)


def _shortened(label: str) -> str:
    return label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1] + "…"
