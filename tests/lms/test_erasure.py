"""Erasing a person on request: nothing of their name, email or words is left in any table."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.urls import reverse

from assessments import reflections as journal
from certificates.models import Certificate
from courses.models import ModuleCompletion
from courses.progress import complete_module
from ledger.models import ActivityDecision
from ledger.review import decide
from lms.models import Erasure, Observation
from outbox.delivery import send
from tests.factories import TeamFactory, UserFactory, build_module
from tests.ledger.factories import external_activity

SECRET_WORDS = "I still think about the night on the bridge"


def tables_holding(*needles: str) -> list[str]:
    """Every model and text column (in any installed app) holding one of the needles."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(
                field, models.CharField | models.TextField | models.JSONField | models.EmailField
            ):
                continue
            for needle in needles:
                lookup = f"{field.name}__icontains"
                try:
                    hit = model._base_manager.filter(**{lookup: needle}).exists()
                except Exception:  # noqa: S112 - a column type that cannot be searched this way
                    continue
                if hit:
                    found.append(f"{model._meta.label}.{field.name} ~ {needle}")
    return found


def test_erase__leaves_no_name_email_or_free_text_and_keeps_anonymous_completions(client, catalogue):
    robin = UserFactory(
        username="robin.q", first_name="Robinetta", last_name="Quillfeather", email="robin.q@example.org"
    )
    supervisor = UserFactory(username="jordan", first_name="Jordan", last_name="Lee")
    team = TeamFactory(name="Harbour team")
    team.supervisors.add(supervisor)
    team.members.add(robin)
    module, (lesson,) = build_module(catalogue, lessons=1, title="Grounding")
    complete_module(robin, module)
    code = Certificate.objects.get(user=robin).code
    journal.save_reflection(
        robin,
        prompt="What helped?",
        text=SECRET_WORDS,
        source_title="Grounding",
        source_page=lesson,
        source_key="k",
    )
    decide(
        external_activity(robin, title="Workshop about my own recovery"), supervisor, "approved", "Checked."
    )
    Observation.objects.create(
        member=robin,
        team=team,
        module=module,
        module_title="Grounding",
        observed_on="2026-11-01",
        observer=supervisor,
        observer_name="Jordan Lee",
        scores={},
        strengths="Robinetta was calm.",
    )
    send("test", robin.email, "Hello Robinetta", "Dear Robinetta Quillfeather", key="erase-test")
    client.force_login(robin)
    client.post(reverse("cpd_transcript"), {"from": "2020-01-01"})
    assert tables_holding("Quillfeather", "robin.q@example.org", SECRET_WORDS)  # the check can find them

    admin = UserFactory(username="boss", first_name="Morgan", is_superuser=True, is_staff=True)
    client.force_login(admin)
    step_one = client.post(reverse("erase_person"), {"username": "robin.q", "reason": "Asked by email"})
    assert "Type the username again" in step_one.content.decode()
    assert not Erasure.objects.exists()  # nothing yet
    wrong = client.post(
        reverse("erase_person"), {"username": "robin.q", "reason": "Asked by email", "confirm": "robin"}
    )
    assert "not the same username" in wrong.content.decode() and not Erasure.objects.exists()
    client.post(
        reverse("erase_person"), {"username": "robin.q", "reason": "Asked by email", "confirm": "robin.q"}
    )

    record = Erasure.objects.get()
    assert (record.person_id, record.reason, record.erased_by) == (robin.pk, "Asked by email", admin)
    assert tables_holding("Robinetta", "Quillfeather", "robin.q", SECRET_WORDS, "own recovery") == []
    assert ModuleCompletion.objects.filter(user_id=robin.pk).count() == 1
    assert Certificate.objects.filter(user_id=robin.pk, learner_name="").count() == 1
    assert ActivityDecision.objects.count() == 0  # with the activity: it was theirs
    verify = client.get(reverse("verify", args=[code]))
    assert "no longer available" in verify.content.decode()
    robin.refresh_from_db()
    assert (robin.username, robin.is_active, robin.has_usable_password()) == (
        f"erased-{robin.pk}",
        False,
        False,
    )


def test_erase__only_administrators_and_the_reason_may_not_name_them(client, db):
    robin = UserFactory(username="robin.q", first_name="Robinetta")
    client.force_login(UserFactory(username="priya", is_staff=True))
    assert client.get(reverse("erase_person")).status_code == 302  # to the admin's sign-in or home
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    response = client.post(
        reverse("erase_person"), {"username": "robin.q", "reason": "Robinetta asked", "confirm": "robin.q"}
    )
    assert "leave their name and email out" in response.content.decode()
    assert not Erasure.objects.exists()
    robin.refresh_from_db()
    assert robin.first_name == "Robinetta"


def test_erase__deletes_stored_files_only_once_the_erasure_commits(
    catalogue, django_capture_on_commit_callbacks
):
    """An erasure rolled back (a failure after the files were listed) leaves each row with its
    file; a committed one leaves no file behind."""
    import pytest
    from django.core.files.base import ContentFile
    from django.db import transaction

    from lms.erasure import erase

    robin, administrator = UserFactory(username="robin.q"), UserFactory(username="admin", is_superuser=True)
    module, _ = build_module(catalogue, lessons=1, title="Grounding")
    complete_module(robin, module)
    certificate = Certificate.objects.get(user=robin)
    storage = certificate.pdf.storage
    name = storage.save(f"certificates/{certificate.code}.pdf", ContentFile(b"%PDF-1.7 erasure test"))
    Certificate.objects.filter(pk=certificate.pk).update(pdf=name)
    try:
        with (
            django_capture_on_commit_callbacks(execute=True) as ran,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            erase(robin, administrator, "Asked in writing")
            raise RuntimeError("the erasure failed after listing the files")
        assert ran == [] and storage.exists(name)
        assert Certificate.objects.get(pk=certificate.pk).pdf.name == name

        with django_capture_on_commit_callbacks(execute=True):
            erase(robin, administrator, "Asked in writing")
        assert not storage.exists(name) and Certificate.objects.get(pk=certificate.pk).pdf.name == ""
    finally:
        storage.delete(name)
