"""The quiz page and its questions, edited inline and versioned with the page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from assessments.blocks import AnswerChoiceBlock
from core import converters  # noqa: F401  (registers <id:…> for the routes below)
from courses.models import ModuleStep


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Select all that apply")
    TRUE_FALSE = "true_false", _("True or false")
    BEST_RESPONSE = "best_response", _("Best response (judgement)")


class Scoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")
    PARTIAL = "partial", _("Partial credit")


class ReviewPolicy(models.TextChoices):
    AFTER_EACH_ATTEMPT = "after_each_attempt", _("After each attempt")
    AFTER_PASSING = "after_passing", _("Only after passing")
    NEVER = "never", _("Never show correct answers")


class QuizPage(ModuleStep, RoutablePageMixin, Page):
    """A module's quiz: questions drawn from a pool, graded on the server."""

    intro = models.TextField(blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        default=10, help_text=_("How many questions to draw from the pool; 0 asks every question.")
    )
    cover_each_objective = models.BooleanField(
        default=False, help_text=_("Draw at least one question for each learning-objective tag.")
    )
    shuffle_questions = models.BooleanField(default=True)
    shuffle_choices = models.BooleanField(default=True)
    max_attempts = models.PositiveSmallIntegerField(default=0, help_text=_("0 means unlimited."))
    wait_minutes = models.PositiveIntegerField(
        default=0, help_text=_("Minutes a learner waits between attempts; 0 for no wait.")
    )
    review_policy = models.CharField(
        max_length=32, choices=ReviewPolicy.choices, default=ReviewPolicy.AFTER_EACH_ATTEMPT
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Off unless set. Learners can always extend it or turn it off (WCAG 2.2.1)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("questions_per_attempt"),
                FieldPanel("cover_each_objective"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_choices"),
                FieldPanel("max_attempts"),
                FieldPanel("wait_minutes"),
                FieldPanel("review_policy"),
                FieldPanel("time_limit_minutes"),
            ],
            heading=_("Rules"),
        ),
        InlinePanel("questions", heading=_("Question pool"), label=_("Question"), min_num=1),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    preview_modes = [("", _("Start page")), ("questions", _("All questions")), ("result", _("Sample result"))]

    step_kind_label = _("Quiz")
    completion_hint = _("Pass the quiz")

    class Meta:
        verbose_name = _("quiz")

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        from assessments import quiz_views

        return quiz_views.preview(request, self, mode_name)

    @path("")
    def start_page(self, request: HttpRequest) -> HttpResponse:
        from assessments import quiz_views

        return quiz_views.start_page(request, self)

    @path("start/")
    def start(self, request: HttpRequest) -> HttpResponse:
        from assessments import quiz_views

        return quiz_views.start(request, self)

    @path("attempts/<id:attempt_id>/questions/<id:number>/")
    def question(self, request: HttpRequest, attempt_id: int, number: int) -> HttpResponse:
        from assessments import quiz_views

        return quiz_views.question(request, self, attempt_id, number)

    @path("attempts/<id:attempt_id>/review/")
    def review(self, request: HttpRequest, attempt_id: int) -> HttpResponse:
        from assessments import quiz_views

        return quiz_views.review(request, self, attempt_id)

    @path("attempts/<id:attempt_id>/submit/")
    def submit(self, request: HttpRequest, attempt_id: int) -> HttpResponse:
        from assessments import quiz_views

        return quiz_views.submit(request, self, attempt_id)

    @path("attempts/<id:attempt_id>/time/")
    def time_limit(self, request: HttpRequest, attempt_id: int) -> HttpResponse:
        from assessments import quiz_views

        return quiz_views.time_limit(request, self, attempt_id)

    @path("attempts/<id:attempt_id>/")
    def result(self, request: HttpRequest, attempt_id: int) -> HttpResponse:
        from assessments import quiz_views

        return quiz_views.result(request, self, attempt_id)


class Question(Orderable):
    """One question in a quiz's pool."""

    quiz = ParentalKey(QuizPage, related_name="questions", on_delete=models.CASCADE)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    prompt = models.TextField()
    scoring = models.CharField(
        max_length=20,
        choices=Scoring.choices,
        default=Scoring.ALL_OR_NOTHING,
        help_text=_("For “select all that apply”: all or nothing, or partial credit."),
    )
    explanation = models.TextField(help_text=_("Why the answer is what it is; shown in review."))
    objective = models.CharField(
        max_length=80, blank=True, help_text=_("Optional learning-objective tag, e.g. “three-es”.")
    )
    choices = StreamField([("choice", AnswerChoiceBlock())], min_num=2, max_num=6)

    panels = [
        FieldPanel("kind"),
        FieldPanel("prompt"),
        FieldPanel("choices"),
        FieldPanel("scoring"),
        FieldPanel("explanation"),
        FieldPanel("objective"),
    ]

    def __str__(self) -> str:
        return self.prompt[:80]

    def clean(self) -> None:
        from assessments.selection import choice_problems

        choices = [
            {
                "id": block.id,
                "text": block.value["text"],
                "correct": block.value["correct"],
                "weight": block.value["weight"],
            }
            for block in self.choices
        ]
        problems = choice_problems(self.kind, choices)
        if problems:
            raise ValidationError({"choices": problems})
