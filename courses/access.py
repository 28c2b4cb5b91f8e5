"""Finding pages a learner may act on; anything else is a 404."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from wagtail.models import Page

from .models import CoursePage, ModuleStep


def _check_view_restrictions(request: HttpRequest, page: Page) -> None:
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404


def learnable_module(request: HttpRequest, module_id: int) -> CoursePage:
    module = get_object_or_404(CoursePage.objects.live(), pk=module_id)
    _check_view_restrictions(request, module)
    return module


def learnable_step(request: HttpRequest, module: CoursePage, step_id: int) -> Page:
    """A live step of ``module`` that the learner may view."""
    step = get_object_or_404(Page.objects.live().child_of(module), pk=step_id).specific
    if not isinstance(step, ModuleStep):
        raise Http404
    _check_view_restrictions(request, step)
    return step
