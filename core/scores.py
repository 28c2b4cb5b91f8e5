"""One way to write a quiz score, for the learner, the supervisor and every export.

Scores are stored to two decimal places; people read them to at most one, rounded half up, with
no trailing ".0": 12.5 %, 13 %, 100 %. The same attempt must never read 12.5 % to a learner and
13 % to their supervisor.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def score_number(value) -> str:
    """The score's number as people read it: ``Decimal("12.50")`` → ``"12.5"``, ``80`` → ``"80"``."""
    if value is None or value == "":
        return ""
    try:
        rounded = Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    except InvalidOperation:
        return ""
    text = f"{rounded:f}"
    return text[:-2] if text.endswith(".0") else text


def format_score(value) -> str:
    """The score with its percent sign: ``"12.5%"``; empty when there is no score."""
    number = score_number(value)
    return f"{number}%" if number else ""
