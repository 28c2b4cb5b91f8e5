"""Public verification: what a board needs (name, module, CPD hours and category, ethics hours,
provider, accreditation, dates, status with its date and a neutral reason), never the learner's
other records; as JSON on request; friendly when not found; throttled per address; the
learner's list with history and renewal."""

import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from courses.progress import record_step_complete
from tests.factories import UserFactory, build_module


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def certificate(catalogue):
    module, lessons = build_module(catalogue, lessons=1, cpd_hours=2, validity_months=12)
    user = UserFactory(first_name="Sam", last_name="Reyes", email="sam@example.org")
    record_step_complete(user, lessons[0], module)
    return Certificate.objects.get(user=user)


def page(client, code):
    return client.get(reverse("verify", args=[code]))


def test_a_valid_certificate_shows_what_a_board_needs_and_nothing_else(
    client, certificate, catalogue, django_assert_max_num_queries
):
    Certificate.objects.filter(pk=certificate.pk).update(
        accreditation_statement="Approved CPD provider no. 4411.", provider="Harbour Peer Network"
    )
    other_module, other_lessons = build_module(catalogue, lessons=1, title="Another module entirely")
    record_step_complete(certificate.user, other_lessons[0], other_module)
    with django_assert_max_num_queries(5):
        response = page(client, certificate.code)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in html and "Sam Reyes" in html and certificate.module_title in html
    assert certificate.issued_at.strftime("%-d %B %Y") in html
    assert f"{certificate.cpd_category_label} hours" in html
    assert "Ethics hours" in html and "Harbour Peer Network" in html
    assert "Approved CPD provider no. 4411." in html
    assert certificate.expires_on.strftime("%-d %B %Y") in html
    assert "sam@example.org" not in html and "Another module entirely" not in html


def test_expired_and_revoked_say_so_with_the_date(client, certificate):
    certificate.expires_on = timezone.localdate() - datetime.timedelta(days=1)
    certificate.save()
    assert "expired on" in page(client, certificate.code).content.decode()
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = "Issued in error"
    certificate.save()
    html = page(client, certificate.code).content.decode()
    assert "Revoked" in html and "was revoked on" in html
    assert "Issued in error" not in html  # the reason is for the learner and staff, not the public
    assert "Withdrawn by the provider" in html  # a neutral category instead


@pytest.mark.parametrize(
    "code", ["GW-2222-3333-4444-5555", "nonsense", "GW-0000-OOOO-IIII-1111", "%00", "x" * 300]
)
def test_unknown_or_malformed_codes_get_the_friendly_not_found_page(client, db, code):
    response = page(client, code)
    assert response.status_code == 404
    assert "We could not find that certificate" in response.content.decode()


def test_a_typed_code_is_tidied_and_looked_up(client, certificate):
    response = client.get(reverse("verify_form"), {"code": f"  {certificate.code.lower()} "})
    assert response.url == reverse("verify", args=[certificate.code])


@override_settings(GROUNDWORK_THROTTLES={"verify": (3, 60)})
def test_lookups_are_throttled_per_client_address(client, certificate):
    for _ in range(3):
        assert page(client, "GW-2222-3333-4444-5555").status_code == 404
    assert page(client, certificate.code).status_code == 429
    other = client.get(reverse("verify", args=[certificate.code]), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_the_list_shows_current_and_past_certificates_and_offers_renewal_when_due(client, certificate):
    earlier = Certificate.objects.create(
        user=certificate.user,
        module=certificate.module,
        code="GW-2345-6789-ABCD-EFGH",
        learner_name="Sam Reyes",
        module_title=certificate.module_title,
        cpd_hours=2,
        cpd_category="ethics",
        cpd_category_label="Ethics",
        delivery_format="Online",
        provider="Groundwork",
        issued_at=certificate.issued_at - datetime.timedelta(days=400),
        expires_on=timezone.localdate() - datetime.timedelta(days=35),
    )
    certificate.expires_on = timezone.localdate() + datetime.timedelta(days=20)
    certificate.save()
    client.force_login(certificate.user)
    html = client.get(reverse("certificates")).content.decode()
    assert certificate.code in html and earlier.code in html
    assert "1 earlier certificate" in html and "Expired" in html
    assert "Renew this certificate" in html and "It expires in 20 days" in html


def test_the_list_shows_only_ones_own(client, certificate):
    client.force_login(UserFactory())
    assert certificate.code not in client.get(reverse("certificates")).content.decode()


def test_the_dashboard_says_when_a_certificate_is_due_for_renewal(client, certificate):
    client.force_login(certificate.user)
    assert "due for renewal" not in client.get(reverse("learning:dashboard")).content.decode()
    certificate.expires_on = timezone.localdate() + datetime.timedelta(days=10)
    certificate.save()
    html = client.get(reverse("learning:dashboard")).content.decode()
    assert "One certificate is due for renewal" in html and certificate.module_title in html


@override_settings(
    GROUNDWORK_THROTTLES={"verify": (2, 60)}, GROUNDWORK_CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR"
)
def test_behind_a_proxy_the_throttle_counts_the_address_the_proxy_appended(client, certificate):
    def look_up(forwarded):
        return client.get(
            reverse("verify", args=[certificate.code]), HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert [look_up("1.1.1.1, 203.0.113.5") for _ in range(3)] == [200, 200, 429]
    assert look_up("9.9.9.9, 203.0.113.5") == 429  # a forged first entry does not help
    assert look_up("203.0.113.77") == 200  # another client behind the same proxy is unaffected


def test_machines_get_the_same_record_as_json(client, certificate):
    from certificates.revocation import revoke

    response = client.get(reverse("verify", args=[certificate.code]), HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "Accept" in response["Vary"]
    data = response.json()
    assert data["code"] == certificate.code and data["status"] == "valid"
    assert data["learnerName"] == "Sam Reyes" and data["module"] == certificate.module_title
    assert data["cpd"] == {
        "hours": float(certificate.cpd_hours),
        "category": certificate.cpd_category,
        "categoryLabel": certificate.cpd_category_label,
        "ethicsHours": float(certificate.ethics_hours),
    }
    assert data["expiresOn"] == data["statusDate"] == certificate.expires_on.isoformat()
    assert data["revocationReason"] is None
    assert "sam@example.org" not in response.content.decode()

    assert revoke(certificate, None, "Said something private", "issued_in_error")
    data = client.get(reverse("verify", args=[certificate.code]), HTTP_ACCEPT="application/json").json()
    assert data["status"] == "revoked" and data["statusDate"] == timezone.localdate().isoformat()
    assert data["revocationReason"] == {"code": "issued_in_error", "label": "Issued in error"}
    assert "private" not in str(data)

    missing = client.get(reverse("verify", args=["GW-2222-3333-4444-5555"]), HTTP_ACCEPT="application/json")
    assert missing.status_code == 404 and missing.json() == {"error": "not found"}
    assert (
        client.get(reverse("verify", args=[certificate.code])).headers["Content-Type"].startswith("text/html")
    )
