"""Run the periodic jobs on schedule (no cron needed): ``make run`` and the production worker start it."""

import contextlib

from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.core.management.base import BaseCommand

from lms.scheduling import JOBS, configure, enqueue


class Command(BaseCommand):
    help = "Queue the periodic jobs (weekly digest, renewal notices, outbox sweep) on their schedule."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--list", action="store_true", help="List the jobs and their next run, then stop."
        )
        parser.add_argument("--now", choices=[job.name for job in JOBS], help="Queue one job now, then stop.")

    def handle(self, *args, **options) -> None:
        if options["now"]:
            enqueue(options["now"])
            self.stdout.write(f"Queued {options['now']}.")
            return
        scheduler = configure(BlockingScheduler(timezone=settings.TIME_ZONE))
        if options["list"]:
            for job in JOBS:
                trigger = scheduler.get_job(job.name).trigger
                self.stdout.write(f"{job.name}: {job.what}; {trigger}")
            return
        if options["verbosity"]:
            self.stdout.write("Scheduler running: " + ", ".join(job.name for job in JOBS))
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
