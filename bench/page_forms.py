"""What the load test's people read off a page to act on it: a question's or a step's choices,
the run's sequence number and the certificate links. Kept apart from the locustfile (which
imports locust, and with it gevent's patching) so that tests can check them on the real pages."""

from __future__ import annotations

import re

# An input's attributes come in any order: <input type="radio" name="choice" id="choice-1" value="…">.
_CHOICE = re.compile(r'<input[^>]*\bname="choice"[^>]*\bvalue="([^"]+)"')
_SEQUENCE = re.compile(r'<input[^>]*\bname="sequence"[^>]*\bvalue="(\d+)"')
_PDF = re.compile(r'href="(/certificates/[^"]+/certificate\.pdf)"')


def choices(html: str) -> list[str]:
    """The values of a quiz question's or a scenario step's choices, in page order."""
    return _CHOICE.findall(html)


def sequence(html: str) -> str | None:
    """A scenario run's sequence number, which a choice posts back (first on the page)."""
    found = _SEQUENCE.findall(html)
    return found[0] if found else None


def certificate_pdfs(html: str) -> list[str]:
    """The addresses of the certificate PDFs a learner's certificates page links to."""
    return _PDF.findall(html)
