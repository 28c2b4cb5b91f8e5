"""The demo organisation's certificate details, filled in only where an administrator has not:
signatory, accreditation statement, and an original logo and drawn signature (SVG files in
static/img/badges/demo/), so demo certificates and badges look signed and branded."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from wagtail.images import get_image_model
from wagtail.models import Site

from lms.models import OrganisationSettings

DEMO_ORGANISATION = {
    "signatory_name": "Ruth Mensah",
    "signatory_role": "Lead for peer workforce development",
    "accreditation_statement": (
        "Demonstration certificate. Groundwork's demo modules are not approved by any certification "
        "board; a real provider states here which board recognises its CPD hours."
    ),
}
DEMO_IMAGES = {
    # field: (title, file in static/img/badges/demo/, width, height)
    "logo": ("Demo organisation logo", "logo.svg", 240, 160),
    "signature": ("Signature of Ruth Mensah (demo)", "signature.svg", 300, 100),
}
IMAGE_FOLDER = Path(django_settings.BASE_DIR) / "static" / "img" / "badges" / "demo"


def _demo_image(title: str, filename: str, width: int, height: int):
    """The demo image with this title, created from its SVG the first time."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    content = ContentFile((IMAGE_FOLDER / filename).read_bytes(), name=f"groundwork-demo-{filename}")
    return Image.objects.create(title=title, file=content, width=width, height=height)


def ensure_organisation() -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    settings = OrganisationSettings.for_site(site)
    changed = [field for field, value in DEMO_ORGANISATION.items() if not getattr(settings, field)]
    for field in changed:
        setattr(settings, field, DEMO_ORGANISATION[field])
    for field, (title, filename, width, height) in DEMO_IMAGES.items():
        if getattr(settings, f"{field}_id") is None:
            setattr(settings, field, _demo_image(title, filename, width, height))
            changed.append(field)
    if changed:
        settings.save()
