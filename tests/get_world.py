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
import random
import uuid

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, Page, PageSubscription, PageViewRestriction
from wagtail.users.models import UserProfile

from access_log.recording import Kind, record_view
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
from lms.models import Assignment, Invitation, Observation, Reminder, SignOff
from tests.factories import (
    LessonPageFactory,
    QuizPageFactory,
    ScenarioPageFactory,
    TeamFactory,
    UserFactory,
    build_module,
    build_site,
)
from tests.ledger.factories import build_ledger_world

REFLECTION_BLOCK = str(uuid.uuid4())
ZIP_READY, ZIP_PENDING = "zip-ready-token", "zip-pending-token"
MISSING_ID = 987654  # for a kwarg naming a model that has no rows in the world: the view's 404 path


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
    snapshot = build_snapshot(quiz, list(quiz.questions.all()), random.Random(1))
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
    stranger = UserFactory(username="casey")  # supervises another team, not the learner's
    editor = UserFactory(username="priya")
    editor.groups.add(Group.objects.get(name="Editors"))
    admin = UserFactory(username="boss", is_superuser=True, is_staff=True)
    team = TeamFactory(name="Night shift")
    team.supervisors.add(supervisor)
    team.members.add(learner, other)
    other_team = TeamFactory(name="Day shift")
    invitation = Invitation(user=UserFactory(username="newcomer", is_active=False), expires_at=timezone.now())
    invitation_token = invitation.issue_token()  # an invitation waiting to be accepted, and its link
    invitation.save()
    other_team.supervisors.add(stranger)
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
    record_view(supervisor, learner.pk, Kind.TEAM_RECORD, team.name)  # for "who has seen my record"

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
    ledger = build_ledger_world(learner)  # an external activity, a held credential, a transcript

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
    # Wagtail's own get_or_create on a first visit (a user's admin profile; the page editor's
    # comment-notice subscription) is Wagtail's design, not ours: made here, so that the walk
    # still checks every other row of those tables.
    for user in (learner, other, supervisor, stranger, editor, admin):
        UserProfile.get_for_user(user)
    for user, page in itertools.product((editor, admin), Page.objects.all()):
        PageSubscription.objects.create(user=user, page=page, comment_notifications=False)
    del user, page  # loop variables, not part of the world

    return locals() | {
        "users": {
            "learner": learner,
            "other": other,
            "supervisor": supervisor,
            "other_supervisor": stranger,
            "editor": editor,
            "admin": admin,
        }
    }


