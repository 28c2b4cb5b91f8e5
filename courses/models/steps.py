"""The interface every page that is a step of a module implements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from .pages import CoursePage


class ModuleStep:
    """Mixin for the child pages of a module (lessons now; quizzes and scenarios later).

    A step is complete for a learner when a StepProgress row exists for it. Each step type
    decides *when* to record that row (a lesson on "Mark as done", a quiz on a pass, a
    scenario at an ending) by calling ``courses.progress.record_step_complete``.
    """

    step_kind_label = _("Step")
    completion_hint = _("Complete this step")

    def get_module(self) -> CoursePage | None:
        from .pages import CoursePage

        parent = self.get_parent()  # type: ignore[attr-defined]
        return parent.specific if parent and isinstance(parent.specific, CoursePage) else None

    def is_complete_for(self, user: AbstractBaseUser) -> bool:
        from django.db.models import OuterRef, Subquery

        from .progress import Enrolment, StepProgress

        if not user.is_authenticated:
            return False
        current = Enrolment.objects.filter(user=user, module_id=OuterRef("module_id")).values("cycle")
        return StepProgress.objects.filter(user=user, step_id=self.pk, cycle=Subquery(current)).exists()  # type: ignore[attr-defined]
