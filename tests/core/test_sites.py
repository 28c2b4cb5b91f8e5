"""The request's site and organisation settings come from the cache, and never outlive a change."""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.organisation import organisation_settings
from lms.models import OrganisationSettings
from tests.factories import UserFactory, build_module, build_site


@pytest.fixture
def cached_site(committed_db):
    """A site with a module, outside any transaction, so that requests fill the cache."""
    cache.clear()
    module, lessons = build_module(build_site(), lessons=2)
    settings = OrganisationSettings.for_site(module.get_site())
    settings.support_contact = "the duty supervisor"
    settings.save()
    yield module, lessons
    cache.clear()


def _tables_read(client, url: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return " ".join(q["sql"] for q in queries.captured_queries)


def test_second_request__reads_no_site_nor_settings(cached_site, client):
    """Once cached, a page needs neither the site, its root page nor the organisation settings."""
    module, _lessons = cached_site
    client.force_login(UserFactory())
    client.get(module.url)
    sql = _tables_read(client, module.url)
    assert "wagtailcore_site" not in sql
    assert "lms_organisationsettings" not in sql


def test_settings_saved__show_on_the_next_page(cached_site, client):
    """An administrator's change to the settings is on the very next page, in any process."""
    module, _lessons = cached_site
    assert b"the duty supervisor" in client.get(module.url).content
    settings = OrganisationSettings.objects.get()
    settings.support_contact = "the peer support line"
    settings.save()
    assert b"the peer support line" in client.get(module.url).content


def test_page_published__is_served_as_published(cached_site, client):
    """Publishing a page (the site's root page included) drops the cached root page."""
    module, _lessons = cached_site
    home = module.get_site().root_page.specific
    client.get(home.url)
    home.intro = "Welcome back to the learning space"
    home.save_revision().publish()
    assert b"Welcome back to the learning space" in client.get(home.url).content


def test_work_outside_a_request__reads_the_default_sites_cached_settings_until_they_change(
    cached_site, client, django_assert_num_queries
):
    """Issuing a certificate reads the organisation's name and signatory: once a page has cached
    them, with no query; after a change, the new values."""
    module, _lessons = cached_site
    client.get(module.url)
    with django_assert_num_queries(0):
        assert organisation_settings().support_contact == "the duty supervisor"
    settings = OrganisationSettings.objects.get()
    settings.support_contact = "the peer support line"
    settings.save()
    assert organisation_settings().support_contact == "the peer support line"
