"""Add a new signing key for Open Badges credentials; it signs every credential from now on.

Earlier keys stay in the published key set, so credentials signed before the rotation still
verify. Retiring an old key is a separate step (``manage.py retire_signing_key``)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from certificates.signing import published_keys, rotate_key


class Command(BaseCommand):
    help = "Add a new credential signing key and sign with it from now on; earlier keys stay published."

    def handle(self, *args, **options) -> None:
        try:
            key = rotate_key()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        others = [other.key_id for other in published_keys() if other.key_id != key.key_id]
        self.stdout.write(self.style.SUCCESS(f"Signing key {key.key_id} signs credentials from now on."))
        if others:
            self.stdout.write(
                "Still published, so credentials they signed keep verifying: "
                + ", ".join(others)
                + ".\nRetire one only when its credentials need no longer verify: "
                "`manage.py retire_signing_key <key id>`."
            )
