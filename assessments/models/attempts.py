"""Quiz attempts: a frozen snapshot of the questions, the answers as given, the grade."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class QuizAttemptQuerySet(models.QuerySet):
    def submitted(self) -> QuizAttemptQuerySet:
        return self.filter(submitted_at__isnull=False)

    def open(self) -> QuizAttemptQuerySet:
        return self.filter(submitted_at__isnull=True)


class QuizAttempt(models.Model):
    """One attempt at a quiz. Edits to, or deletion of, the quiz never change it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz = models.ForeignKey(
        "assessments.QuizPage", null=True, on_delete=models.SET_NULL, related_name="attempts"
    )
    module = models.ForeignKey("courses.CoursePage", null=True, on_delete=models.SET_NULL, related_name="+")
    quiz_title = models.CharField(max_length=255)
    number = models.PositiveIntegerField()
    cycle = models.PositiveIntegerField(default=1, help_text="The module's renewal cycle it belongs to.")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(help_text="Questions, choices and correct answers as they were at the start.")
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)
    results = models.JSONField(default=dict, blank=True, help_text="Credit per question, from grading.")

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_attempt_per_quiz",
            ),
            models.UniqueConstraint(fields=["user", "quiz", "number"], name="unique_attempt_number"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.quiz_title} · attempt {self.number}"

    @property
    def questions(self) -> list[dict]:
        return self.snapshot["questions"]

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_out_of_time(self) -> bool:
        return self.deadline is not None and timezone.now() >= self.deadline


class QuizAnswer(models.Model):
    """The choice(s) a learner gave to one question of an attempt, saved as given."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=40)
    choice_ids = models.JSONField(default=list)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question_key"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.question_key}"
