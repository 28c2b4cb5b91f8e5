"""The admin's list items carry an accessible name (issue 15, item 11): axe ``label``."""

import json

import pytest
from wagtail import blocks
from wagtail.admin.telepath import JSContext

from courses.blocks import (
    CalloutBlock,
    ItemCharBlock,
    KeyPointsBlock,
    LessonBodyBlock,
    NamedRichTextBlock,
    TryThisBlock,
    VideoBlock,
)
from courses.models import CoursePage


def packed(block) -> str:
    return json.dumps(JSContext().pack(block))


@pytest.mark.parametrize(
    ("block", "name"),
    [
        (KeyPointsBlock(), "Key point"),
        (TryThisBlock(), "Step"),
        (CoursePage._meta.get_field("objectives").stream_block, "Objective"),
    ],
)
def test_list_items_render_with_their_own_name(block, name):
    assert f'aria-label=\\"{name}\\"' in packed(block)


def test_an_item_block_is_stored_and_migrated_as_a_plain_char_block():
    path, args, kwargs = ItemCharBlock(max_length=400, item_label="Step").deconstruct()
    assert (path, args, kwargs) == blocks.CharBlock(max_length=400).deconstruct()


@pytest.mark.parametrize(
    ("block", "name"),
    [(CalloutBlock(), "Body"), (VideoBlock(), "Transcript"), (LessonBodyBlock(), "Text")],
)
def test_rich_text_editors_are_named_by_their_label(block, name):
    """The editable box itself, not only Wagtail's hidden input, has the label as its name."""
    assert f'"ariaLabel": "{name}"' in packed(block)


def test_a_named_rich_text_block_is_stored_and_migrated_as_a_plain_rich_text_block():
    features = ["bold", "link"]
    assert (
        NamedRichTextBlock(features=features).deconstruct()
        == blocks.RichTextBlock(features=features).deconstruct()
    )
