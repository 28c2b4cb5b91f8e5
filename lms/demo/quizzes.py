"""Demo quizzes from fixtures/quizzes/*.toml, each the last step of its module."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from assessments.grading import correct_choice_ids
from assessments.models import Question, QuizAnswer, QuizPage
from assessments.quiz_attempts import start_attempt, submit_attempt
from courses.models import CoursePage

QUIZ_FIELDS = (
    "intro",
    "pass_mark",
    "questions_per_attempt",
    "max_attempts",
    "wait_minutes",
    "review_policy",
    "shuffle_questions",
    "shuffle_choices",
)


def _choices(question: dict) -> str:
    return json.dumps(
        [
            {
                "type": "choice",
                "value": {
                    "text": c["text"],
                    "correct": bool(c.get("correct", False)),
                    "weight": c.get("weight", ""),
                    "feedback": c["feedback"],
                },
            }
            for c in question["choices"]
        ]
    )


def load_quiz(path: Path) -> tuple[QuizPage | None, bool]:
    """Add the quiz to its module unless the module already has one."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    module = CoursePage.objects.filter(slug=data["module"]).first()
    if module is None:
        return None, False
    existing = QuizPage.objects.child_of(module).first()
    if existing is not None:
        return existing, False
    quiz = QuizPage(title=data["title"], slug=data["slug"], **{f: data[f] for f in QUIZ_FIELDS if f in data})
    quiz.questions = [
        Question(
            kind=q["type"],
            prompt=q["prompt"],
            explanation=q["explanation"],
            objective=q.get("objective", ""),
            scoring=q.get("scoring", "all_or_nothing"),
            choices=_choices(q),
            sort_order=i,
        )
        for i, q in enumerate(data["questions"])
    ]
    module.add_child(instance=quiz)
    quiz.save_revision().publish()
    return quiz, True


def load_quizzes(directory: Path) -> list[tuple[QuizPage | None, bool]]:
    return [load_quiz(path) for path in sorted(directory.glob("*.toml"))]


def pass_quiz(user, quiz: QuizPage):
    """Take and pass a quiz with every answer right (demo progress), unless already passed."""
    passed = quiz.attempts.filter(user=user, passed=True).first()
    if passed is not None:
        return passed
    attempt = start_attempt(user, quiz)
    for question in attempt.questions:
        QuizAnswer.objects.update_or_create(
            attempt=attempt,
            question_key=question["key"],
            defaults={"choice_ids": sorted(correct_choice_ids(question))},
        )
    return submit_attempt(attempt.pk)
