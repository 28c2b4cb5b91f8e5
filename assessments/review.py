"""What a learner sees after an attempt, under the quiz's review policy."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from .enums import ReviewPolicy
from .models.attempts import QuizAttempt


@dataclass
class ChoiceReview:
    text: str
    chosen: bool
    correct: bool | None  # None when the policy hides correct answers
    feedback: str | None


@dataclass
class QuestionReview:
    number: int
    prompt: str
    outcome: str  # "correct", "partial", "incorrect", "unanswered"
    outcome_label: str
    choices: list[ChoiceReview]
    explanation: str | None
    lesson: object | None = None  # the lesson that teaches it, linked from a miss

    @property
    def yours(self) -> list[ChoiceReview]:
        """What the learner chose, in the order they were shown."""
        return [choice for choice in self.choices if choice.chosen]

    @property
    def right_not_chosen(self) -> list[ChoiceReview]:
        """The right answers the learner did not choose, after their own: always this order."""
        return [choice for choice in self.choices if choice.correct and not choice.chosen]


OUTCOME_LABELS = {
    "correct": _("Correct"),
    "partial": _("Partly correct"),
    "incorrect": _("Not quite"),
    "unanswered": _("Not answered"),
}


def shows_answers(attempt: QuizAttempt) -> bool:
    policy = attempt.snapshot.get("review_policy", ReviewPolicy.AFTER_EACH_ATTEMPT)
    if policy == ReviewPolicy.NEVER:
        return False
    if policy == ReviewPolicy.AFTER_PASSING:
        return bool(attempt.passed)
    return True


def _outcome(credit: Fraction, answered: bool) -> str:
    if not answered:
        return "unanswered"
    if credit == 1:
        return "correct"
    return "partial" if credit > 0 else "incorrect"


def review_attempt(
    attempt: QuizAttempt, answers: dict[str, list[str]], lessons: dict | None = None
) -> list[QuestionReview]:
    """Each question's review; ``lessons`` maps objective tags to the lesson teaching each."""
    full = shows_answers(attempt)
    lessons = lessons or {}
    reviews = []
    for number, question in enumerate(attempt.questions, start=1):
        chosen = set(answers.get(question["key"], []))
        numerator, denominator = attempt.results.get(question["key"], [0, 1])
        outcome = _outcome(Fraction(numerator, denominator), bool(chosen))
        correct_key = "weight" if question["kind"] == "best_response" else "correct"
        choices = [
            ChoiceReview(
                text=c["text"],
                chosen=c["id"] in chosen,
                correct=((c[correct_key] == "best") if correct_key == "weight" else c["correct"])
                if full
                else None,
                feedback=c["feedback"]
                if full and (c["id"] in chosen or c.get("correct") or c.get("weight") == "best")
                else None,
            )
            for c in question["choices"]
        ]
        reviews.append(
            QuestionReview(
                number=number,
                prompt=question["prompt"],
                outcome=outcome,
                outcome_label=str(OUTCOME_LABELS[outcome]),
                choices=choices,
                explanation=question["explanation"] if full else None,
                lesson=lessons.get(question.get("objective", "")) if outcome != "correct" else None,
            )
        )
    return reviews
