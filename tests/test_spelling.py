"""One spelling throughout: the project writes British English (issue 15, item 12).

The demo content (``fixtures/``), the templates and the README are scanned for American
spellings. What stays as written is what is not the project's own words: the titles of cited
sources and the names of organisations, listed in ``SOURCE_PHRASES``. Stylesheets, ``style`` and
the other HTML attributes (but not ``alt``, ``title``, ``aria-label`` or ``placeholder``), template variables and web addresses are code, not prose, and are skipped.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED = [
    *sorted((ROOT / "fixtures").rglob("*")),
    *sorted((ROOT / "templates").rglob("*")),
    ROOT / "README.md",
]
TEXT_SUFFIXES = {".toml", ".html", ".txt", ".md", ".csv"}
APPS = ["access_log", "assessments", "certificates", "core", "courses", "ledger", "lms", "outbox"]
TRANSLATED = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}

# Quoted from sources, kept verbatim: titles of cited works and names of organisations.
SOURCE_PHRASES = [
    "Core Competencies for Peer Workers in Behavioral Health Services",  # SAMHSA (2015)
    "Technical Assistance Center",  # SAMHSA's BRSS TACS
    "World Health Organization",
    "Toward a Neurobiology of Interpersonal Experience",  # Siegel (1999)
    "Fear and the Defense Cascade",  # Kozlowska et al. (2015)
    "Results of a randomized controlled trial",  # Cook, Copeland et al. (2012)
    "Vicarious traumatization",  # McCann and Pearlman (1990)
    "Those Who Treat the Traumatized",  # Figley (1995)
    "Demarginalizing the intersection of race and sex",  # Crenshaw (1989)
]

# -ize/-yse words are caught by their ending; these are English words that merely end that way.
NOT_AMERICAN = {"size", "sizes", "sized", "sizing", "prize", "prizes", "seize", "seized", "seizes", "seizing"}
AMERICAN_ENDINGS = re.compile(r"\b[a-z]{2,}(?:iz|yz)(?:e|es|ed|er|ers|ing|ation|ations)\b", re.IGNORECASE)
AMERICAN_WORDS = re.compile(
    r"\b(?:colors?|colored|colorful|behaviors?|behavioral|centers?|centered|programs?|counseling|counselors?"
    r"|judgments?|favors?|favorite|honors?|labors?|neighbors?|neighborhoods?|humor|defense|offense"
    r"|practiced|practicing|traveled|traveling|canceled|canceling|labeled|labeling|modeled|modeling"
    r"|enrollments?|fulfill|skillful|catalogs?|gray|aging|acknowledgment|toward|pediatric|fiber|theater"
    r"|skeptical|dialog)\b",
    re.IGNORECASE,
)
NOT_PROSE = [
    re.compile(r"<style\b.*?</style>", re.DOTALL | re.IGNORECASE),
    # HTML attributes are code, all but the few that people read or hear.
    re.compile(
        r"""(?<![\w:-])(?!(?:alt|title|aria-label|placeholder)=)[\w:-]+=(?:"[^"]*"|'[^']*')""", re.IGNORECASE
    ),
    re.compile(r"\{\{.*?\}\}", re.DOTALL),
    re.compile(r"https?://\S+"),
]


def text_files() -> list[Path]:
    return [path for path in SCANNED if path.is_file() and path.suffix in TEXT_SUFFIXES]


def prose(text: str) -> str:
    """``text`` without code (styles, attributes, template variables, addresses) or quoted sources."""
    for pattern in NOT_PROSE:
        text = pattern.sub(lambda match: "\n" * match.group(0).count("\n"), text)
    for phrase in SOURCE_PHRASES:
        text = re.sub(re.escape(phrase), "", text, flags=re.IGNORECASE)
    return text


def american_spellings(text: str) -> list[tuple[int, str]]:
    """(line number, word) for each American spelling in the project's own words in ``text``."""
    found = []
    for number, line in enumerate(prose(text).splitlines(), start=1):
        words = [word for word in AMERICAN_ENDINGS.findall(line) if word.lower() not in NOT_AMERICAN]
        words += AMERICAN_WORDS.findall(line)
        found += [(number, word) for word in words]
    return found


def test_project_text__is_british_english():
    """Every American spelling in fixtures/, templates/ and the README, by file, line and word."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {word}"
        for path in text_files()
        for number, word in american_spellings(path.read_text(encoding="utf-8"))
    ]
    assert not found, "American spellings (the project writes British English):\n" + "\n".join(found)


def user_facing_strings(source: str) -> list[tuple[int, str]]:
    """(line number, text) of each string a Python module hands to gettext: what people read."""
    found = []
    for node in ast.walk(ast.parse(source)):
        name = getattr(node, "func", None) and getattr(node.func, "id", getattr(node.func, "attr", ""))
        if isinstance(node, ast.Call) and name in TRANSLATED:
            found += [(arg.lineno, arg.value) for arg in node.args if isinstance(arg, ast.Constant)]
    return [(line, text) for line, text in found if isinstance(text, str)]


def test_python_messages__are_british_english():
    """Every American spelling in the apps' translatable strings (messages, labels, help text)."""
    found = [
        f"{path.relative_to(ROOT)}:{line}: {word}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for line, text in user_facing_strings(path.read_text(encoding="utf-8"))
        for _number, word in american_spellings(text)
    ]
    assert not found, "American spellings (the project writes British English):\n" + "\n".join(found)


def test_user_facing_strings__are_those_given_to_gettext():
    source = 'LABEL = _("Colour")\nhelp = gettext_lazy("Behaviour")\nname = "color"\nfield.verbose = ngettext("a", "b", 2)'
    assert [text for _line, text in user_facing_strings(source)] == ["Colour", "Behaviour", "a", "b"]


def test_source_phrases__each_is_still_quoted_somewhere():
    """An allowed phrase that no file quotes any more is taken off the list, not left to excuse others."""
    everything = "\n".join(path.read_text(encoding="utf-8") for path in text_files())
    unused = [phrase for phrase in SOURCE_PHRASES if phrase.lower() not in everything.lower()]
    assert not unused


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Services that recognize trauma", ["recognize"]),
        ("<p>The organization's behavior, in the center</p>", ["organization", "behavior", "center"]),
        ("a counseling program; good judgment", ["counseling", "program", "judgment"]),
        ("Resists re-traumatization.", ["traumatization"]),
        ("World Health Organization (2011). Fear and the defense cascade.", []),
        ('<td style="text-align: center; color: red" class="center">The size of the prize</td>', []),
        ("Organise, recognise, realising, behaviour, colour, centre, programme, judgement", []),
        ("see https://example.org/organization-color", []),
        ('<input autocapitalize="none" aria-label="Your organization">', ["organization"]),
    ],
)
def test_american_spellings__found_in_prose_but_not_in_code_names_or_sources(text, words):
    assert [word for _line, word in american_spellings(text)] == words
