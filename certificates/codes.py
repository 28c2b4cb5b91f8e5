"""Certificate codes: 80 random bits, written in readable groups with no look-alike characters.

The alphabet leaves out 0, 1, I and O, so a code read aloud or copied from paper cannot be
mistaken; 32 symbols carry 5 bits each, so 16 of them carry 80 bits.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PREFIX = "GW"
GROUPS, GROUP_LENGTH = 4, 4
BITS = GROUPS * GROUP_LENGTH * 5
PATTERN = re.compile(rf"^{PREFIX}(-[{ALPHABET}]{{{GROUP_LENGTH}}}){{{GROUPS}}}$")


def new_code() -> str:
    number = secrets.randbits(BITS)
    symbols = []
    for _ in range(GROUPS * GROUP_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[index])
    groups = ["".join(symbols[i : i + GROUP_LENGTH]) for i in range(0, len(symbols), GROUP_LENGTH)]
    return "-".join([PREFIX, *groups])


def normalise(text: str) -> str | None:
    """A code as typed (any case, spaces) in its canonical form, or None if it cannot be one."""
    candidate = re.sub(r"\s+", "", text or "").upper()
    return candidate if PATTERN.match(candidate) else None


SEARCH = re.compile(rf"{PREFIX}(?:-[{ALPHABET}]{{{GROUP_LENGTH}}}){{{GROUPS}}}")


def find_code(text: str) -> str | None:
    """The code inside what someone typed or pasted (a code, or the whole verification link)."""
    found = SEARCH.search(re.sub(r"\s+", "", (text or "")[:500]).upper())
    return found.group(0) if found else None
