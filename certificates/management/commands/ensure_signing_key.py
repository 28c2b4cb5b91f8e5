"""Create the organisation's signing key for Open Badges credentials when there is none.

Issuing a certificate creates it too; run this at deployment so the issuer's public key set is
published before the first certificate, and on an install whose certificates predate that rule."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from certificates.signing import ensure_key


class Command(BaseCommand):
    help = "Create the credential signing key if none is configured or stored (safe to run again)."

    def handle(self, *args, **options) -> None:
        key = ensure_key()
        self.stdout.write(self.style.SUCCESS(f"Signing key {key.key_id} ({key.source}) is ready."))
