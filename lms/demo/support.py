"""The demo organisation's support contact and crisis line, filled in only where an administrator
has not (issue 15, item 12). The support number is a fictional one (Ofcom's range for drama)."""

from __future__ import annotations

from wagtail.models import Site

from lms.models import OrganisationSettings

DEMO_SUPPORT = {
    "support_contact": ("your supervisor, or the peer support lead on 0161 496 0000 (weekdays, 9am to 5pm)"),
    "crisis_line": "Samaritans, free at any time on 116 123; in an emergency, call 999.",
}


def ensure_support() -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    settings = OrganisationSettings.for_site(site)
    changed = [field for field, value in DEMO_SUPPORT.items() if not getattr(settings, field)]
    for field in changed:
        setattr(settings, field, DEMO_SUPPORT[field])
    if changed:
        settings.save()
