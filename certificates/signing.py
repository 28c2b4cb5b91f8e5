"""The organisation's Ed25519 signing key for Open Badges credentials, and signing with it.

Where the key comes from, first match wins:

1. ``settings.GROUNDWORK_SIGNING_KEY_PEM``, or, when the settings do not define that name, the
   environment variable of the same name: an Ed25519 private key in PKCS#8 PEM
   (``openssl genpkey -algorithm ed25519``). Newlines may be written as ``\\n`` in one-line
   environment files. Its key id is the key's RFC 7638 JWK thumbprint, so it stays the same for
   as long as the key does. Nothing is written to the database.
2. The newest active ``SigningKey`` row: ``manage.py rotate_signing_key`` adds a newer one, which
   signs from then on.
3. Otherwise a key is generated once and kept in the database under the fixed key id
   ``GENERATED_KEY_ID``, by ``ensure_key``: when a certificate is issued, or by
   ``manage.py ensure_signing_key``; never by a GET. ``get_or_create`` on that unique id means two
   processes racing to create it end up with the same key.

Rotation never breaks an earlier credential: the published key set (``published_keys``) lists the
settings key and every stored key not yet retired, each by its ``kid``, so a credential signed by
an older key still verifies. Retiring a key (``manage.py retire_signing_key``) is a separate,
deliberate step: it removes the key from the key set, after which credentials signed with it no
longer verify; the key that signs now cannot be retired.

Private keys never go into the repository: the database (SQLite beside the code is git-ignored)
or the environment only.
"""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from joserfc import jws
from joserfc.errors import SecurityWarning
from joserfc.jwk import OKPKey

from .models import SigningKey

SETTING = "GROUNDWORK_SIGNING_KEY_PEM"
ALGORITHM = "EdDSA"
CURVE = "Ed25519"
GENERATED_KEY_ID = "groundwork-ed25519-1"

# RFC 9864 deprecates the polymorphic "EdDSA" name in favour of "Ed25519". Verifiers of Open
# Badges and VC-JWT still expect "EdDSA", and with an Ed25519 key the signature is the same, so
# the rename notice joserfc raises on every signature is only noise here.
warnings.filterwarnings("ignore", message="EdDSA is deprecated", category=SecurityWarning)


class MissingKey(ImproperlyConfigured):
    """No key to sign with: none configured, and none generated yet."""


@dataclass(frozen=True)
class OrganisationKey:
    key_id: str
    private_key: OKPKey
    source: str  # "settings" or "database"

    @property
    def public_jwk(self) -> dict:
        """The public half as a JWK, never with ``d``."""
        public = self.private_key.as_dict(private=False)
        return {
            "kty": public["kty"],
            "crv": public["crv"],
            "x": public["x"],
            "kid": self.key_id,
            "alg": ALGORITHM,
            "use": "sig",
        }


def _configured_pem() -> str:
    value = getattr(settings, SETTING) if hasattr(settings, SETTING) else os.environ.get(SETTING)
    return (value or "").strip().replace("\\n", "\n")


def _load(pem: str, origin: str) -> OKPKey:
    try:
        key = OKPKey.import_key(pem)
    except Exception as error:  # joserfc and cryptography raise several kinds for bad input
        raise ImproperlyConfigured(f"{origin} is not an Ed25519 private key in PEM: {error}") from None
    if key.curve_name != CURVE or not key.is_private:
        raise ImproperlyConfigured(f"{origin} must be an Ed25519 private key.")
    return key


def _generate() -> tuple[str, dict]:
    key = OKPKey.generate_key(CURVE)
    pem = key.as_pem(private=True).decode()
    return pem, OrganisationKey(GENERATED_KEY_ID, key, "database").public_jwk


def _from_row(row: SigningKey) -> OrganisationKey:
    return OrganisationKey(row.key_id, _load(row.private_key_pem, f"SigningKey {row.key_id}"), "database")


