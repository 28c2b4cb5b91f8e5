"""Staff tools: the admin certificate list, revoking with a reason into an append-only audit
trail, and backfilling missing certificates. The ZIP download is in test_zip.py."""

import datetime
import io
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db.models import ProtectedError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import admin_menu

from certificates.models import Certificate, CertificateEvent
from courses.models import ModuleCompletion
from tests.certificates.staff import refused
from tests.factories import UserFactory

REVOKED = CertificateEvent.Kind.REVOKED


pytestmark = pytest.mark.usefixtures("fake_rendering")


# The list and the menu


def test_list__shows_every_certificate_with_its_status(staff_client, certificates):
    certificates["bo"].revoked_at = timezone.now()
    certificates["bo"].save()
    response = staff_client.get(reverse("certificates_admin:index"))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for certificate in certificates.values():
        assert certificate.code in html
    assert "Revoked" in html and "Valid" in html


@pytest.mark.parametrize(
    ("query", "expected"), [("lovelace", {"ada"}), ("humility", {"cy"}), ("boundaries", {"ada", "bo"})]
)
def test_list__searches_by_code_learner_and_module(staff_client, certificates, query, expected):
    response = staff_client.get(reverse("certificates_admin:index"), {"q": query})
    html = response.content.decode()
    assert {key for key, certificate in certificates.items() if certificate.code in html} == expected

    code = certificates["bo"].code
    by_code = staff_client.get(
        reverse("certificates_admin:index_results"), {"q": code.lower()}
    ).content.decode()
    assert code in by_code and certificates["ada"].code not in by_code


def test_menu_item__is_shown_only_to_those_who_may_manage_certificates(superuser):
    request = RequestFactory().get("/admin/")
    editor = UserFactory(username="ed")
    editor.groups.add(Group.objects.get(name="Editors"))
    for user, shown in ((superuser, True), (editor, False)):
        request.user = user
        items = admin_menu.menu_items_for_request(request)
        assert ("certificates" in {item.name for item in items}) is shown


def test_staff_without_the_permission__are_refused_everywhere(editor_client, certificates):
    certificate = certificates["ada"]
    for url in (
        reverse("certificates_admin:index"),
        reverse("certificates_admin:inspect", args=[certificate.pk]),
        reverse("certificates_admin:revoke", args=[certificate.pk]),
        reverse("certificates_admin:zip"),
    ):
        assert refused(editor_client.get(url)), url


def test_a_user_granted_change_certificate__may_use_the_tools(client, certificates):
    manager = UserFactory(username="registrar")
    manager.groups.add(Group.objects.get(name="Editors"))
    manager.user_permissions.add(Permission.objects.get(codename="change_certificate"))
    client.force_login(manager)
    assert client.get(reverse("certificates_admin:index")).status_code == HTTPStatus.OK


def test_anonymous_visitors__are_sent_to_log_in(client, certificates):
    response = client.post(
        reverse("certificates_admin:revoke", args=[certificates["ada"].pk]), {"reason": "x"}
    )
    assert response.status_code == HTTPStatus.FOUND and "login" in response.url
    assert Certificate.objects.get(pk=certificates["ada"].pk).revoked_at is None


# Revoking and the audit trail


def test_revoke__asks_for_a_reason_and_refuses_without_one(staff_client, certificates):
    certificate = certificates["ada"]
    url = reverse("certificates_admin:revoke", args=[certificate.pk])
    form = staff_client.get(url)
    assert form.status_code == HTTPStatus.OK and 'name="reason"' in form.content.decode()

    response = staff_client.post(url, {"reason": "   "})

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["reason"]
    certificate.refresh_from_db()
    assert certificate.revoked_at is None and certificate.revoked_reason == ""
    assert not certificate.events.filter(kind=REVOKED).exists()


def test_revoke__records_the_reason_and_who_did_it(staff_client, superuser, certificates):
    certificate = certificates["ada"]
    response = staff_client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": "Issued in error"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("certificates_admin:inspect", args=[certificate.pk])
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revoked_reason == "Issued in error"
    event = certificate.events.get(kind=REVOKED)
    assert (event.actor, event.note, event.at) == (superuser, "Issued in error", certificate.revoked_at)
    assert [e.kind for e in certificate.events.all()] == ["issued", "emailed", "revoked"]

    detail = staff_client.get(response.url).content.decode()
    assert "Issued in error" in detail and "Revoked" in detail and "Revoke this certificate" not in detail
    public = staff_client.get(certificate.get_verification_path()).content.decode()
    assert "evoked" in public


def test_revoking_again__changes_nothing_and_says_so(staff_client, certificates):
    certificate = certificates["ada"]
    url = reverse("certificates_admin:revoke", args=[certificate.pk])
    staff_client.post(url, {"reason": "First reason"})
    certificate.refresh_from_db()
    first_revoked_at = certificate.revoked_at

    response = staff_client.post(url, {"reason": "Second reason"}, follow=True)

    assert "already revoked; nothing has changed" in response.content.decode()
    certificate.refresh_from_db()
    assert (certificate.revoked_at, certificate.revoked_reason) == (first_revoked_at, "First reason")
    assert certificate.events.filter(kind=REVOKED).count() == 1


def test_staff_without_the_permission__cannot_revoke(editor_client, certificates):
    certificate = certificates["ada"]
    response = editor_client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": "Mine"}
    )

    assert refused(response)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert not certificate.events.filter(kind=REVOKED).exists()


def test_audit_events__cannot_be_changed_or_deleted(staff_client, certificates):
    certificate = certificates["ada"]
    staff_client.post(reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": "Fraud"})
    event = certificate.events.get(kind=REVOKED)

    event.note = "Nothing to see"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(ProtectedError):  # nor do they go with their certificate
        certificate.delete()
    with pytest.raises(PermissionDenied):  # nor in bulk
        CertificateEvent.objects.filter(pk=event.pk).update(note="Nothing to see")
    with pytest.raises(PermissionDenied):
        CertificateEvent.objects.filter(pk=event.pk).delete()
    assert CertificateEvent.objects.get(pk=event.pk).note == "Fraud"


# Backfilling


def test_issue_certificates__backfills_exactly_the_missing_ones(modules, certificates):
    boundaries, humility = modules[0][0], modules[1][0]
    earlier = timezone.now() - datetime.timedelta(days=40)
    missing = [
        ModuleCompletion.objects.create(user=UserFactory(), module=boundaries, module_title="Boundaries"),
        ModuleCompletion.objects.create(
            user=UserFactory(), module=humility, module_title="Humility", completed_at=earlier
        ),
    ]
    ModuleCompletion.objects.create(user=UserFactory(), module=None, module_title="A deleted module")
    already = Certificate.objects.count()

    out = io.StringIO()
    call_command("issue_certificates", stdout=out)

    assert Certificate.objects.count() == already + 2
    for completion in missing:
        certificate = Certificate.objects.get(completion=completion)
        assert (
            certificate.module_id == completion.module_id and certificate.issued_at == completion.completed_at
        )
        assert certificate.events.filter(kind=CertificateEvent.Kind.ISSUED).count() == 1
    output = out.getvalue()
    assert "2/2" in output and "Issued 2 missing certificate(s)." in output
    assert "Skipped 1 completion(s) whose module has been deleted." in output

    again = io.StringIO()
    call_command("issue_certificates", stdout=again)
    assert Certificate.objects.count() == already + 2
    assert "Issued 0 missing certificate(s)." in again.getvalue()
