"""Blocks for quiz question choices and for branching scenarios."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


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


class PrincipleWeight(blocks.ChoiceBlock):
    choices = [("", _("Not involved")), ("1", _("Leans on it")), ("-1", _("Works against it"))]


class PrinciplesBlock(blocks.StructBlock):
    """How a scenario choice relates to each of the six trauma-informed principles."""

    safety = PrincipleWeight(required=False, label=_("Safety"))
    trust_transparency = PrincipleWeight(required=False, label=_("Trust and transparency"))
    peer_support = PrincipleWeight(required=False, label=_("Peer support"))
    collaboration = PrincipleWeight(required=False, label=_("Collaboration and mutuality"))
    empowerment = PrincipleWeight(required=False, label=_("Empowerment, voice and choice"))
    cultural = PrincipleWeight(required=False, label=_("Cultural, historical and gender issues"))

    class Meta:
        icon = "tag"
        form_classname = "struct-block principles-block"


class ScenarioChoiceBlock(blocks.StructBlock):
    """One thing the learner can say or do; its block id identifies it in runs."""

    label = blocks.TextBlock(max_length=600, help_text=_("What the learner says or does."))
    feedback = blocks.TextBlock(max_length=1200, help_text=_("How it lands and why; shown after choosing."))
    next = blocks.CharBlock(
        max_length=60, required=False, help_text=_("The key of the next step or of an ending.")
    )
    principles = PrinciplesBlock(required=False)

    class Meta:
        icon = "radio-full"
        label = _("Choice")


class ScenarioStepBlock(blocks.StructBlock):
    """A decision point: the situation, what the person says, and two to four choices."""

    key = blocks.CharBlock(max_length=60, help_text=_("A short unique name, e.g. “raised-voice”."))
    situation = blocks.TextBlock()
    says = blocks.TextBlock(required=False, help_text=_("What the person says, if anything."))
    image = ImageChooserBlock(required=False)
    image_alt = blocks.CharBlock(max_length=250, required=False, help_text=_("Describe the image."))
    choices = blocks.ListBlock(ScenarioChoiceBlock(), min_num=0, max_num=4)

    class Meta:
        icon = "list-ul"
        label = _("Step")


class ScenarioEndingBlock(blocks.StructBlock):
    key = blocks.CharBlock(max_length=60)
    title = blocks.CharBlock(max_length=200)
    debrief = blocks.TextBlock()
    try_next_time = blocks.TextBlock(required=False)
    recommended = blocks.BooleanBlock(required=False, help_text=_("A good way for this conversation to end."))
    reflection_prompt = blocks.TextBlock(required=False, help_text=_("Optional; answers stay private."))

    class Meta:
        icon = "flag"
        label = _("Ending")
