"""The organisation's settings (name, contact, certificate branding) for any layer.

The model is named by ``settings.ORGANISATION_SETTINGS_MODEL`` (as ``AUTH_USER_MODEL`` names
the user model), so the apps below the people side read it without importing that app.
"""

from __future__ import annotations

from core.sites import cached_default_organisation, organisation_model

__all__ = ["organisation_model", "organisation_settings"]


def organisation_settings(request=None):
    """The settings for the request's site (Wagtail caches them on the request), or for the
    default site outside a request: from the shared cache when a page has put them there
    (``core.sites``, dropped whenever they change), else from the database; an unsaved default
    when there is no site at all."""
    model = organisation_model()
    if request is not None:
        return model.for_request(request)
    cached = cached_default_organisation()
    if cached is not None:
        return cached
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return model.for_site(site) if site else model()
