"""The quiz page and its questions, edited inline and versioned with the page."""

from __future__ import annotations

import random

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from assessments.blocks import AnswerChoiceBlock
from assessments.enums import QuestionKind, ReviewPolicy, Scoring
from assessments.grading import grade
from assessments.quiz_attempts import Eligibility, eligibility
from assessments.review import review_attempt
from assessments.selection import choice_problems, question_snapshot
from courses.models import ModuleStep

from .attempts import QuizAttempt


class QuizPage(ModuleStep, Page):
    """A module's quiz: questions drawn from a pool, graded on the server.

    The page is the quiz's start page; taking it happens at the ``learning:quiz_*`` URLs
    (``assessments/urls.py``), as playing a scenario does.
    """

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

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs) | self.attempts_context(request.user)
        context["question_count"] = len(self.questions.all())
        return context

    def attempts_context(self, user) -> dict:
        """What the start and result pages show: the step in its module, the learner's submitted
        attempts, the open one, and whether another may start."""
        context = self.step_context(user)
        attempts = []  # a visitor who is not signed in (e.g. on a password-protected quiz's form) has none
        if user.is_authenticated:
            attempts = list(QuizAttempt.objects.filter(user=user, quiz=self).order_by("number"))
        cycle = context["progress"].cycle if "progress" in context else 1
        context.update(
            attempts=[a for a in attempts if a.is_submitted],
            open_attempt=next((a for a in attempts if not a.is_submitted), None),
            eligibility=eligibility(self, attempts, cycle),
        )
        return context

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        """Editors' previews: the start page, every question with its answers, a sample result."""
        questions = [question_snapshot(q, key=f"p{i}") for i, q in enumerate(self.questions.all())]
        context = {"page": self, "self": self, "request": request} | self.step_context(request.user)
        if mode_name == "questions":
            context["questions"] = questions
            return TemplateResponse(request, "assessments/quiz_preview_questions.html", context)
        context["is_preview"] = True  # "what learners see": true of the start page and of a result
        if mode_name == "result":
            sample, answers = self.sample_attempt(questions)
            context.update(attempt=sample, reviews=review_attempt(sample, answers), attempts=[])
            return TemplateResponse(request, "assessments/quiz_result.html", context)
        context.update(
            attempts=[], open_attempt=None, eligibility=Eligibility(True), question_count=len(questions)
        )
        return TemplateResponse(request, self.get_template(request), context)

    def sample_attempt(self, questions: list[dict]) -> tuple[QuizAttempt, dict[str, list[str]]]:
        """An unsaved, graded attempt with one answer picked for each question, for the preview."""
        sample = QuizAttempt(quiz_title=self.title, number=1, submitted_at=timezone.now())
        sample.snapshot = {
            "pass_mark": self.pass_mark,
            "review_policy": self.review_policy,
            "questions": questions,
        }
        rng = random.Random(0)  # the same sample every time the editor looks
        answers = {q["key"]: [rng.choice(q["choices"])["id"]] for q in questions if q["choices"]}
        graded = grade(questions, answers)
        sample.score, sample.passed = graded.percent, graded.passed(self.pass_mark)
        sample.results = {k: [v.numerator, v.denominator] for k, v in graded.credits.items()}
        return sample, answers


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
