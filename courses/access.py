"""Finding pages a learner may act on; anything else is a 404."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from wagtail.models import Page

from .models import CoursePage, ModuleStep


def viewable(request: HttpRequest, page: Page) -> Page:
    """``page`` itself when it is live and no view restriction on it or above it turns the
    learner away, as when Wagtail serves it; otherwise a 404."""
    if not page.live:
        raise Http404
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return page


def learnable_module(request: HttpRequest, module_id: int) -> CoursePage:
    return viewable(request, get_object_or_404(CoursePage.objects.live(), pk=module_id))


def learnable_step(request: HttpRequest, module: CoursePage, step_id: int) -> Page:
    """A live step of ``module`` that the learner may view."""
    step = get_object_or_404(Page.objects.live().child_of(module), pk=step_id).specific
    if not isinstance(step, ModuleStep):
        raise Http404
    return viewable(request, step)
