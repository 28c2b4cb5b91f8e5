"""The request's Wagtail site, its root page and the organisation's settings from the shared cache.

Wagtail finds the site for every request with a query, then reads the site's root page and the
organisation settings (shown in every page's footer) with two more. They change only when an
administrator edits a site, a page or the settings, so they are kept in the cache (Redis in
production, shared by every web process) under one key, and that key is dropped whenever any of
them is saved or deleted — at once and again when the transaction commits, so a request that
read the old rows in between cannot keep them. Other entries that hold published content (the
catalogue's cards) listen for ``content_changed``, sent at the same two moments.

Only a request outside a transaction fills the cache: what it read is committed. (A test runs
inside one that is rolled back afterwards, so the suite never leaves a site behind in the cache.)
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from django.http import HttpRequest
from django.http.request import split_domain_port

CACHE_KEY = "groundwork:sites:v1"
DEFAULT_SITE = "default"  # the entry of the default site, also under this name: for work outside a request
UNSITED_PATHS = ("/healthz", "/readyz")  # a load balancer's checks need no site, nor a database
MAX_HOSTS = 20  # a made-up Host header cannot grow the cached entry without bound
content_changed = Signal()  # a page, a site or the organisation's settings changed


def organisation_model():
    """The organisation settings model, named by ``settings.ORGANISATION_SETTINGS_MODEL``."""
    return apps.get_model(settings.ORGANISATION_SETTINGS_MODEL)


def cached_default_organisation():
    """The default site's organisation settings as the last request cached them, or None."""
    entry = (cache.get(CACHE_KEY) or {}).get(DEFAULT_SITE)
    return None if entry is None else entry[1]


def site_cache_seconds() -> int:
    return getattr(settings, "GROUNDWORK_SITE_CACHE_SECONDS", 300)


def _look_up(hostname: str, port: int) -> tuple[object | None, object | None]:
    """(site with its root page as its own type, organisation settings), as Wagtail finds them."""
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None, None
    site.root_page = site.root_page.specific  # every page request is routed from it
    # Read, never created here: Wagtail's for_site() would write a row on a GET to a new site.
    model = organisation_model()
    return site, model.objects.filter(site=site).first() or model(site=site)


def attach_site(request: HttpRequest) -> None:
    """Put the site and the organisation settings on ``request`` where Wagtail looks for them."""
    hostname = split_domain_port(request._get_raw_host())[0]
    key = f"{hostname}:{request.get_port()}"
    known = cache.get(CACHE_KEY) or {}
    entry = known.get(key)
    if entry is None:
        entry = _look_up(hostname, key.rsplit(":", 1)[1])
        if not connection.in_atomic_block and len(known) < MAX_HOSTS and site_cache_seconds():
            default = {DEFAULT_SITE: entry} if entry[0] is not None and entry[0].is_default_site else {}
            cache.set(CACHE_KEY, {**known, key: entry, **default}, site_cache_seconds())
    site, organisation = entry
    request._wagtail_site = site
    if organisation is not None:
        organisation._request = request
        setattr(request, organisation.get_cache_attr_name(), organisation)


class CachedSiteMiddleware:
    """Before anything asks Wagtail which site a request is for (routing, settings, page URLs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not request.path_info.startswith(UNSITED_PATHS):
            attach_site(request)
        return self.get_response(request)


def forget_sites(**kwargs) -> None:
    _forget()
    transaction.on_commit(_forget)


def _forget() -> None:
    cache.delete(CACHE_KEY)
    content_changed.send(sender=None)


def connect() -> None:
    """Drop the cached sites when a site, a page (a root page's content) or the settings change."""
    from wagtail.models import Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    watched = [Site, organisation_model()]
    for model in watched:
        post_save.connect(forget_sites, sender=model, dispatch_uid=f"forget_sites_{model._meta.label}")
        post_delete.connect(forget_sites, sender=model, dispatch_uid=f"forget_sites_del_{model._meta.label}")
    page_published.connect(forget_sites, dispatch_uid="forget_sites_published")
    page_unpublished.connect(forget_sites, dispatch_uid="forget_sites_unpublished")
    post_page_move.connect(forget_sites, dispatch_uid="forget_sites_moved")
    post_save.connect(_page_saved, dispatch_uid="forget_sites_page_saved")
    post_delete.connect(_page_saved, dispatch_uid="forget_sites_page_deleted")


def _page_saved(sender, instance, **kwargs) -> None:
    """Any page: each page type sends as its own model, and a site's root page may be of any type."""
    from wagtail.models import Page

    if isinstance(instance, Page):
        forget_sites()
