"""Admin reports: quiz pass rates with an item analysis per question, and scenario results."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import policy_registry

from core.reports import ExportsItsColumns

from .item_analysis import QuestionAnalysis, QuizAnalysis, QuizOverview, analyse_quiz, quiz_overviews
from .models import QuizPage, ScenarioPage
from .scenario_stats import (
    ChoiceCount,
    ScenarioOverview,
    ScenarioResults,
    scenario_overviews,
    scenario_results,
)


class EditorReportView(ExportsItsColumns, ReportView):
    """Open to anyone who can edit pages; the figures are counts, never who, and never a count
    of fewer than 5 (``core.small_counts``), on the screen and in the exports alike."""

    header_icon = "tasks"
    permission_required = "change"

    @cached_property
    def permission_policy(self) -> BasePermissionPolicy:
        return policy_registry.get_by_type(Page)


class QuizResultsView(EditorReportView):
    page_title = _("Quiz results")
    index_url_name = "quiz_results:index"
    export_filename = "quiz-results"
    columns = [
        Column("module_title", label=_("Module")),
        TitleColumn("title", label=_("Quiz"), url_name="quiz_results:item_analysis", id_accessor="quiz_id"),
        Column("summary.shown_submitted", label=_("Submitted attempts")),
        Column("summary.shown_passed", label=_("Passed")),
        Column("summary.shown_pass_rate", label=_("Pass rate (%)")),
    ]

    @cached_property
    def no_results_message(self) -> str:
        return _("There are no quizzes you can edit.")

    def get_queryset(self) -> list[QuizOverview]:
        editable = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        return quiz_overviews(QuizPage.objects.filter(pk__in=editable.values("pk")))


class ItemAnalysisView(EditorReportView):
    page_title = _("Quiz item analysis")
    template_name = "assessments/reports/item_analysis.html"
    columns = [
        Column("key", label=_("Question key")),
        Column("prompt", label=_("Question")),
        Column("shown_times_asked", label=_("Times asked")),
        Column("shown_percent_correct", label=_("Fully correct (%)")),
        Column("top_wrong_choice_text", label=_("Most chosen wrong answer")),
        Column("shown_top_wrong_choice_count", label=_("Times chosen")),
    ]

    def get(self, request, *args, **kwargs):
        # Runs after the mixin's check that the user can edit pages at all.
        self.quiz = get_object_or_404(QuizPage, pk=kwargs["quiz_id"])
        if not self.user_has_permission_for_instance("change", self.quiz):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    @cached_property
    def analysis(self) -> QuizAnalysis:
        return analyse_quiz(self.quiz)

    def get_page_subtitle(self) -> str:
        # Every module's quiz may share a title, so name the module too.
        return f"{self.quiz.get_parent().title} · {self.quiz.title}"

    def get_index_url(self) -> str:
        return reverse("quiz_results:item_analysis", args=[self.quiz.pk])

    def get_filename(self) -> str:
        return f"quiz-{self.quiz.pk}-item-analysis"

    def get_breadcrumbs_items(self) -> list[dict]:
        index = {"url": reverse("quiz_results:index"), "label": QuizResultsView.page_title}
        here = {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()}
        return [*self.breadcrumbs_items, index, here]

    @cached_property
    def no_results_message(self) -> str:
        return _("No one has submitted this quiz yet.")

    def get_queryset(self) -> list[QuestionAnalysis]:
        return self.analysis.questions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = self.analysis.summary
        return context


class ScenarioResultsView(EditorReportView):
    page_title = _("Scenario results")
    index_url_name = "scenario_results:index"
    export_filename = "scenario-results"
    columns = [
        Column("module_title", label=_("Module")),
        TitleColumn(
            "title", label=_("Scenario"), url_name="scenario_results:choices", id_accessor="scenario_id"
        ),
        Column("shown_runs_started", label=_("Runs started")),
        Column("shown_endings_reached", label=_("Endings reached")),
    ]

    @cached_property
    def no_results_message(self) -> str:
        return _("There are no scenarios you can edit.")

    def get_queryset(self) -> list[ScenarioOverview]:
        editable = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        return scenario_overviews(ScenarioPage.objects.filter(pk__in=editable.values("pk")))


class ScenarioChoicesView(EditorReportView):
    page_title = _("Scenario choices and endings")
    template_name = "assessments/reports/scenario_results.html"
    columns = [
        Column("step_key", label=_("Step")),
        Column("label", label=_("Choice")),
        Column("shown_times_taken", label=_("Times taken")),
        Column("leads_to", label=_("Leads to")),
    ]

    def get(self, request, *args, **kwargs):
        # Runs after the mixin's check that the user can edit pages at all.
        self.scenario = get_object_or_404(ScenarioPage, pk=kwargs["scenario_id"])
        if not self.user_has_permission_for_instance("change", self.scenario):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    @cached_property
    def results(self) -> ScenarioResults:
        return scenario_results(self.scenario)

    def get_page_subtitle(self) -> str:
        return f"{self.scenario.get_parent().title} · {self.scenario.title}"

    def get_index_url(self) -> str:
        return reverse("scenario_results:choices", args=[self.scenario.pk])

    def get_filename(self) -> str:
        return f"scenario-{self.scenario.pk}-choices"

    def get_breadcrumbs_items(self) -> list[dict]:
        index = {"url": reverse("scenario_results:index"), "label": ScenarioResultsView.page_title}
        here = {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()}
        return [*self.breadcrumbs_items, index, here]

    @cached_property
    def no_results_message(self) -> str:
        return _("This scenario has no choices yet.")

    def get_queryset(self) -> list[ChoiceCount]:
        return self.results.choices

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["results"] = self.results
        return context
