"""Quiz statistics for editors: pass rates and how each question fared, counts only.

Everything is read from submitted attempts' snapshots, so a question edited or removed since
still reports what learners were actually asked. No figure names or singles out a learner.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Cast, Length, Substr
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
    # The question as last read and what it says, kept while attempts share its decoded snapshot.
    _question: Mapping | None = field(default=None, repr=False, compare=False)
    _texts: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _right: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

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
        if question is not self._question:
            self._question, self.prompt = question, question["prompt"]
            self._texts = {c["id"]: c["text"] for c in question["choices"]}
            self.choice_texts.update(self._texts)
            self._right = correct_choice_ids(question)
        self.times_asked += 1
        if credit and credit[1] and credit[0] == credit[1]:
            self.fully_correct += 1
        self.wrong_choices.update(c for c in chosen if c in self._texts and c not in self._right)


@dataclass(frozen=True)
class QuizAnalysis:
    summary: AttemptSummary
    questions: list[QuestionAnalysis]


def analyse_quiz(quiz: QuizPage) -> QuizAnalysis:
    """Summary and per-question rows for one quiz, in two queries however many attempts there are.

    The JSON columns are read as text and each distinct text decoded once: attempts of the same
    revision share one snapshot word for word, and decoding it again for every attempt was most
    of the report's time with thousands of attempts.
    """
    decode = functools.cache(json.loads)  # for this report only; the decoded values are only read
    answers = {
        (attempt_id, key): decode(choice_ids)
        for attempt_id, key, choice_ids in QuizAnswer.objects.filter(
            attempt__quiz=quiz, attempt__submitted_at__isnull=False
        ).values_list("attempt_id", "question_key", Cast("choice_ids", TextField()))
    }
    attempts = QuizAttempt.objects.submitted().filter(quiz=quiz).order_by("submitted_at", "pk")
    rows_as_text = attempts.values_list(
        "pk", Cast("snapshot", TextField()), Cast("results", TextField()), "passed"
    )
    submitted = passed = 0
    rows: dict[str, QuestionAnalysis] = {}
    for attempt_id, snapshot_text, results_text, attempt_passed in rows_as_text:
        snapshot, results = decode(snapshot_text), decode(results_text)
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
