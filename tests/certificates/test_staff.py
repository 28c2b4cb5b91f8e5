"""Staff tools: the admin certificate list, revoking with a reason into an append-only audit
trail, a module's certificates as one ZIP, and backfilling missing certificates."""

import datetime
import io
import sys
import types
import zipfile
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import ProtectedError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate, CertificateEvent
from certificates.storage import private_storage
from certificates.wagtail_hooks import register_certificates_menu_item
from courses.models import ModuleCompletion
from courses.progress import record_step_complete
from tests.factories import UserFactory, build_module

REVOKED = CertificateEvent.Kind.REVOKED


@pytest.fixture(autouse=True)
def fake_rendering(monkeypatch, settings, tmp_path):
    """Issuing queues no real PDF; a missing PDF is "rendered" as small stand-in bytes, counted."""
    settings.MEDIA_ROOT = tmp_path
    try:
        import certificates.rendering as rendering
    except ImportError:  # rendering is written separately; stand in for it until it lands
        rendering = types.ModuleType("certificates.rendering")
        monkeypatch.setitem(sys.modules, "certificates.rendering", rendering)
    rendered = []

    def store_pdf(certificate, **kwargs):
        rendered.append(certificate.code)
        name = private_storage().save(
            f"certificates/{certificate.code}.pdf", ContentFile(fake_pdf(certificate))
        )
        Certificate.objects.filter(pk=certificate.pk).update(pdf=name)
        certificate.pdf.name = name
        return name

    monkeypatch.setattr(
        rendering, "render_certificate", types.SimpleNamespace(enqueue=lambda *a: None), raising=False
    )
    monkeypatch.setattr(rendering, "store_pdf", store_pdf, raising=False)
    return rendered


def fake_pdf(certificate) -> bytes:
    return b"%PDF-1.7 stand-in for " + certificate.code.encode()


@pytest.fixture
def modules(catalogue):
    boundaries = build_module(catalogue, lessons=2, title="Boundaries")
    return boundaries, build_module(catalogue, lessons=1, title="Humility")


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    def complete(user, module_and_lessons) -> Certificate:
        module, lessons = module_and_lessons
        with django_capture_on_commit_callbacks(execute=True):
            for lesson in lessons:
                record_step_complete(user, lesson, module)
        return Certificate.objects.get(user=user, module=module)

    return complete


@pytest.fixture
def certificates(modules, issue):
    boundaries, humility = modules
    return {
        "ada": issue(UserFactory(first_name="Ada", last_name="Lovelace"), boundaries),
        "bo": issue(UserFactory(first_name="Bo", last_name="Diddley"), boundaries),
        "cy": issue(UserFactory(first_name="Cy", last_name="Twombly"), humility),
    }


@pytest.fixture
def superuser(db):
    return UserFactory(username="boss", is_superuser=True, is_staff=True)


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def editor_client(db, client):
    """An editor: in the Wagtail admin, but without the certificates permission."""
    editor = UserFactory(username="ed")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def refused(response) -> bool:
    """The Wagtail admin's permission-denied answer: back to the dashboard with a message."""
    return response.status_code == HTTPStatus.FOUND and response.url == reverse("wagtailadmin_home")


