"""Backfill certificates for module completions that have none (recorded before certificates
existed, or while issuing was broken). Safe to run again: a completion gets one certificate."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import IntegrityError

from certificates.issuing import issue
from certificates.models import Certificate
from courses.models import ModuleCompletion

BAR_WIDTH = 30
BATCH_SIZE = 500


class Command(BaseCommand):
    help = "Issue the missing certificate of every module completion that has none, with a progress bar."

    def handle(self, *args, **options) -> None:
        missing = ModuleCompletion.objects.filter(certificate__isnull=True)
        orphaned = missing.filter(module__isnull=True).count()
        # The ids first, so that the rows being issued never shift under a running cursor.
        ids = list(
            missing.filter(module__isnull=False).order_by("completed_at", "pk").values_list("pk", flat=True)
        )
        show_bar = options["verbosity"] > 0 and bool(ids)
        issued = done = 0
        for start in range(0, len(ids), BATCH_SIZE):
            batch = ModuleCompletion.objects.filter(pk__in=ids[start : start + BATCH_SIZE])
            for completion in batch.select_related("user", "module").order_by("completed_at", "pk"):
                issued += self.issue_one(completion)
                done += 1
                if show_bar:
                    self.progress(done, len(ids))
        if show_bar:
            self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Issued {issued} missing certificate(s)."))
        if orphaned:
            self.stdout.write(f"Skipped {orphaned} completion(s) whose module has been deleted.")

    @staticmethod
    def issue_one(completion: ModuleCompletion) -> bool:
        if completion.module is None or Certificate.objects.filter(completion_id=completion.pk).exists():
            return False  # the module was deleted, or it was issued meanwhile
        try:
            issue(completion, completion.module.specific)
        except IntegrityError:  # issued concurrently (the completion's own transaction, another run)
            return False
        return True

    def progress(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total
        self.stdout.write(f"\r[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
