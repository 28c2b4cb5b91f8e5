"""The six trauma-informed principles, and a supportive profile of the choices in a scenario run.

The principles follow SAMHSA's six key principles of a trauma-informed approach (SAMHSA,
"Concept of Trauma and Guidance for a Trauma-Informed Approach", 2014).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Principle:
    key: str
    name: str
    leaned_on: str
    to_practise: str


PRINCIPLES = (
    Principle(
        "safety",
        _("Safety"),
        _("You kept the person physically and emotionally safe, and lowered pressure when it rose."),
        _("Notice when pressure is rising, and slow things down before anything else."),
    ),
    Principle(
        "trust_transparency",
        _("Trust and transparency"),
        _("You were open about what you were doing and why, and kept what was theirs to share private."),
        _("Say what you are doing and why, and let the person decide what of their story is told."),
    ),
    Principle(
        "peer_support",
        _("Peer support"),
        _("You used your own experience with care, to build connection and hope."),
        _("Share your own experience only when it serves the person, briefly, and hand the focus back."),
    ),
    Principle(
        "collaboration",
        _("Collaboration and mutuality"),
        _("You worked alongside the person and others, rather than doing things to or for them."),
        _("Work it out together: ask before acting, and bring others in with the person's agreement."),
    ),
    Principle(
        "empowerment",
        _("Empowerment, voice and choice"),
        _("You kept decisions in the person's hands and offered real choices."),
        _("Offer choices and let the person speak for themselves, even when it is slower."),
    ),
    Principle(
        "cultural",
        _("Cultural, historical and gender issues"),
        _("You stayed curious about the person's culture, history and identity, without assuming."),
        _("Ask rather than assume, and notice how culture, history and gender shape what feels safe."),
    ),
)
PRINCIPLE_KEYS = tuple(p.key for p in PRINCIPLES)


@dataclass(frozen=True)
class Profile:
    """Which principles a path leaned on and which it worked against, in words, never a score."""

    leaned_on: list[Principle]
    to_practise: list[Principle]

    @property
    def is_empty(self) -> bool:
        return not (self.leaned_on or self.to_practise)


def weights(raw: dict | None) -> dict[str, int]:
    """Clean a choice's principle tags into {principle: +1 or -1}, dropping anything else."""
    cleaned = {}
    for key, value in (raw or {}).items():
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if key in PRINCIPLE_KEYS and number:
            cleaned[key] = 1 if number > 0 else -1
    return cleaned


def profile(path: list[dict]) -> Profile:
    """Sum the principle weights of the choices on a path (each a dict with "principles")."""
    totals = dict.fromkeys(PRINCIPLE_KEYS, 0)
    worked_against = set()
    for choice in path:
        for key, weight in weights(choice.get("principles")).items():
            totals[key] += weight
            if weight < 0:
                worked_against.add(key)
    return Profile(
        leaned_on=[p for p in PRINCIPLES if totals[p.key] > 0],
        to_practise=[p for p in PRINCIPLES if p.key in worked_against and totals[p.key] <= 0],
    )
