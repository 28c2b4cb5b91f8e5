"""The certificates admin as a Wagtail view set: records only (no add, edit or delete), the
inspect page with its audit trail, filters, and a listing whose queries do not grow with rows."""

import datetime
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.permissions import policy_registry

import certificates.pdf_views  # noqa: F401  (see below)
from certificates.models import Certificate
from tests.certificates.staff import refused
from tests.factories import UserFactory

# This file sorts first in the folder. pdf_views binds rendering.store_pdf when first imported,
# so it is imported here, at collection, lest it first load (with the URLs) while fake_rendering
# has swapped in its stand-in, which the real-PDF tests in test_pdf.py would then get.
pytestmark = pytest.mark.usefixtures("fake_rendering")

INDEX = "certificates_admin:index"


def listed_codes(response) -> set[str]:
    html = response.content.decode()
    return {code for code in Certificate.objects.values_list("code", flat=True) if code in html}


def test_no_add_edit_copy_delete_or_history_views__exist(staff_client, certificates):
    """Certificates are records: the routes are absent and the buttons are not drawn."""
    certificate = certificates["ada"]
    for name in ("add", "edit", "copy", "delete", "history", "usage"):
        with pytest.raises(NoReverseMatch):
            reverse(f"certificates_admin:{name}", args=[certificate.pk] if name != "add" else [])
    for url in ("new/", f"edit/{certificate.pk}/", f"delete/{certificate.pk}/", f"copy/{certificate.pk}/"):
        assert staff_client.get(f"/admin/certificates/{url}").status_code == HTTPStatus.NOT_FOUND, url
        assert staff_client.post(f"/admin/certificates/{url}").status_code == HTTPStatus.NOT_FOUND, url
    assert Certificate.objects.filter(pk=certificate.pk).exists()

    listing = staff_client.get(reverse(INDEX)).content.decode()
    inspect = staff_client.get(reverse("certificates_admin:inspect", args=[certificate.pk])).content.decode()
    for html in (listing, inspect):
        assert "Add certificate" not in html and "/edit/" not in html and "/delete/" not in html


def test_admin_link_to_a_certificate__is_its_inspect_page(superuser, certificates):
    certificate = certificates["ada"]
    inspect = reverse("certificates_admin:inspect", args=[certificate.pk])
    assert AdminURLFinder(superuser).get_edit_url(certificate) == inspect
    assert AdminURLFinder(UserFactory(username="nobody")).get_edit_url(certificate) is None


def test_permission_policy__grants_adding_and_deleting_to_no_one(superuser):
    policy = policy_registry.get_by_type(Certificate)
    assert policy.user_has_permission(superuser, "change")
    assert not policy.user_has_permission(superuser, "add")
    assert not policy.user_has_permission(superuser, "delete")
    assert not policy.users_with_any_permission(["add", "delete"]).exists()


def test_only_change_certificate__is_offered_to_groups(db):
    registered = Permission.objects.none()
    for hook in hooks.get_hooks("register_permissions"):
        registered = registered | hook()
    codenames = set(
        registered.filter(content_type__app_label="certificates").values_list("codename", flat=True)
    )
    assert codenames == {"change_certificate"}


def test_inspect__shows_the_record_and_the_audit_trail(staff_client, superuser, certificates):
    certificate = certificates["ada"]
    url = reverse("certificates_admin:inspect", args=[certificate.pk])
    html = staff_client.get(url).content.decode()

    assert certificate.code in html and "Ada Lovelace" in html and "Boundaries" in html
    assert "Audit trail" in html and "Issued" in html and "Emailed to the learner" in html
    assert "Revoke this certificate" in html and "Reason for revoking" not in html

    staff_client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": "Line one\nline two"}
    )
    response = staff_client.get(url)
    html = response.content.decode()
    assert [event.kind for event in response.context["events"]] == ["issued", "emailed", "revoked"]
    assert "Reason for revoking" in html and "Line one<br>line two" in html
    assert (superuser.get_full_name() or superuser.get_username()) in html
    assert "Revoke this certificate" not in html


