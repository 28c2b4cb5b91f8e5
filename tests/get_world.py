"""A world with one of everything a GET can be asked about, and the values to fill URLs from it.

Used by ``test_get_changes_nothing``: each record a view reads exists in the states that have
tripped views before (a timed attempt out of time and never submitted, a certificate revoked
after its PDF was rendered, a PDF missing from storage, a run in progress and one ended, a
reflection shared with the supervisor, a ZIP export ready and one still pending).
"""

from __future__ import annotations

import datetime
import itertools
import json
import uuid

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, Page, PageSubscription, PageViewRestriction
from wagtail.users.models import UserProfile

from assessments import reflections as journal
from assessments import scenario_runs
from assessments.models import QuizAttempt
from assessments.selection import build_snapshot
from certificates.exports import manifest_name, request_name, write_json
from certificates.models import Certificate, CertificateEvent, RenewalEmailChoice, RenewalNotice
from certificates.revocation import revoke
from certificates.storage import private_storage
from courses.models import ContentNoteAcknowledgement
from courses.progress import complete_module, enrol, record_step_complete
from lms.models import Assignment, Observation, Reminder, SignOff
from tests.factories import (
    LessonPageFactory,
    QuizPageFactory,
    ScenarioPageFactory,
    TeamFactory,
    UserFactory,
    build_module,
    build_site,
)

REFLECTION_BLOCK = str(uuid.uuid4())
ZIP_READY, ZIP_PENDING = "zip-ready-token", "zip-pending-token"


def _stand_in_pdf(certificate: Certificate) -> None:
    """A stored PDF and its RENDERED event, as the rendering task leaves them."""
    name = private_storage().save(
        f"certificates/{certificate.code}.pdf", ContentFile(b"%PDF-1.7 stand-in " + certificate.code.encode())
    )
    Certificate.objects.filter(pk=certificate.pk).update(pdf=name)
    CertificateEvent.objects.create(certificate=certificate, kind=CertificateEvent.Kind.RENDERED)
    certificate.refresh_from_db()


def _lessons(module):
    noted = LessonPageFactory(parent=module, content_note="Describes a restraint in a hospital.")
    reflective = LessonPageFactory(
        parent=module,
        body=json.dumps(
            [
                {"type": "text", "value": "<p>Read this.</p>"},
                {"type": "reflection", "id": REFLECTION_BLOCK, "value": {"prompt": "What would you do?"}},
            ]
        ),
    )
    return noted, reflective


def _attempts(learner, quiz, module):
    """One submitted attempt, and one timed attempt past its deadline that nobody submitted."""
    started = timezone.now() - datetime.timedelta(hours=2)
    common = {"user": learner, "quiz": quiz, "module": module, "quiz_title": quiz.title}
    snapshot = build_snapshot(quiz, list(quiz.questions.all()), __import__("random").Random(1))
    submitted = QuizAttempt.objects.create(
        **common,
        number=1,
        snapshot=snapshot,
        started_at=started,
        submitted_at=started + datetime.timedelta(minutes=3),
        score=50,
        passed=False,
    )
    out_of_time = QuizAttempt.objects.create(
        **common,
        number=2,
        snapshot=snapshot,
        started_at=started + datetime.timedelta(minutes=10),
        deadline=started + datetime.timedelta(minutes=15),
    )
    return out_of_time, submitted


def _runs(learner, scenario, finished_scenario):
    """The learner's run in progress on one scenario, and a run that reached an ending on another."""
    in_progress = scenario_runs.start_run(learner, scenario)
    ended = scenario_runs.start_run(learner, finished_scenario)
    steps = {step["key"]: step for step in finished_scenario.graph[0]}
    for key in ("start", "middle"):
        choice = next(c for c in steps[key]["choices"] if c["next"] in {"middle", "good"})
        ended = scenario_runs.choose(ended, finished_scenario, choice["id"], ended.sequence)
    assert ended.is_ended
    return in_progress, ended


