"""Counts over the demo content in fixtures/: what tests/test_content_lint.py enforces.

Run it as a script to print the counts: `.venv/bin/python -m tests.content_counts`.
It reads the TOML files only; no database, no Django.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PRINCIPLES = ("safety", "trust_transparency", "peer_support", "collaboration", "empowerment", "cultural")

# Words a person-first, trauma-informed text does not use about the people it serves.
BANNED = (
    r"\bclients?\b",
    r"\bnon-?compliant\b",
    r"\bnon-?compliance\b",
    r"\bsuffers? from\b",
    r"\bsuffering from\b",
    r"\bcommitted suicide\b",
    r"\battention[- ]seeking\b",
    r"\bmanipulative\b",
    r"\bfrequent flyers?\b",
    r"\bthe mentally ill\b",
    r"\bsubstance abusers?\b",
)
# A quiz tests practice, not the platform it runs on.
PLATFORM_WORDS = (
    r"\bgroundwork\b",
    r"\bthe platform\b",
    r"\bthis site\b",
    r"\bthe app\b",
    r"\bthe course\b",
    r"\bthis course\b",
)


def load(kind: str) -> dict[str, dict]:
    return {
        p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / kind).glob("*.toml"))
    }


def strings(value) -> list[str]:
    """Every string in a parsed TOML value, however deeply nested."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def is_key_option(question: dict, choice: dict) -> bool:
    if question["type"] == "best_response":
        return choice.get("weight") == "best"
    return question["type"] == "single" and bool(choice.get("correct"))


def key_is_longest(question: dict) -> bool:
    """The keyed option is at least as long as every other option (a test-taking cue)."""
    lengths = [len(c["text"]) for c in question["choices"]]
    keyed = [len(c["text"]) for c in question["choices"] if is_key_option(question, c)]
    return bool(keyed) and keyed[0] >= max(lengths)


def key_is_shortest(question: dict) -> bool:
    """The keyed option is no longer than any other option (the cue turned the other way)."""
    lengths = [len(c["text"]) for c in question["choices"]]
    keyed = [len(c["text"]) for c in question["choices"] if is_key_option(question, c)]
    return bool(keyed) and keyed[0] <= min(lengths)


@dataclass
class PoolCounts:
    name: str
    size: int
    per_attempt: int
    true_false: int
    keyed: int  # single + best_response items
    keyed_longest: int
    keyed_shortest: int
    best_response: int
    best_longest: int
    multiple_short: list[str] = field(default_factory=list)  # prompts with < 2 correct
    platform: list[str] = field(default_factory=list)

    @property
    def true_false_share(self) -> float:
        return self.true_false / self.size

    @property
    def longest_share(self) -> float:
        return self.keyed_longest / self.keyed if self.keyed else 0.0

    @property
    def shortest_share(self) -> float:
        return self.keyed_shortest / self.keyed if self.keyed else 0.0


def pool_counts(name: str, quiz: dict) -> PoolCounts:
    questions = quiz["questions"]
    keyed = [q for q in questions if q["type"] in ("single", "best_response")]
    best = [q for q in questions if q["type"] == "best_response"]
    return PoolCounts(
        name=name,
        size=len(questions),
        per_attempt=quiz.get("questions_per_attempt", 0),
        true_false=sum(q["type"] == "true_false" for q in questions),
        keyed=len(keyed),
        keyed_longest=sum(key_is_longest(q) for q in keyed),
        keyed_shortest=sum(key_is_shortest(q) for q in keyed),
        best_response=len(best),
        best_longest=sum(key_is_longest(q) for q in best),
        multiple_short=[
            q["prompt"]
            for q in questions
            if q["type"] == "multiple" and sum(bool(c.get("correct")) for c in q["choices"]) < 2
        ],
        platform=[s for s in strings(quiz) if any(re.search(w, s, re.I) for w in PLATFORM_WORDS)],
    )


def choices(scenario: dict) -> list[dict]:
    return [c for s in scenario["steps"] for c in s["choices"]]


def is_mixed(choice: dict) -> bool:
    values = choice.get("principles", {}).values()
    return any(v > 0 for v in values) and any(v < 0 for v in values)


def principles_scored(scenario: dict) -> set[str]:
    return {k for c in choices(scenario) for k, v in c.get("principles", {}).items() if v}


def recommended(scenario: dict) -> int:
    return sum(bool(e.get("recommended")) for e in scenario["endings"])


def banned_hits() -> list[str]:
    hits = []
    for kind in ("modules", "quizzes", "scenarios"):
        for name, data in load(kind).items():
            for text in strings(data):
                for word in BANNED:
                    for match in re.finditer(word, text, re.I):
                        hits.append(f"{kind}/{name}: {match.group(0)!r}")
    return hits


def lessons_without_sources() -> list[str]:
    return [
        f"{name}: {lesson['slug']}"
        for name, module in load("modules").items()
        for lesson in module["lessons"]
        if not [s for s in lesson.get("sources", []) if s.strip()]
    ]


def report() -> str:
    lines = []
    pools = [pool_counts(n, q) for n, q in load("quizzes").items()]
    total = sum(p.size for p in pools)
    lines.append("Quiz pools:")
    for p in pools:
        lines.append(
            f"  {p.name}: {p.size} items ({p.per_attempt} per attempt); true/false {p.true_false} "
            f"({p.true_false_share:.0%}); keyed option longest {p.keyed_longest}/{p.keyed} "
            f"({p.longest_share:.0%}); shortest {p.keyed_shortest}/{p.keyed}; best-response best longest {p.best_longest}/{p.best_response}; "
            f"multiple with <2 correct {len(p.multiple_short)}; platform mentions {len(p.platform)}"
        )
    keyed = sum(p.keyed for p in pools)
    longest = sum(p.keyed_longest for p in pools)
    best = sum(p.best_response for p in pools)
    best_longest = sum(p.best_longest for p in pools)
    lines.append(
        f"  all: {total} items; true/false {sum(p.true_false for p in pools)}; keyed longest "
        f"{longest}/{keyed} ({longest / keyed:.0%}); best-response best longest {best_longest}/{best}"
    )
    scenarios = load("scenarios")
    all_choices = [c for s in scenarios.values() for c in choices(s)]
    mixed = sum(is_mixed(c) for c in all_choices)
    lines.append(f"Scenarios: {len(scenarios)}")
    lines.append(f"  choices: {len(all_choices)}; mixed-tag {mixed} ({mixed / len(all_choices):.0%})")
    lines.append(f"  choices without feedback: {sum(not c.get('feedback', '').strip() for c in all_choices)}")
    for principle in PRINCIPLES:
        scored = [n for n, s in scenarios.items() if principle in principles_scored(s)]
        lines.append(f"  {principle} scored in {len(scored)} scenarios")
    two = [n for n, s in scenarios.items() if recommended(s) >= 2]
    lines.append(f"  with two or more recommended endings: {len(two)} {two}")
    for tag in ("peer-support-going-well", "telling-their-story"):
        shown = [n for n, s in scenarios.items() if tag in s.get("shows", [])]
        lines.append(f"  shows {tag}: {len(shown)} {shown}")
    hits = banned_hits()
    lines.append(f"Banned words: {len(hits)}")
    lines.extend(f"  {h}" for h in hits)
    lines.append(f"Lessons without sources: {lessons_without_sources()}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
