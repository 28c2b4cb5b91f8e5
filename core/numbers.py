"""Whole numbers from user input. ``str.isdigit`` and ``int`` accept far more than a person
types into a form (``"²"`` passes ``isdigit`` and then ``int`` raises; ``int`` takes ``"٣"``,
``" 3 "`` and ``"1_000"``), so every view reads numbers through ``parse_count``."""

from __future__ import annotations

MAX_DIGITS = 18  # fits a 64-bit database key


def parse_count(text: object, default: int | None = None, *, low: int = 0, high: int | None = None):
    """``text`` as a non-negative integer when it is 1 to 18 ASCII digits, from ``low`` to ``high``;
    otherwise ``default``. Never raises."""
    if (
        not isinstance(text, str)
        or not 0 < len(text) <= MAX_DIGITS
        or not text.isascii()
        or not text.isdigit()
    ):
        return default
    value = int(text)
    if value < low or (high is not None and value > high):
        return default
    return value