def test_inspect__of_an_unknown_certificate_is_not_found(staff_client, certificates):
    url = reverse("certificates_admin:inspect", args=[Certificate.objects.order_by("-pk")[0].pk + 1])
    assert staff_client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_inspect__is_refused_to_staff_without_the_permission(editor_client, certificates):
    url = reverse("certificates_admin:inspect", args=[certificates["ada"].pk])
    assert refused(editor_client.get(url))


def test_list__filters_by_module_status_and_issue_date(staff_client, modules, certificates):
    ada, bo, cy = certificates["ada"], certificates["bo"], certificates["cy"]
    Certificate.objects.filter(pk=bo.pk).update(revoked_at=timezone.now())
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Certificate.objects.filter(pk=cy.pk).update(
        expires_on=yesterday, issued_at=timezone.now() - datetime.timedelta(days=400)
    )
    url = reverse(INDEX)

    assert listed_codes(staff_client.get(url, {"module": modules[0][0].pk})) == {ada.code, bo.code}
    assert listed_codes(staff_client.get(url, {"status": "valid"})) == {ada.code}
    assert listed_codes(staff_client.get(url, {"status": "revoked"})) == {bo.code}
    assert listed_codes(staff_client.get(url, {"status": "expired"})) == {cy.code}
    recent = {"issued_at_from": (timezone.localdate() - datetime.timedelta(days=30)).isoformat()}
    assert listed_codes(staff_client.get(url, recent)) == {ada.code, bo.code}
    old = {"issued_at_to": (timezone.localdate() - datetime.timedelta(days=300)).isoformat()}
    assert listed_codes(staff_client.get(url, old)) == {cy.code}
    assert listed_codes(staff_client.get(url, {"status": "nonsense"})) == {ada.code, bo.code, cy.code}

    counted = staff_client.get(url, {"status": "valid"}).content.decode()
    assert "There is 1 match" in counted and '<h2 role="alert">' not in counted  # axe: no alert heading


def test_list__offers_revoking_only_the_certificates_not_yet_revoked(staff_client, certificates):
    Certificate.objects.filter(pk=certificates["bo"].pk).update(revoked_at=timezone.now())
    html = staff_client.get(reverse(INDEX)).content.decode()
    assert reverse("certificates_admin:revoke", args=[certificates["ada"].pk]) in html
    assert reverse("certificates_admin:revoke", args=[certificates["bo"].pk]) not in html


def copies(certificate: Certificate, count: int) -> None:
    for number in range(count):
        Certificate.objects.create(
            **{
                field.name: getattr(certificate, field.name)
                for field in Certificate._meta.concrete_fields
                if field.name not in {"id", "code", "completion", "pdf"}
            },
            code=f"{certificate.code}-{number}",
        )


def listing_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(INDEX))
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def test_list__queries_do_not_grow_with_the_number_of_certificates(staff_client, certificates):
    few = listing_queries(staff_client)
    copies(certificates["ada"], 17)
    assert Certificate.objects.count() == 20

    assert listing_queries(staff_client) == few
    assert len(listed_codes(staff_client.get(reverse(INDEX)))) == 20


def test_admin_pages__render_for_an_administrator(staff_client, modules, certificates):
    """Every page of the view set answers 200 for an administrator, filtered, searched or not."""
    revoked = certificates["bo"]
    staff_client.post(reverse("certificates_admin:revoke", args=[revoked.pk]), {"reason": "Error"})
    pages = [
        reverse("wagtailadmin_home"),
        reverse(INDEX),
        reverse(INDEX) + "?q=ada&ordering=-code",
        reverse(INDEX) + f"?module={modules[0][0].pk}&status=revoked&issued_at_from=2020-01-01",
        reverse("certificates_admin:index_results") + "?q=zz",
        reverse(INDEX) + "?module=%C2%B2&status=x&issued_at_from=soon&p=%C2%B2&ordering=nonsense",
        reverse("certificates_admin:inspect", args=[certificates["ada"].pk]),
        reverse("certificates_admin:inspect", args=[revoked.pk]),
        reverse("certificates_admin:revoke", args=[certificates["ada"].pk]),
        reverse("certificates_admin:revoke", args=[revoked.pk]),
        reverse("certificates_admin:zip"),
    ]
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == HTTPStatus.OK, url
    home = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(INDEX) in home
