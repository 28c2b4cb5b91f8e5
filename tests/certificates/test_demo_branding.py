"""The demo organisation looks signed: its own SVG logo and drawn signature, loaded once, on the
certificate (as figures with alternative text) and as the badge image of its credentials."""

import io

import pytest
from pypdf import PdfReader
from wagtail.images import get_image_model

from certificates.credentials import badge_image
from certificates.rendering import certificate_pdf
from core.organisation import organisation_settings
from lms.demo.organisation import ensure_organisation
from tests.certificates.pdf_setup import complete
from tests.certificates.test_pdf_layout import structure
from tests.factories import UserFactory, build_module

pytestmark = pytest.mark.usefixtures("media")


def test_the_demo_logo_and_signature_are_loaded_once_and_printed(catalogue, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://demo.example.org"
    ensure_organisation()
    ensure_organisation()
    organisation = organisation_settings()
    assert organisation.logo.is_svg() and organisation.signature.is_svg()
    assert get_image_model().objects.count() == 2

    image = badge_image()
    assert image["type"] == "Image"
    assert image["id"].startswith("https://demo.example.org/") and image["id"].endswith(".svg")

    module, lessons = build_module(catalogue, lessons=1, title="Listening first")
    certificate = complete(UserFactory(first_name="Ana", last_name="Silva"), module, lessons)
    catalog = PdfReader(io.BytesIO(certificate_pdf(certificate))).trailer["/Root"]
    figures = [alt for kind, alt in structure(catalog["/StructTreeRoot"]["/K"], []) if kind == "/Figure"]
    assert f"Logo of {certificate.provider}" in figures
    assert "Signature of Ruth Mensah" in figures
