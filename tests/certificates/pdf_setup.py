"""Helpers for the certificate PDF tests: completing a module, reading a PDF's text and its tagged
structure, a date as printed, its pages as drawn, with the templates' own HTML defaults and with WeasyPrint's."""

from __future__ import annotations

import datetime
import io

import pypdfium2
from pypdf import PdfReader
from weasyprint import HTML

from certificates import pdf
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


def pages_drawn(document: bytes) -> list[bytes]:
    """Every page of a PDF as the pixels a viewer draws (RGB at 144 dpi)."""
    return [
        page.render(scale=2).to_pil().convert("RGB").tobytes() for page in pypdfium2.PdfDocument(document)
    ]


def drawn_both_ways(render, monkeypatch) -> tuple[list[bytes], list[bytes]]:
    """The pages ``render()`` draws with the templates' own ``defaults.css``, and with WeasyPrint's
    stylesheet for all of HTML in its place: what the PDFs must look like under either."""
    ours = pages_drawn(render())
    with monkeypatch.context() as patch:
        patch.setattr(pdf.PrintHTML, "_ua_stylesheets", HTML._ua_stylesheets)
        return ours, pages_drawn(render())
