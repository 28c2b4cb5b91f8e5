"""Whole numbers from forms: ASCII digits only, never an exception."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.numbers import parse_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3", 3), ("0", 0), ("007", 7), ("123456789012345678", 123456789012345678)],
)
def test_ascii_digits_are_read(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\u00b2",
        "\u0663",
        "\uff13",
        " 3",
        "3 ",
        "1_000",
        "-1",
        "+1",
        "1.0",
        "0x1",
        "1234567890123456789",
        None,
        3,
    ],
)
def test_anything_else_gives_the_default(text):
    assert parse_count(text, default=-7) == -7


def test_bounds():
    assert parse_count("5", low=1, high=5) == 5
    assert parse_count("6", 1, low=1, high=5) == 1
    assert parse_count("0", 1, low=1) == 1


@given(st.text(max_size=25))
def test_never_raises_and_only_accepts_what_int_reads_back(text):
    value = parse_count(text)
    assert value is None or (str(value) == text.lstrip("0") or (value == 0 and set(text) == {"0"}))