def find_key() -> OrganisationKey | None:
    """The key that signs credentials now (see the module docstring for the order), or ``None``
    when none is set up yet. Reads only: a public GET may call it."""
    pem = _configured_pem()
    if pem:
        key = _load(pem, SETTING)
        return OrganisationKey(key.thumbprint(), key, "settings")
    row = SigningKey.objects.filter(active=True, algorithm=ALGORITHM).order_by("-created_at", "-pk").first()
    if row is None:
        return None
    return _from_row(row)


def published_keys() -> list[OrganisationKey]:
    """Every key a verifier may need: the one that signs now first, then each stored key not
    retired yet, newest first. Reads only."""
    keys: list[OrganisationKey] = []
    pem = _configured_pem()
    if pem:
        key = _load(pem, SETTING)
        keys.append(OrganisationKey(key.thumbprint(), key, "settings"))
    rows = SigningKey.objects.filter(active=True, algorithm=ALGORITHM).order_by("-created_at", "-pk")
    keys.extend(_from_row(row) for row in rows if all(row.key_id != key.key_id for key in keys))
    return keys


def active_key() -> OrganisationKey:
    """The key that signs credentials now; never creates one (see ``ensure_key``)."""
    key = find_key()
    if key is None:
        raise MissingKey(
            f"No signing key is set up: set {SETTING}, or run `manage.py ensure_signing_key` "
            "(issuing a certificate also creates one)."
        )
    return key


def ensure_key() -> OrganisationKey:
    """The key that signs credentials, generated and stored first when there is none. Called when
    a certificate is issued and by ``manage.py ensure_signing_key``, never on a GET, so every
    certificate's credential can be signed without a request writing to the database."""
    key = find_key()
    if key is not None:
        return key
    private_pem, public_jwk = _generate()
    with transaction.atomic():
        row, _ = SigningKey.objects.get_or_create(
            key_id=GENERATED_KEY_ID,
            defaults={"algorithm": ALGORITHM, "private_key_pem": private_pem, "public_jwk": public_jwk},
        )
    if not row.active:
        raise MissingKey(
            f"The generated signing key {GENERATED_KEY_ID} is deactivated and no other key is active: "
            f"activate a SigningKey or set {SETTING}."
        )
    return _from_row(row)


def sign_compact(payload: dict, header: dict, key: OrganisationKey | None = None) -> str:
    """A compact JWS (EdDSA) of ``payload`` serialised as JSON, with ``header`` as the protected header."""
    key = key or active_key()
    protected = {**header, "alg": ALGORITHM}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return jws.serialize_compact(protected, body, key.private_key, algorithms=[ALGORITHM])


def rotate_key() -> OrganisationKey:
    """Add a new stored key, which signs every credential from now on; earlier keys stay
    published (and earlier credentials verifiable) until retired."""
    if _configured_pem():
        raise ImproperlyConfigured(
            f"Credentials are signed with the key in {SETTING}: rotate by setting a new key there. "
            "Keys stored in the database stay published until retired."
        )
    key = OKPKey.generate_key(CURVE)
    key_id = f"groundwork-ed25519-{key.thumbprint()[:22]}"
    organisation_key = OrganisationKey(key_id, key, "database")
    SigningKey.objects.create(
        key_id=key_id,
        algorithm=ALGORITHM,
        private_key_pem=key.as_pem(private=True).decode(),
        public_jwk=organisation_key.public_jwk,
    )
    return organisation_key


class CannotRetire(ImproperlyConfigured):
    """The key is unknown, already retired, or the one that signs now."""


def retire_key(key_id: str) -> SigningKey:
    """Stop publishing a stored key: credentials it signed no longer verify from then on. The key
    that signs now cannot be retired (rotate first), so there is always one to sign with."""
    with transaction.atomic():
        row = SigningKey.objects.select_for_update().filter(key_id=key_id, active=True).first()
        if row is None:
            raise CannotRetire(f"No published signing key has the id {key_id!r}.")
        signing = find_key()
        if signing is not None and signing.key_id == row.key_id:
            raise CannotRetire(
                f"{key_id} signs credentials now: run `manage.py rotate_signing_key` first, "
                "then retire this key once credentials signed with it need no longer verify."
            )
        row.active, row.retired_at = False, timezone.now()
        row.save(update_fields=["active", "retired_at"])
    return row
