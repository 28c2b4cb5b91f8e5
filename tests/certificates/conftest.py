"""Fixtures for certificate tests: private files of each test's own, the staff tools' set-up
(issued certificates with stand-in PDFs; a superuser, and an editor without the permission), and
the PDF tests' branded organisation with Dee's certificate."""

import types
from decimal import Decimal

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.files.base import ContentFile
from wagtail.models import Site

from certificates.models import Certificate
from certificates.storage import private_storage
from courses.models import CpdCategory
from courses.progress import record_step_complete
from lms.models import OrganisationSettings
from tests.certificates.pdf_setup import complete
from tests.certificates.staff import fake_pdf
from tests.factories import UserFactory, build_module


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Certificate files in a private folder of the test's own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def fake_rendering(monkeypatch, settings, tmp_path):
    """Issuing queues no real PDF; a missing PDF is "rendered" as small stand-in bytes, counted."""
    import certificates.rendering as rendering

    settings.MEDIA_ROOT = tmp_path
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


# The PDF tests (test_pdf, test_pdf_download)


@pytest.fixture
def media(settings, tmp_path):
    """Files in a folder of the test's own; cached renditions would point at another test's files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for cache in caches.all():
        cache.clear()
    return settings.MEDIA_ROOT


@pytest.fixture
def organisation(catalogue):
    settings = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Harbour Peer Network"
    settings.signatory_name = "Morgan Reyes"
    settings.signatory_role = "Head of Peer Practice"
    settings.accreditation_statement = "Approved CPD provider no. 4411 with the Peer Workforce Board."
    settings.delivery_format = "Online, self-paced (e-learning)"
    settings.logo = wagtail_factories.ImageFactory(title="Logo")
    settings.signature = wagtail_factories.ImageFactory(title="Signature")
    settings.save()
    return settings


@pytest.fixture
def learner_dee(db):
    return UserFactory(username="dee", first_name="Dee", last_name="Okafor")


@pytest.fixture
def certificate(catalogue, organisation, learner_dee) -> Certificate:
    module, lessons = build_module(
        catalogue,
        lessons=2,
        title="Boundaries in peer work",
        cpd_hours=Decimal("2.5"),
        cpd_category=CpdCategory.ETHICS,
        validity_months=24,
        objectives='[{"type": "objective", "value": "Name three kinds of boundary."},'
        ' {"type": "objective", "value": "Repair a boundary that slipped."}]',
    )
    return complete(learner_dee, module, lessons)
