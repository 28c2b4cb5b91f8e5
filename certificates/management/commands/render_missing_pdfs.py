"""Queue the rendering of every certificate whose stored PDF is not current (missing, or rendered
before a revocation). A download GET never stores a file, so this is how files lost from storage,
or left stale by an install older than revocation's queued re-render, come back. Safe to run again."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from certificates.models import Certificate
from certificates.rendering import render_certificate


class Command(BaseCommand):
    help = "Queue a fresh PDF for each certificate whose stored file is missing or predates its revocation."

    def handle(self, *args, **options) -> None:
        queued = 0
        for certificate in Certificate.objects.only("pk", "pdf", "revoked_at").iterator():
            if not certificate.pdf_is_current():
                render_certificate.enqueue(certificate.pk)
                queued += 1
        self.stdout.write(self.style.SUCCESS(f"Queued {queued} certificate PDF(s) for rendering."))
