"""Grading: a pure function of an attempt's snapshot and the answers given.

Credit per question is a fraction between 0 and 1; the score is the mean, as a percentage.
Exact fractions keep "full marks exactly when every answer is correct" true.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

WEIGHT_CREDIT = {"best": Fraction(1), "acceptable": Fraction(1, 2), "unhelpful": Fraction(0)}


@dataclass(frozen=True)
class Grade:
    credits: dict[str, Fraction]
    fraction: Fraction

    @property
    def percent(self) -> Decimal:
        exact = self.fraction * 100
        return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )

    def passed(self, pass_mark: int) -> bool:
        return self.fraction * 100 >= pass_mark


def correct_choice_ids(question: Mapping) -> frozenset[str]:
    """The ids a learner must choose for full credit."""
    if question["kind"] == "best_response":
        return frozenset(c["id"] for c in question["choices"] if c.get("weight") == "best")
    return frozenset(c["id"] for c in question["choices"] if c.get("correct"))


def question_credit(question: Mapping, chosen: Collection[str]) -> Fraction:
    """Credit for one question between 0 and 1; choices not in the question count for nothing."""
    chosen_ids = frozenset(chosen)
    if question["kind"] == "best_response":
        weights = {c["id"]: c.get("weight") for c in question["choices"]}
        if len(chosen_ids) != 1:
            return Fraction(0)
        return WEIGHT_CREDIT.get(weights.get(next(iter(chosen_ids)), ""), Fraction(0))
    correct = correct_choice_ids(question)
    if question["kind"] == "multiple" and question.get("scoring") == "partial":
        valid = {c["id"] for c in question["choices"]}
        hits = len(chosen_ids & correct)
        wrong = len((chosen_ids & valid) - correct)
        if not correct:  # editors cannot save this; grade it without dividing by zero
            return Fraction(0 if wrong else 1)
        return max(Fraction(0), Fraction(hits - wrong, len(correct)))
    return Fraction(1) if chosen_ids == correct else Fraction(0)


def grade(questions: Sequence[Mapping], answers: Mapping[str, Collection[str]]) -> Grade:
    """Grade an attempt: ``answers`` maps question keys to the chosen choice ids."""
    credits = {q["key"]: question_credit(q, answers.get(q["key"], ())) for q in questions}
    total = sum(credits.values(), Fraction(0))
    return Grade(credits=credits, fraction=total / len(questions) if questions else Fraction(0))
