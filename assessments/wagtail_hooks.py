"""Admin set-up for assessments: the quiz results and scenario results reports, and the check
that stops a bulk "Publish" from putting a broken scenario live."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import policy_registry

from core import converters  # noqa: F401  (registers <id:…>)

from .models import ScenarioPage
from .reports import ItemAnalysisView, QuizResultsView, ScenarioChoicesView, ScenarioResultsView


class EditorReportMenuItem(MenuItem):
    """Shown to anyone who can edit pages, as the reports themselves are."""

    def is_shown(self, request) -> bool:
        return policy_registry.get_by_type(Page).user_has_permission(request.user, "change")


@hooks.register("register_admin_urls")
def register_quiz_results_urls():
    urls = [
        path("", QuizResultsView.as_view(), name="index"),
        path("<id:quiz_id>/", ItemAnalysisView.as_view(), name="item_analysis"),
    ]
    return [path("reports/quiz-results/", include((urls, "quiz_results")))]


@hooks.register("register_reports_menu_item")
def register_quiz_results_menu_item():
    return EditorReportMenuItem(
        _("Quiz results"), reverse("quiz_results:index"), name="quiz-results", icon_name="tasks", order=800
    )


@hooks.register("register_admin_urls")
def register_scenario_results_urls():
    urls = [
        path("", ScenarioResultsView.as_view(), name="index"),
        path("<id:scenario_id>/", ScenarioChoicesView.as_view(), name="choices"),
    ]
    return [path("reports/scenario-results/", include((urls, "scenario_results")))]


@hooks.register("register_reports_menu_item")
def register_scenario_results_menu_item():
    return EditorReportMenuItem(
        _("Scenario results"),
        reverse("scenario_results:index"),
        name="scenario-results",
        icon_name="tasks",
        order=810,
    )


@hooks.register("before_bulk_action")
def refuse_to_bulk_publish_broken_scenarios(request, action_type, objects, action):
    """Bulk "Publish" skips the edit form's checks, so repeat them for every scenario it would publish."""
    if action_type != "publish":
        return None
    pages = [page for page in objects if isinstance(page, Page)]
    scenarios = set(ScenarioPage.objects.filter(pk__in=[p.pk for p in pages]))
    if getattr(action, "cleaned_form", None) and action.cleaned_form.cleaned_data.get("include_descendants"):
        for page in pages:
            scenarios |= set(ScenarioPage.objects.descendant_of(page))
    broken = [s for s in scenarios if s.get_latest_revision_as_object().problems()]
    if not broken:
        return None
    for scenario in broken:
        messages.error(
            request,
            _("“%(title)s” cannot be published yet: %(problem)s Open it to see every problem.")
            % {"title": scenario.title, "problem": scenario.get_latest_revision_as_object().problems()[0]},
        )
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = reverse("wagtailadmin_explore_root")  # never send an editor off-site
    return redirect(back)
