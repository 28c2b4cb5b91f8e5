"""Stop publishing an old signing key.

Every credential signed with a retired key stops verifying, for every board and wallet that
checks it, so retire a key only when it is compromised or when the credentials it signed
need no longer verify. The key that signs now cannot be retired: rotate first
(``manage.py rotate_signing_key``). Without ``--yes`` the command only explains."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from certificates.signing import CannotRetire, retire_key


class Command(BaseCommand):
    help = (
        "Retire a signing key: remove it from the published key set (credentials it signed stop verifying)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("key_id", help="The key's id, as in /verify/issuer/jwks.json (kid).")
        parser.add_argument("--yes", action="store_true", help="Retire it; without this, only explain.")

    def handle(self, *args, key_id: str, yes: bool, **options) -> None:
        if not yes:
            self.stdout.write(
                f"Retiring {key_id} removes it from the published key set: every credential "
                "downloaded while it was signing will no longer verify (learners can download a "
                "fresh one, signed with the current key). Run again with --yes to retire it."
            )
            return
        try:
            row = retire_key(key_id)
        except CannotRetire as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Signing key {row.key_id} is retired and no longer published."))