class Values:
    """Candidate values for each URL kwarg, from the world; the kwarg's name says which kind."""

    def __init__(self, world: dict) -> None:
        w = self.world = world
        learner = w["learner"]
        self.by_name = {
            "module_id": [w["module"].pk],
            "step_id": [w["plain"].pk],
            "page_id": [w["noted"].pk, w["reflective"].pk, w["quiz"].pk, w["scenario"].pk],
            "parent_page_id": [w["module"].pk],
            "page_to_move_id": [w["plain"].pk],
            "destination_id": [w["index"].pk],
            "quiz_id": [w["quiz"].pk],
            "scenario_id": [w["scenario"].pk],
            "block_id": [REFLECTION_BLOCK],
            "run_id": [w["in_progress"].pk, w["ended"].pk],
            "attempt_id": [w["out_of_time"].pk, w["submitted"].pk],
            "number": [1, 2],
            "reflection_id": [w["shared"].pk, w["private"].pk],
            "code": [w["current"].code, w["revoked"].code, w["missing"].code],
            "team_id": [w["team"].pk],
            "transcript_code": [w["ledger"]["transcript"].code],
            "user_id": [learner.pk, w["other"].pk],
            "restriction_id": [w["collection_restriction"].pk],
            "page_view_restriction_id": [w["page_restriction"].pk],
            "uidb64": [urlsafe_base64_encode(force_bytes(learner.pk))],
            "filter_spec": ["original"],
            "action_name": ["approve"],
            "action": ["delete"],
            "revision_id_a": ["earliest"],
            "revision_id_b": ["latest"],
        }
        pages_ct = ("wagtailcore", "page")
        self.by_route = {  # (app, model) pairs and positional groups, by the route's name
            "wagtaildocs_serve": {"#0": [w["document"].pk], "#1": [w["document"].filename]},
            "wagtailadmin_pages:add": {
                "content_type_app_name": ["courses"],
                "content_type_model_name": ["lessonpage"],
            },
            "wagtailadmin_pages:preview_on_add": {
                "content_type_app_name": ["courses"],
                "content_type_model_name": ["lessonpage"],
            },
            "wagtailadmin_pages:type_use": {
                "content_type_app_name": ["assessments"],
                "content_type_model_name": ["quizpage"],
            },
            "wagtailadmin_pages:type_use_results": {
                "content_type_app_name": ["assessments"],
                "content_type_model_name": ["quizpage"],
            },
            "wagtailadmin_pages:choose_parent": {"app_label": ["courses"], "model_name": ["lessonpage"]},
            "wagtail_bulk_action": {"app_label": [pages_ct[0]], "model_name": [pages_ct[1]]},
            "wagtailadmin_tag_model_autocomplete": {"app_name": ["taggit"], "model_name": ["tag"]},
            "wagtailadmin_workflows:add_task": {
                "app_label": ["wagtailcore"],
                "model_name": ["groupapprovaltask"],
            },
            "wagtailadmin_editing_sessions:ping": {
                "app_label": [pages_ct[0]],
                "model_name": [pages_ct[1]],
                "object_id": [w["noted"].pk],
            },
            "wagtailsettings:edit": {"app_name": ["lms"], "model_name": ["organisationsettings"]},
            "wagtailsettings:preview_on_edit": {"app_name": ["lms"], "model_name": ["organisationsettings"]},
            "certificates_admin:zip_status": {"token": [ZIP_READY, ZIP_PENDING]},
            "invitation_accept": {"token": [w["invitation_token"], "not-a-token"]},
            "learning:my_data_download": {"token": [w["ledger"]["export"].token]},
            "certificates_admin:zip_download": {"token": [ZIP_READY, ZIP_PENDING]},
            # the emailed link (a token), then the address Django moves it to ("set-password")
            "password_reset_confirm": {
                "token": [default_token_generator.make_token(learner), "set-password"]
            },
            "wagtailadmin_password_reset_confirm": {
                "token": [default_token_generator.make_token(w["admin"]), "set-password"]
            },
        }
        self.pk_by_namespace = {
            "certificates_admin": [w["current"].pk, w["revoked"].pk, w["missing"].pk],
            "wagtailadmin_api:pages": [w["noted"].pk, w["quiz"].pk],
            "wagtailadmin_pages": [w["noted"].pk],  # revisions_compare's (?P<pk>)
            "wagtailadmin_collections": [w["secret"].pk],
            "wagtailadmin_workflows": None,  # edit/usage: workflows; *_task: tasks (by name below)
            "wagtailsettings": None,
        }

    def candidates(self, name: str, endpoint) -> list:
        route = self.by_route.get(endpoint.full_name, {})
        if name in route:
            return route[name]
        if name == "pk":
            return self._pks(endpoint)
        if name == "uidb64" and endpoint.full_name.startswith("wagtailadmin_"):
            return [urlsafe_base64_encode(force_bytes(self.world["admin"].pk))]
        if name == "page_id" and endpoint.full_name.startswith("wagtail"):
            return self.by_name[name][::2]  # in Wagtail's admin, a lesson and the quiz (a RoutablePage)
        if name in self.by_name:
            return self.by_name[name]
        if name.endswith("_id") or name.endswith("_pk"):
            return self._rows_of(name.rsplit("_", 1)[0].replace("_", ""), endpoint)
        return []

    def _pks(self, endpoint) -> list:
        model = endpoint.model
        if model is not None:
            preferred = sorted({v.pk for v in self.world.values() if isinstance(v, model)})
            return preferred[:2] or self._first(model)  # users: the learner and the other learner
        known = self.pk_by_namespace.get(endpoint.namespace)
        if known:
            return known
        from wagtail.models import Task, Workflow

        if endpoint.namespace == "wagtailadmin_workflows":
            return self._first(Task if "task" in (endpoint.name or "") else Workflow)
        if endpoint.namespace == "wagtailsettings":
            from lms.models import OrganisationSettings

            return self._first(OrganisationSettings)
        # the API's "documents" and "images" namespaces name their model
        return self._rows_of(endpoint.namespace.rsplit(":", 1)[-1].removesuffix("s"), endpoint)

    def _rows_of(self, model_name: str, endpoint) -> list:
        """The first row of the model the kwarg names (``image_id`` → Image). With no row, a
        Wagtail view gets an id that does not exist (its 404 path); one of ours gets nothing, so
        the walk fails until the world holds such a row."""
        aliases = {"doc": "document", "session": "editingsession"}
        model_name = aliases.get(model_name, model_name)
        for model in apps.get_models():
            if model._meta.model_name == model_name:
                rows = self._first(model)
                wagtails = getattr(endpoint.callback, "__module__", "").startswith("wagtail.")
                return rows if rows != [MISSING_ID] or wagtails else []
        return []

    @staticmethod
    def _first(model) -> list:
        return list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:1]) or [MISSING_ID]
