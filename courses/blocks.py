"""StreamField blocks for lesson bodies."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class ItemCharBlock(blocks.CharBlock):
    """A CharBlock whose input carries its own accessible name. Wagtail draws a ListBlock's (or a
    StreamField's) plain text items with no ``<label>``, so a screen reader met an unnamed box
    (axe ``label``). Saved and migrated exactly as a CharBlock: the name is only in the form."""

    def __init__(self, *args, item_label: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if item_label:
            self.field.widget.attrs["aria-label"] = item_label

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        kwargs = {name: value for name, value in kwargs.items() if name != "item_label"}
        return "wagtail.blocks.CharBlock", args, kwargs


class NamedRichTextBlock(blocks.RichTextBlock):
    """A RichTextBlock whose editable box carries the block's label as its name. Wagtail ties a
    block's label to the rich-text editor's hidden input, so the box a person types in had no
    name (axe ``aria-input-field-name``). Saved and migrated exactly as a RichTextBlock."""

    @cached_property
    def field(self):
        field = super().field
        field.widget.options["ariaLabel"] = self.label
        return field

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.RichTextBlock", args, kwargs


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    body = NamedRichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "info-circle"
        template = "blocks/callout.html"


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, default=_("Key points"))
    points = blocks.ListBlock(ItemCharBlock(max_length=400, item_label=_("Key point")), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/key_points.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text=_("Describe the image for people who cannot see it.")
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "blocks/figure.html"


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    video = EmbedBlock()
    transcript = NamedRichTextBlock(
        features=RICH_TEXT_FEATURES,
        help_text=_("Required: learners who cannot play video read this instead."),
    )

    class Meta:
        icon = "media"
        template = "blocks/video.html"


class TryThisBlock(blocks.StructBlock):
    """A short optional practice, such as a grounding exercise."""

    title = blocks.CharBlock(max_length=120)
    intro = blocks.CharBlock(max_length=400, required=False)
    steps = blocks.ListBlock(ItemCharBlock(max_length=400, item_label=_("Step")), min_num=1)

    class Meta:
        icon = "pick"
        template = "blocks/try_this.html"


class InlineContentNoteBlock(blocks.StructBlock):
    """A short note placed just before a heavier passage of a lesson."""

    note = blocks.TextBlock(max_length=500)

    class Meta:
        icon = "warning"
        label = _("Content note")
        template = "blocks/content_note.html"


class ReflectionBlock(blocks.StructBlock):
    """An optional, private reflection prompt. Answers are kept for the learner alone."""

    prompt = blocks.TextBlock(max_length=500)

    class Meta:
        icon = "edit"
        label = _("Reflection prompt")


class LessonBodyBlock(blocks.StreamBlock):
    text = NamedRichTextBlock(features=RICH_TEXT_FEATURES, template="blocks/text.html")
    callout = CalloutBlock()
    key_points = KeyPointsBlock()
    image = FigureBlock()
    video = VideoBlock()
    try_this = TryThisBlock()
    content_note = InlineContentNoteBlock()
    reflection = ReflectionBlock()


class SourceBlock(blocks.StructBlock):
    citation = blocks.CharBlock(max_length=400)
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "doc-full"
