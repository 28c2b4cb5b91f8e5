"""Absolute addresses for links that leave the site: emails, PDFs, signed credentials.

One rule: a page's link uses the page's own site (``Page.get_url_parts``), so a multi-site
install links each module on its own host; any other path is joined to the site's public
address, ``WAGTAILADMIN_BASE_URL``, or the default Wagtail site's root when that is unset.

In production the address never comes from a request, so what is printed or signed does not
depend on the Host header a client sent. In development (``DEBUG``) a link made while serving a
request uses that request's own scheme and host, so ``PORT=8001 make run`` prints working links;
work done without a request (the task worker rendering a PDF, an email) uses
``WAGTAILADMIN_BASE_URL``, which the development settings derive from the same ``PORT``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def site_root_url(request=None) -> str:
    """The site's public address without a trailing slash (in development, the serving
    request's own address when there is one)."""
    if request is not None and settings.DEBUG:
        return request.build_absolute_uri("/").rstrip("/")
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    if not base:
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        base = site.root_url if site else ""
    if not base:
        raise ImproperlyConfigured("Set WAGTAILADMIN_BASE_URL (or a default site) so links can be absolute.")
    return base.rstrip("/")


def absolute_url(path: str, request=None) -> str:
    """``path`` (site-relative, starting with ``/``) on the site's public address."""
    return site_root_url(request) + path


def page_url(page) -> str:
    """A Wagtail page's absolute address on its own site."""
    parts = page.get_url_parts()
    if parts is None:
        raise ValueError(f"{page!r} is not routable")
    _site_id, root_url, page_path = parts
    return (root_url.rstrip("/") if root_url else site_root_url()) + page_path
