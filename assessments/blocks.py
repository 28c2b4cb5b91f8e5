"""Blocks for quiz question choices."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class Weight(blocks.ChoiceBlock):
    choices = [
        ("", _("Not used")),
        ("best", _("Best")),
        ("acceptable", _("Acceptable")),
        ("unhelpful", _("Unhelpful")),
    ]


class AnswerChoiceBlock(blocks.StructBlock):
    """One choice of a question; its block id identifies it in attempts."""

    text = blocks.CharBlock(max_length=500)
    correct = blocks.BooleanBlock(
        required=False, help_text=_("Single, multiple and true/false questions: tick the right choice(s).")
    )
    weight = Weight(required=False, help_text=_("Best-response questions: how good this response is."))
    feedback = blocks.TextBlock(
        max_length=800,
        help_text=_("Shown when a learner picked this choice: why it helps or what it misses."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Choice")
