"""Choosing an attempt's questions from the pool and freezing them as a snapshot."""

from __future__ import annotations

import random
from collections.abc import Sequence

from django.utils.translation import gettext as _


def choice_problems(kind: str, choices: Sequence[dict]) -> list[str]:
    """What is wrong with a question's choices for its kind; empty when it can be asked."""
    correct = sum(1 for c in choices if c.get("correct"))
    weights = [c.get("weight") or "" for c in choices]
    if kind in ("single", "true_false") and correct != 1:
        return [_("Tick exactly one correct choice.")]
    if kind == "true_false" and len(choices) != 2:
        return [_("A true-or-false question has exactly two choices.")]
    if kind == "multiple" and correct < 1:
        return [_("Tick at least one correct choice.")]
    if kind == "best_response":
        if weights.count("best") != 1:
            return [_("Mark exactly one choice as the best response.")]
        if any(w not in ("best", "acceptable", "unhelpful") for w in weights):
            return [_("Give every choice a weight: best, acceptable or unhelpful.")]
    return []


def question_snapshot(question, choice_order: Sequence[int] | None = None, key: str = "") -> dict:
    """A question as plain data, with everything needed to show and grade it later."""
    choices = [
        {
            "id": block.id,
            "text": block.value["text"],
            "correct": bool(block.value["correct"]),
            "weight": block.value["weight"] or "",
            "feedback": block.value["feedback"],
        }
        for block in question.choices
    ]
    if choice_order is not None:
        choices = [choices[i] for i in choice_order]
    return {
        "key": key or f"q{question.pk}",
        "question_id": question.pk,
        "kind": question.kind,
        "scoring": question.scoring,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "objective": question.objective,
        "choices": choices,
    }


def draw(pool: Sequence, count: int, rng: random.Random, cover_objectives: bool = False) -> list:
    """Pick ``count`` questions (all when 0), one per objective first if asked; pool order kept."""
    if count <= 0 or count >= len(pool):
        return list(pool)
    chosen: list = []
    if cover_objectives:
        by_objective: dict[str, list] = {}
        for question in pool:
            if question.objective:
                by_objective.setdefault(question.objective, []).append(question)
        chosen = [rng.choice(group) for group in by_objective.values()][:count]
    rest = [q for q in pool if q not in chosen]
    chosen += rng.sample(rest, count - len(chosen))
    position = {id(q): i for i, q in enumerate(pool)}
    return sorted(chosen, key=lambda q: position[id(q)])


def build_snapshot(quiz, questions: Sequence, rng: random.Random) -> dict:
    """Freeze an attempt: which questions, in what order, with which choices and answers."""
    drawn = draw(questions, quiz.questions_per_attempt, rng, quiz.cover_each_objective)
    if quiz.shuffle_questions:
        rng.shuffle(drawn)
    frozen = []
    for question in drawn:
        order = list(range(len(question.choices)))
        if quiz.shuffle_choices and question.kind != "true_false":
            rng.shuffle(order)
        frozen.append(question_snapshot(question, order))
    return {
        "quiz_title": quiz.title,
        "pass_mark": quiz.pass_mark,
        "review_policy": quiz.review_policy,
        "questions": frozen,
    }
