"""The choices editors make on a quiz, shared by the page model, grading and review."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
