"""Admin set-up for assessments: the quiz results and scenario results reports."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .reports import ItemAnalysisView, QuizResultsView, ScenarioChoicesView, ScenarioResultsView


class EditorReportMenuItem(MenuItem):
    """Shown to anyone who can edit pages, as the reports themselves are."""

    def is_shown(self, request) -> bool:
        return policy_registry.get_by_type(Page).user_has_permission(request.user, "change")


@hooks.register("register_admin_urls")
def register_quiz_results_urls():
    urls = [
        path("", QuizResultsView.as_view(), name="index"),
        path("<int:quiz_id>/", ItemAnalysisView.as_view(), name="item_analysis"),
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
        path("<int:scenario_id>/", ScenarioChoicesView.as_view(), name="choices"),
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
