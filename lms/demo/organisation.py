"""The demo organisation's certificate details, filled in only where an administrator has not."""

from __future__ import annotations

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


def ensure_organisation() -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    settings = OrganisationSettings.for_site(site)
    changed = [field for field, value in DEMO_ORGANISATION.items() if not getattr(settings, field)]
    for field in changed:
        setattr(settings, field, DEMO_ORGANISATION[field])
    if changed:
        settings.save()
