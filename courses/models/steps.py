"""The interface every page that is a step of a module implements: lessons, quizzes, scenarios."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from courses.progress import module_progress

from .pages import CoursePage


class ModuleStep:
    """Mixin for the child pages of a module.

    A step is complete for a learner when a StepProgress row exists for it. Each step type
    decides *when* to record that row (a lesson on "Mark as done", a quiz on a pass, a
    scenario at an ending) by calling ``courses.progress.record_step_complete``.
    """

    step_kind_label = _("Step")
    completion_hint = _("Complete this step")

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """Learning pages need an account; signing in brings the learner back here."""
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)  # type: ignore[misc]

    def get_module(self) -> CoursePage | None:
        """The module this step sits in, in one query (its objectives are read only if shown)."""
        parent_path = self.path[: -self.steplen]  # type: ignore[attr-defined]
        modules = CoursePage.objects.defer("objectives", "refresher_path")
        return modules.filter(path=parent_path).first() if parent_path else None

    def step_context(self, user) -> dict:
        """What every step's pages show around it: its module, the learner's progress, its position."""
        module = self.get_module()
        if module is None:
            return {"module": None}
        progress = module_progress(user, module)
        return {"module": module, "progress": progress, "position": progress.position_of(self)}  # type: ignore[arg-type]
