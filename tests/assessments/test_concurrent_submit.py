"""Two submits of one attempt at the same moment (a double click, two tabs) grade it once.

PostgreSQL only: SQLite serialises writers for the whole database, so it cannot show a race
that the attempt's row lock (SELECT … FOR UPDATE) has to prevent.
"""

import threading
from decimal import Decimal

import pytest

from assessments import quiz_attempts
from assessments.grading import correct_choice_ids
from assessments.models import QuizAttempt
from courses.models import ModuleCompletion, StepProgress
from courses.progress import record_step_complete
from tests.concurrency import postgresql_only, together

# Long enough that, without the lock, the second submit reads the attempt while the first is grading.
GRADING_DELAY_SECONDS = 0.3
THREAD_TIMEOUT_SECONDS = 30

pytestmark = [
    postgresql_only,
    # Threads use their own connections, so the data must be committed (committed_db puts back
    # what migrations created when an earlier test flushed it).
    pytest.mark.usefixtures("committed_db"),
]


@pytest.fixture
def answered_attempt(learner, quiz, module_with_lessons):
    """An open attempt with every question answered correctly; submitting it completes the module."""
    module, lessons = module_with_lessons
    for lesson in lessons:
        record_step_complete(learner, lesson, module)
    attempt = quiz_attempts.start_attempt(learner, quiz)
    for question in attempt.questions:
        quiz_attempts.save_answer(attempt, question, sorted(correct_choice_ids(question)))
    return attempt


@pytest.fixture
def gradings(monkeypatch):
    """Counts calls to grading, each made slow enough to overlap with a concurrent submit."""
    calls = []
    real_grade = quiz_attempts.grade

    def slow_grade(*args, **kwargs):
        calls.append(threading.get_ident())
        threading.Event().wait(GRADING_DELAY_SECONDS)
        return real_grade(*args, **kwargs)

    monkeypatch.setattr(quiz_attempts, "grade", slow_grade)
    return calls


def submit_together(attempt_id: int, count: int = 2) -> list[QuizAttempt]:
    """Call submit_attempt from ``count`` threads released at the same moment."""
    return together(*[lambda: quiz_attempts.submit_attempt(attempt_id)] * count)


def test_submit__twice_at_once_grades_once(learner, quiz, module_with_lessons, answered_attempt, gradings):
    """Both submits return the one graded attempt; grading, step and module completion happen once."""
    module, _ = module_with_lessons

    first, second = submit_together(answered_attempt.pk)

    assert len(gradings) == 1, f"graded {len(gradings)} times"
    stored = QuizAttempt.objects.get(pk=answered_attempt.pk)
    assert stored.submitted_at is not None
    assert first.submitted_at == second.submitted_at == stored.submitted_at
    assert first.score == second.score == stored.score == Decimal("100.00")
    assert first.passed and second.passed and stored.passed
    assert QuizAttempt.objects.filter(user=learner, quiz=quiz).count() == 1
    assert StepProgress.objects.filter(user=learner, step=quiz).count() == 1
    assert ModuleCompletion.objects.filter(user=learner, module=module).count() == 1
