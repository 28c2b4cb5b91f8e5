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


def _step_links() -> list[str]:
    """The reverse one-to-one names from ``Page`` to every page type that is a module step."""
    from django.apps import apps
    from wagtail.models import Page

    return [
        model._meta.parents[Page].remote_field.get_accessor_name()
        for model in apps.get_models()
        if issubclass(model, ModuleStep) and Page in model._meta.parents
    ]


def with_step_types(pages) -> list:
    """The pages of a queryset as their specific step types, in one query whatever the mix.

    ``.specific()`` costs one query per page type on top of the first; joining every step
    table at once keeps a module's outline at a single query as step types are added.
    """
    links = _step_links()
    result = []
    for page in pages.select_related(*links):
        specific = next((linked for link in links if (linked := getattr(page, link, None)) is not None), None)
        result.append(specific if specific is not None else page.specific)
    return result
