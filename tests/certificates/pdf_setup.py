"""Helpers for the certificate PDF tests: completing a module, reading a PDF's text and its tagged
structure, a date as printed."""

from __future__ import annotations

import datetime
import io

from pypdf import PdfReader

from certificates.models import Certificate
from courses.progress import record_step_complete


def complete(user, module, lessons) -> Certificate:
    for lesson in lessons:
        record_step_complete(user, lesson, module)
    return Certificate.objects.get(user=user, module=module)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def structure(node, found: list) -> list:
    """The tagged structure under ``node`` in reading order: (tag, alternative text) pairs."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for kid in node:
            structure(kid, found)
    elif isinstance(node, dict) and "/S" in node:
        found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        structure(node.get("/K", []), found)
    return found
