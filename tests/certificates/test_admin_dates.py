"""Dates read one way in the admin as on the site: "30 December 2026" (issue 15, item 12).

Django's own English format is "Dec. 30, 2026"; ``lms/formats/`` (``FORMAT_MODULE_PATH``) replaces
it for every English, so the project's admin columns show what the learner's pages show, whatever
language an administrator has chosen for the admin.
"""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from certificates.models import Certificate
from lms.models import Profile

pytestmark = pytest.mark.usefixtures("fake_rendering")

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture(params=["", "en", "en-gb"])
def admin_language(request, superuser):
    """The administrator's own choice of admin language ("" is the site's default)."""
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = request.param
    profile.save()
    return request.param


def test_certificates_listing__expiry_and_issue_dates_as_on_the_site(
    staff_client, certificates, admin_language
):
    """The Expires column and the Issued column's exact date read like the site's dates."""
    Certificate.objects.filter(pk=certificates["ada"].pk).update(
        expires_on=datetime.date(2026, 12, 30), issued_at=datetime.datetime(2025, 12, 30, 9, 5, tzinfo=LONDON)
    )
    html = staff_client.get(reverse("certificates_admin:index")).content.decode()
    assert "30 December 2026" in html
    assert 'data-w-tooltip-content-value="30 December 2025, 09:05"' in html
    assert "Dec. 30" not in html and "Dec 30" not in html


def test_start_dates_listing__as_on_the_site(staff_client, superuser, admin_language):
    """The "Roles and start dates" snippet listing: a start date in the site's format."""
    Profile.objects.update_or_create(user=superuser, defaults={"start_date": datetime.date(2026, 12, 30)})
    html = staff_client.get(reverse("wagtailsnippets_lms_profile:list")).content.decode()
    assert "30 December 2026" in html
    assert "Dec. 30" not in html and "Dec 30" not in html
