"""The periodic jobs and their schedule, run by APScheduler (``manage.py run_scheduler``).

The scheduler only enqueues: each job is a task of the Tasks API, done by the worker
(``db_worker``). Every job is idempotent (the outbox sends an email once per kind and key; a
renewal notice is recorded once per certificate and point; an attempt is graded once), so two
replicas each running a scheduler, or a job fired by hand as well, send each email once.
Times are the organisation's (``settings.TIME_ZONE``).
"""

from __future__ import annotations

from dataclasses import dataclass

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django_tasks import task

from assessments.quiz_attempts import submit_overdue_attempts
from certificates.renewal_notices import send_renewal_notices
from lms.data_export import sweep_expired
from lms.digest import weekly_digest_task
from outbox.delivery import sweep


@task()
def renewal_notices_task() -> int:
    return send_renewal_notices()


@task()
def outbox_sweep_task() -> int:
    return sweep()


@task()
def overdue_attempts_task() -> int:
    return submit_overdue_attempts()


@task()
def data_exports_sweep_task() -> int:
    return sweep_expired()


@dataclass(frozen=True)
class Job:
    name: str
    task: object
    cron: dict  # CronTrigger fields
    what: str


JOBS = (
    Job(
        "weekly_digest",
        weekly_digest_task,
        {"day_of_week": "mon", "hour": 7, "minute": 0},
        "supervisors' weekly digest",
    ),
    Job(
        "renewal_notices",
        renewal_notices_task,
        {"hour": 6, "minute": 30},
        "emails before certificates expire",
    ),
    Job("outbox_sweep", outbox_sweep_task, {"minute": "*/15"}, "emails a lost task left waiting"),
    Job("overdue_attempts", overdue_attempts_task, {"minute": "5-59/15"}, "quiz attempts past their time"),
    Job(
        "data_exports_sweep",
        data_exports_sweep_task,
        {"hour": 3, "minute": 20},
        "learners' data ZIPs past their 7 days, deleted",
    ),
)


def enqueue(name: str):
    """Queue one job's task now (what the scheduler does on time, and ``--now`` by hand)."""
    job = next(job for job in JOBS if job.name == name)
    return job.task.enqueue()


def configure(scheduler: BaseScheduler) -> BaseScheduler:
    """Add every job to ``scheduler``: a missed run is made once (coalesced) within an hour."""
    for job in JOBS:
        scheduler.add_job(
            enqueue,
            CronTrigger(timezone=settings.TIME_ZONE, **job.cron),
            args=[job.name],
            id=job.name,
            name=job.what,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
            replace_existing=True,
        )
    return scheduler