def zip_names(content: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        return set(archive.namelist())


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
    item = register_certificates_menu_item()
    request = RequestFactory().get("/admin/")
    editor = UserFactory(username="ed")
    editor.groups.add(Group.objects.get(name="Editors"))
    for user, shown in ((superuser, True), (editor, False)):
        request.user = user
        assert item.is_shown(request) is shown


def test_staff_without_the_permission__are_refused_everywhere(editor_client, certificates):
    certificate = certificates["ada"]
    for url in (
        reverse("certificates_admin:index"),
        reverse("certificates_admin:detail", args=[certificate.pk]),
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
    assert response.url == reverse("certificates_admin:detail", args=[certificate.pk])
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


# The ZIP of a module's certificates


def test_zip__holds_one_pdf_per_certificate_of_the_module(
    staff_client, modules, certificates, fake_rendering
):
    """Stored PDFs are read as they are; a missing one is rendered and stored on the way."""
    ada, bo = certificates["ada"], certificates["bo"]
    ada.pdf.save(f"{ada.code}.pdf", ContentFile(fake_pdf(ada)))

    response = staff_client.post(reverse("certificates_admin:zip"), {"module": modules[0][0].pk})

    assert response.status_code == HTTPStatus.OK and response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="boundaries-certificates.zip"'
    content = b"".join(response.streaming_content)
    assert zip_names(content) == {f"{ada.code}-ada-lovelace.pdf", f"{bo.code}-bo-diddley.pdf"}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.read(f"{bo.code}-bo-diddley.pdf") == fake_pdf(bo)
    assert fake_rendering == [bo.code]
    assert Certificate.objects.get(pk=bo.pk).pdf.name


def test_zip__keeps_to_the_issue_date_range(staff_client, modules, certificates):
    ada, bo = certificates["ada"], certificates["bo"]
    moment = datetime.datetime(2025, 3, 10, 23, 30, tzinfo=datetime.UTC)  # still 10 March in London (GMT)
    Certificate.objects.filter(pk=ada.pk).update(issued_at=moment)
    Certificate.objects.filter(pk=bo.pk).update(issued_at=moment + datetime.timedelta(days=30))
    url = reverse("certificates_admin:zip")
    module_id = modules[0][0].pk

    march = staff_client.post(
        url, {"module": module_id, "issued_from": "2025-03-10", "issued_to": "2025-03-31"}
    )
    assert zip_names(b"".join(march.streaming_content)) == {f"{ada.code}-ada-lovelace.pdf"}
    assert "boundaries-certificates-2025-03-10-2025-03-31.zip" in march["Content-Disposition"]

    from_april = staff_client.post(url, {"module": module_id, "issued_from": "2025-04-01"})
    assert zip_names(b"".join(from_april.streaming_content)) == {f"{bo.code}-bo-diddley.pdf"}

    empty = staff_client.post(url, {"module": module_id, "issued_to": "2025-01-01"})
    assert empty.status_code == HTTPStatus.OK and not empty.streaming
    assert "No certificates of this module were issued in those dates." in empty.content.decode()

    backwards = staff_client.post(
        url, {"module": module_id, "issued_from": "2025-04-01", "issued_to": "2025-03-01"}
    )
    assert backwards.context["form"].errors["issued_to"]


def test_zip__of_a_large_set_is_built_by_a_task_and_linked_when_ready(
    staff_client, modules, certificates, settings, django_capture_on_commit_callbacks
):
    """Above the limit the request returns at once; the status page links the file once built."""
    settings.CERTIFICATE_ZIP_STREAM_LIMIT = 1
    with django_capture_on_commit_callbacks() as queued:
        response = staff_client.post(reverse("certificates_admin:zip"), {"module": modules[0][0].pk})
    assert response.status_code == HTTPStatus.FOUND
    waiting = staff_client.get(response.url)
    assert "The ZIP of 2 certificates is being prepared" in waiting.content.decode()
    assert not waiting.context["download_url"]

    for build in queued:  # the worker picks the task up
        build()
    status = staff_client.get(response.url)
    assert "The ZIP of 2 certificates is ready." in status.content.decode()
    download = staff_client.get(status.context["download_url"])
    assert download.status_code == HTTPStatus.OK
    assert 'filename="boundaries-certificates.zip"' in download["Content-Disposition"]
    ada, bo = certificates["ada"], certificates["bo"]
    assert zip_names(b"".join(download.streaming_content)) == {
        f"{ada.code}-ada-lovelace.pdf",
        f"{bo.code}-bo-diddley.pdf",
    }


def test_zip__status_of_an_unknown_token_is_not_found(staff_client):
    unknown = "x" * 32
    assert (
        staff_client.get(reverse("certificates_admin:zip_status", args=[unknown])).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert (
        staff_client.get(reverse("certificates_admin:zip_download", args=[unknown])).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_zip__is_refused_to_staff_without_the_permission(
    client, superuser, modules, certificates, settings, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_ZIP_STREAM_LIMIT = 1
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        status_url = client.post(reverse("certificates_admin:zip"), {"module": modules[0][0].pk}).url
    download_url = client.get(status_url).context["download_url"]

    editor = UserFactory(username="ed")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert refused(client.post(reverse("certificates_admin:zip"), {"module": modules[0][0].pk}))
    assert refused(client.get(status_url))
    assert refused(client.get(download_url))


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
