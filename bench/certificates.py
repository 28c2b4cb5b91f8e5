"""Certificate figures: one warm PDF render (with two objectives, and with twelve long ones,
which takes the compact layout), and issuing and rendering a thousand certificates.

The thousand go through the real pipeline: each learner completes the module with
``record_step_complete``, which issues the certificate and, after commit, queues its render and
its email in the database task backend (``django_tasks_db``, as in production). The timed run then
drains that queue with django-tasks-db's own ``db_worker`` loop, run in this process in batch
mode: the runner's test database is SQLite in memory, which a second process cannot open, so it is
one worker on one core, not the two worker processes a deployment would run.

Both figures print the organisation's branding (a logo and a signature image), and write their
files to a scratch media folder that is removed when the run ends.
"""

from __future__ import annotations

import atexit
import itertools
import json
import shutil
import tempfile
from dataclasses import dataclass

import wagtail_factories
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test.utils import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from wagtail.models import Site

from bench.runner import benchmark, catalogue
from certificates.codes import new_code
from certificates.models import Certificate, CertificateEvent
from certificates.rendering import certificate_pdf
from courses.models import CoursePage
from courses.progress import record_step_complete
from lms.models import OrganisationSettings
from tests.factories import UserFactory, build_module

LEARNERS = 1_000
OBJECTIVE = "Plan a conversation about limits with a person in crisis, using the peer values of choice"
_batches = itertools.count(1)


class WrongResult(AssertionError):
    """The timed work did not produce what it should have."""


def _scratch_media() -> None:
    """Rendered files go to a temporary folder for this run, not the test media folder."""
    if getattr(settings, "BENCH_SCRATCH_MEDIA", False):
        return
    folder = tempfile.mkdtemp(prefix="groundwork-bench-media-")
    override_settings(MEDIA_ROOT=folder, BENCH_SCRATCH_MEDIA=True).enable()
    atexit.register(shutil.rmtree, folder, ignore_errors=True)


def _module(
    lessons: int, objectives: int = 2, title: str = "Sharing your story safely"
) -> tuple[CoursePage, list]:
    """A module on a branded site: the certificate carries a logo and a signature image."""
    _scratch_media()
    index = catalogue()
    branding = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    if branding.logo_id is None:
        branding.organisation_name = "Harbour Peer Network"
        branding.signatory_name, branding.signatory_role = "Morgan Reyes", "Head of Peer Practice"
        branding.accreditation_statement = "Approved CPD provider no. 4411 with the Peer Workforce Board."
        branding.logo = wagtail_factories.ImageFactory(title="Logo")
        branding.signature = wagtail_factories.ImageFactory(title="Signature")
        branding.save()
    items = [{"type": "objective", "value": f"{OBJECTIVE} ({n})."} for n in range(1, objectives + 1)]
    return build_module(index, lessons=lessons, title=title, objectives=json.dumps(items))


def _drain_queue() -> int:
    """Run every queued task with the database backend's worker loop, in this process; return
    how many of them failed."""
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench",
        excluded_queue_names=[],
    ).run()
    return DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count()


# One warm render


def an_issued_certificate(objectives: int = 2, title: str = "Sharing your story safely") -> Certificate:
    module, lessons = _module(lessons=1, objectives=objectives, title=title)
    learner = UserFactory(first_name="Dee", last_name="Okafor")
    for lesson in lessons:
        record_step_complete(learner, lesson, module)
    certificate = Certificate.objects.get(user=learner, module=module)
    certificate_pdf(certificate)  # warm: templates, stylesheet, fonts and the QR encoder are loaded
    return certificate


def with_a_new_code(certificate: Certificate) -> Certificate:
    """Each timed render is of a different certificate as far as the PDF goes (a new code, so a new
    link and QR code), so that nothing kept from the last render flatters the figure."""
    certificate.code = new_code()
    return certificate


@benchmark("certificate: warm PDF render", target_ms=80, setup=an_issued_certificate, prepare=with_a_new_code)
def warm_render(certificate: Certificate) -> None:
    pdf = certificate_pdf(certificate)
    if not pdf.startswith(b"%PDF-") or certificate.code.encode() not in pdf:
        raise WrongResult("the render did not produce this certificate's PDF")


def a_certificate_with_twelve_objectives() -> Certificate:
    return an_issued_certificate(objectives=12, title="Staying with someone in crisis, and ending well")


@benchmark(
    "certificate: warm PDF render, 12 objectives",
    target_ms=80,
    setup=a_certificate_with_twelve_objectives,
    prepare=with_a_new_code,
)
def warm_render_twelve_objectives(certificate: Certificate) -> None:
    warm_render(certificate)


# A thousand, issued and rendered


@dataclass
class Cohort:
    module: CoursePage
    lessons: list
    learners: list[User]


def a_module() -> tuple[CoursePage, list]:
    return _module(lessons=2)


def a_cohort(module_and_lessons: tuple[CoursePage, list]) -> Cohort:
    """A thousand new learners, and an empty task queue (earlier figures' tasks run untimed)."""
    if _drain_queue():
        raise WrongResult("a task queued before this figure failed")
    module, lessons = module_and_lessons
    batch = next(_batches)
    password = make_password(None)
    learners = User.objects.bulk_create(
        User(
            username=f"cohort{batch}-{n}",
            first_name=f"Learner {n}",
            last_name=f"Cohort {batch}",
            email=f"cohort{batch}-{n}@example.org",
            password=password,
        )
        for n in range(LEARNERS)
    )
    return Cohort(module, lessons, learners)


@benchmark(
    f"certificates: issue and render {LEARNERS:,} (db_worker loop, in-process, 1 worker)",
    target_ms=120_000,
    setup=a_module,
    prepare=a_cohort,
    runs=1,
    warmup=0,
)
def issue_and_render(cohort: Cohort) -> None:
    for learner in cohort.learners:
        for lesson in cohort.lessons:
            record_step_complete(learner, lesson, cohort.module)
    failed = _drain_queue()
    certificates = Certificate.objects.filter(user__in=cohort.learners, module=cohort.module)
    rendered = certificates.exclude(pdf="").count()
    events = CertificateEvent.objects.filter(
        certificate__in=certificates, kind=CertificateEvent.Kind.RENDERED
    ).count()
    if failed or rendered != LEARNERS or events != LEARNERS:
        raise WrongResult(
            f"{rendered} PDFs and {events} render events for {LEARNERS} learners; {failed} tasks failed"
        )