def build_world() -> dict:
    index = build_site()
    module, (plain,) = build_module(index, lessons=1, title="Boundaries")
    noted, reflective = _lessons(module)
    quiz = QuizPageFactory(parent=module, time_limit_minutes=5)
    scenario = ScenarioPageFactory(parent=module)
    finished_scenario = ScenarioPageFactory(parent=module)
    renewed, renewed_lessons = build_module(index, lessons=1, title="Humility")
    lost, lost_lessons = build_module(index, lessons=1, title="Safety")
    restricted, _ = build_module(index, lessons=1, title="Restricted")

    learner = UserFactory(username="sam", first_name="Sam", last_name="Rivera")
    other = UserFactory(username="alex", first_name="Alex")
    supervisor = UserFactory(username="jordan")
    editor = UserFactory(username="priya")
    editor.groups.add(Group.objects.get(name="Editors"))
    admin = UserFactory(username="boss", is_superuser=True, is_staff=True)
    team = TeamFactory(name="Night shift")
    team.supervisors.add(supervisor)
    team.members.add(learner, other)
    for required in (module, renewed):
        Assignment.objects.create(team=team, module=required, due_on=timezone.localdate())

    enrol(learner, module)
    record_step_complete(learner, plain, module)
    ContentNoteAcknowledgement.objects.create(user=other, page=noted)
    out_of_time, submitted = _attempts(learner, quiz, module)
    in_progress, ended = _runs(learner, scenario, finished_scenario)
    private, shared = (
        journal.save_reflection(
            learner, prompt=prompt, text=text, source_title=page.title, source_page=page, source_key=key
        )
        for prompt, text, page, key in [
            ("What helped?", "A private thought.", scenario, "good"),
            ("What would you do?", "A shared thought.", reflective, REFLECTION_BLOCK),
        ]
    )
    journal.share(shared)

    current = Certificate.objects.get(completion=complete_module(learner, renewed))
    _stand_in_pdf(current)
    revoked = Certificate.objects.get(completion=complete_module(other, renewed))
    _stand_in_pdf(revoked)
    revoke(revoked, admin, "Issued in error.")
    missing = Certificate.objects.get(completion=complete_module(learner, lost))
    Certificate.objects.filter(pk=missing.pk).update(pdf=f"certificates/{missing.code}-gone.pdf")
    RenewalNotice.objects.create(
        certificate=current, days_before=30, handled_at=timezone.now(), outcome="sent"
    )
    RenewalEmailChoice.objects.create(user=other, wants_emails=False)

    today = timezone.localdate()
    Observation.objects.create(
        member=learner,
        team=team,
        module=renewed,
        module_title=renewed.title,
        observed_on=today,
        observer=supervisor,
        observer_name="Jordan",
        scores={"safety": 3},
        strengths="Calm.",
    )
    SignOff.objects.create(
        member=other,
        team=team,
        signed_by=supervisor,
        signer_name="Jordan",
        signer_role="Lead",
        signed_on=today,
        valid_until=today + datetime.timedelta(days=365),
        reporting_route_explained=True,
        boundaries_agreement_acknowledged=True,
        supervision_attended=True,
        evidence=[],
    )
    Reminder.objects.create(
        team=team,
        user=learner,
        module=module,
        module_title=module.title,
        standing="overdue",
        standing_date=today,
        sent_by=supervisor,
        emailed_at=timezone.now(),
    )

    write_json(
        manifest_name(ZIP_READY),
        {
            "name": private_storage().save(
                f"certificate-exports/{ZIP_READY}.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18)
            ),
            "filename": "humility-certificates.zip",
            "count": 2,
        },
    )
    write_json(request_name(ZIP_PENDING), {"pending": True, "count": 300})

    document = Document(title="Policy", file=ContentFile(b"policy text", name="policy.txt"))
    document._set_document_file_metadata()  # size and hash, as Wagtail's upload form sets them
    document.save()
    secret = Collection.get_first_root_node().add_child(name="Staff only")
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=secret, restriction_type="password", password="s3cret"
    )
    page_restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type="password", password="s3cret"
    )
    Redirect.objects.create(old_path="/old-boundaries", redirect_page=module)
    noted.get_workflow().start(noted, editor)  # a page in moderation: a workflow and a task state
    EditingSession.objects.create(user=editor, content_object=noted, last_seen_at=timezone.now())
    for user in (learner, other, supervisor, editor, admin):
        UserProfile.get_for_user(user)  # Wagtail makes it on first sight: not a GET's doing
    for user, page in itertools.product((editor, admin), Page.objects.all()):
        # Wagtail's page editor subscribes its user to comment notices (get_or_create) on GET
        PageSubscription.objects.create(user=user, page=page, comment_notifications=False)

    return locals() | {
        "users": {
            "learner": learner,
            "other": other,
            "supervisor": supervisor,
            "editor": editor,
            "admin": admin,
        }
    }
