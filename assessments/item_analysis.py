"""Quiz statistics for editors: pass rates and how each question fared, counts only.

Everything is read from submitted attempts' snapshots, so a question edited or removed since
still reports what learners were actually asked. No figure names or singles out a learner.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from core.small_counts import shown_count, shown_percent

from .grading import correct_choice_ids
from .models import QuizAnswer, QuizAttempt, QuizPage


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` as a percentage to one decimal place; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class AttemptSummary:
    submitted: int
    passed: int

    @property
    def pass_rate(self) -> Decimal | None:
        return percent(self.passed, self.submitted)

    # What a report shows: small counts as "fewer than 5" (core.small_counts).
    @property
    def shown_submitted(self):
        return shown_count(self.submitted)

    @property
    def shown_passed(self):
        return shown_count(self.passed, self.submitted)

    @property
    def shown_pass_rate(self):
        return shown_percent(self.passed, self.submitted)


@dataclass
class QuestionAnalysis:
    """How one question (by its snapshot key) fared across every attempt that asked it."""

    key: str
    question_id: int | None
    prompt: str
    times_asked: int = 0
    fully_correct: int = 0
    wrong_choices: Counter[str] = field(default_factory=Counter)
    choice_texts: dict[str, str] = field(default_factory=dict)

    @property
    def percent_correct(self) -> Decimal | None:
        return percent(self.fully_correct, self.times_asked)

    @property
    def top_wrong_choice(self) -> tuple[str, int]:
        """The wrong choice picked most often and how often; ties go to the alphabetically first."""
        if not self.wrong_choices:
            return "", 0
        texts, counts = self.choice_texts, self.wrong_choices
        top = min(counts, key=lambda choice_id: (-counts[choice_id], texts[choice_id]))
        return texts[top], counts[top]

    @property
    def top_wrong_choice_text(self) -> str:
        return self.top_wrong_choice[0]

    @property
    def shown_times_asked(self):
        return shown_count(self.times_asked)

    @property
    def shown_percent_correct(self):
        return shown_percent(self.fully_correct, self.times_asked)

    @property
    def shown_top_wrong_choice_count(self):
        return shown_count(self.top_wrong_choice[1], self.times_asked)

    @property
    def top_wrong_choice_count(self) -> int:
        return self.top_wrong_choice[1]

    def record(self, question: Mapping, credit: list[int] | None, chosen: Iterable[str]) -> None:
        """Count one attempt's answer; later snapshots' wording replaces earlier wording.

        A wrong choice is one that full credit does not include: for best-response questions
        that makes an acceptable response wrong too, as it is not the best one.
        """
        self.prompt = question["prompt"]
        self.times_asked += 1
        if credit and credit[1] and credit[0] == credit[1]:
            self.fully_correct += 1
        texts = {c["id"]: c["text"] for c in question["choices"]}
        self.choice_texts.update(texts)
        right = correct_choice_ids(question)
        self.wrong_choices.update(c for c in chosen if c in texts and c not in right)


@dataclass(frozen=True)
class QuizAnalysis:
    summary: AttemptSummary
    questions: list[QuestionAnalysis]


def analyse_quiz(quiz: QuizPage) -> QuizAnalysis:
    """Summary and per-question rows for one quiz, in two queries however many attempts there are."""
    answers = {
        (attempt_id, key): choice_ids
        for attempt_id, key, choice_ids in QuizAnswer.objects.filter(
            attempt__quiz=quiz, attempt__submitted_at__isnull=False
        ).values_list("attempt_id", "question_key", "choice_ids")
    }
    attempts = QuizAttempt.objects.submitted().filter(quiz=quiz).order_by("submitted_at", "pk")
    submitted = passed = 0
    rows: dict[str, QuestionAnalysis] = {}
    for attempt_id, snapshot, results, attempt_passed in attempts.values_list(
        "pk", "snapshot", "results", "passed"
    ):
        submitted += 1
        passed += bool(attempt_passed)
        for question in snapshot["questions"]:
            key = question["key"]
            row = rows.setdefault(key, QuestionAnalysis(key, question.get("question_id"), question["prompt"]))
            row.record(question, results.get(key), answers.get((attempt_id, key), ()))
    # Question ids follow the order editors added questions; keys break ties for removed ones.
    ordered = sorted(rows.values(), key=lambda row: (row.question_id is None, row.question_id or 0, row.key))
    return QuizAnalysis(AttemptSummary(submitted, passed), ordered)


@dataclass(frozen=True)
class QuizOverview:
    quiz_id: int
    title: str
    module_title: str
    summary: AttemptSummary


def quiz_overviews(quizzes: QuerySet[QuizPage]) -> list[QuizOverview]:
    """Attempt counts and pass rate for each quiz, with its module's title, in one query."""
    parent = Page.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen))
    rows = (
        quizzes.annotate(
            module_title=Subquery(parent.values("title")[:1]),
            submitted=Count("attempts", filter=Q(attempts__submitted_at__isnull=False)),
            passed=Count("attempts", filter=Q(attempts__passed=True)),
        )
        .order_by("path")
        .values_list("pk", "title", "module_title", "submitted", "passed")
    )
    return [
        QuizOverview(pk, title, module_title or "", AttemptSummary(submitted, passed))
        for pk, title, module_title, submitted, passed in rows
    ]
