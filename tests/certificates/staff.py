"""Helpers for the staff-tool tests; their fixtures are in conftest.py."""

import io
import zipfile
from http import HTTPStatus

from django.urls import reverse


def fake_pdf(certificate) -> bytes:
    return b"%PDF-1.7 stand-in for " + certificate.code.encode()


def refused(response) -> bool:
    """The Wagtail admin's permission-denied answer: back to the dashboard with a message."""
    return response.status_code == HTTPStatus.FOUND and response.url == reverse("wagtailadmin_home")


def zip_names(content: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        return set(archive.namelist())
