"""Each certificate as an Open Badges 3.0 ``OpenBadgeCredential``, signed as a VC-JWT.

The credential follows the W3C Verifiable Credentials Data Model 2.0 (``validFrom`` and
``validUntil``, the ``credentials/v2`` context) and the Open Badges 3.0.3 context. It is secured
as a compact JWS (Open Badges 3.0 §8.2, "VC-JWT"): header ``{"alg": "EdDSA", "kid": <jwks
URL>#<key id>, "typ": "JWT"}`` and no other parameter, as that section requires; the payload is the credential itself with the JWT claims Open Badges
requires beside it (``iss`` = issuer.id, ``jti`` = id, ``sub`` = credentialSubject.id, ``nbf`` =
validFrom, ``exp`` = validUntil when there is one).

Choices worth knowing:

- The learner is named through an Open Badges ``IdentityObject`` (``identityType`` "name"),
  unhashed. The name is already printed on the PDF and shown on the public verification page; a
  name is guessable, so a salted hash with the salt shipped in the same credential would hide
  nothing, and a board reading the credential needs the plain name to match it to the person.
  No email address or account id goes into the credential.
- ``credentialSubject.id`` (needed for the JWT ``sub`` claim) is a ``urn:uuid`` derived from the
  credential URL: stable for this certificate, and it cannot link one learner's credentials.
- Revocation is not published as a status list. The credential is signed afresh on every
  download, so a revoked certificate's credential has ``validUntil`` (and ``exp``) set to the
  moment of revocation, and standard verifiers reject it from then on. The credential's
  ``description`` names the public verification page, which always shows the current status
  (valid, expired or revoked, with the date); copies downloaded before a revocation can only be
  checked there.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from core.links import absolute_url, site_root_url
from core.organisation import organisation_settings

from .models import Certificate
from .signing import OrganisationKey, active_key, find_key, sign_compact

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
JOSE_TYPE = "JWT"  # Open Badges 3.0 §8.2: "typ", if present, is "JWT"; no other header but alg and kid
ACHIEVEMENT_TYPE = "CertificateOfCompletion"


def issuer_url() -> str:
    return absolute_url(reverse("credential_issuer"))


def jwks_url() -> str:
    return absolute_url(reverse("credential_jwks"))


def key_reference(key: OrganisationKey) -> str:
    """The JOSE ``kid``: the published key set's URL with the key id as its fragment."""
    return f"{jwks_url()}#{key.key_id}"


def credential_url(certificate: Certificate) -> str:
    return absolute_url(reverse("certificate_credential", args=[certificate.code]))


def _timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """The last second of ``day`` in the site's time zone, the day certificate status is judged in."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def valid_until(certificate: Certificate) -> datetime.datetime | None:
    ends = _end_of_day(certificate.expires_on) if certificate.expires_on else None
    if certificate.revoked_at is not None:
        ends = certificate.revoked_at if ends is None else min(ends, certificate.revoked_at)
    return ends


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _achievement_id(certificate: Certificate) -> str:
    """One id per module, stable when the module is renamed or moved."""
    if certificate.module_id is not None:
        name = f"{issuer_url()}#module-{certificate.module_id}"
    else:
        name = f"{issuer_url()}#module-title-{certificate.module_title}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _achievement(certificate: Certificate) -> dict:
    hours = _hours(certificate.cpd_hours)
    description = f"{hours} CPD hours, category {certificate.cpd_category_label}"
    if certificate.ethics_hours:
        description += f", of which {_hours(certificate.ethics_hours)} ethics hours"
    description += f". Provider: {certificate.provider}."
    if certificate.delivery_format:
        description += f" Format: {certificate.delivery_format}."
    narrative = f"Completed every step of the module “{certificate.module_title}”."
    if certificate.objectives:
        narrative += " Learning objectives:\n" + "\n".join(f"- {item}" for item in certificate.objectives)
    return {
        "id": _achievement_id(certificate),
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPE,
        "name": certificate.module_title,
        "description": description,
        "criteria": {"narrative": narrative},
        "creditsAvailable": float(certificate.cpd_hours),
        "fieldOfStudy": certificate.cpd_category_label,
    }


def credential_for(certificate: Certificate) -> dict:
    """The unsigned ``OpenBadgeCredential`` for a certificate (the VC-JWT payload less JWT claims)."""
    credential_id = credential_url(certificate)
    verify_url = absolute_url(certificate.get_verification_path())
    credential = {
        "@context": list(CONTEXTS),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{certificate.module_title}: certificate {certificate.code}",
        "description": (
            f"Certificate {certificate.code} for completing “{certificate.module_title}”. "
            f"Its current status (valid, expired or revoked) is shown at {verify_url}"
        ),
        "issuer": {
            "id": issuer_url(),
            "type": ["Profile"],
            "name": certificate.provider,
            "url": site_root_url(),
        },
        "validFrom": _timestamp(certificate.issued_at),
        "awardedDate": _timestamp(certificate.issued_at),
        "credentialSubject": {
            "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, credential_id + '#subject')}",
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.learner_name,
                }
            ],
            "creditsEarned": float(certificate.cpd_hours),
            "achievement": _achievement(certificate),
        },
    }
    ends = valid_until(certificate)
    if ends is not None:
        credential["validUntil"] = _timestamp(ends)
    return credential


def jwt_claims(credential: dict) -> dict:
    """The registered JWT claims Open Badges 3.0 asks for beside the credential."""
    claims = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["id"],
        "nbf": int(datetime.datetime.fromisoformat(credential["validFrom"]).timestamp()),
    }
    if "validUntil" in credential:
        claims["exp"] = int(datetime.datetime.fromisoformat(credential["validUntil"]).timestamp())
    return claims


def signed_credential(certificate: Certificate) -> tuple[dict, str]:
    """The credential and its VC-JWT (compact JWS signed with the organisation's key)."""
    key = active_key()
    credential = credential_for(certificate)
    header = {"kid": key_reference(key), "typ": JOSE_TYPE}
    return credential, sign_compact({**credential, **jwt_claims(credential)}, header, key)


def issuer_profile(key: OrganisationKey | None = None) -> dict:
    """The issuer's public Profile, with the key credentials are signed with (none listed before
    a key is set up: publishing the profile never creates one)."""
    key = key or find_key()
    references = [key_reference(key)] if key else []
    profile_id = issuer_url()
    return {
        "@context": list(CONTEXTS),
        "id": profile_id,
        "type": ["Profile"],
        "name": organisation_settings().organisation_name,
        "url": site_root_url(),
        "verificationMethod": [
            {"id": reference, "type": "JsonWebKey", "controller": profile_id, "publicKeyJwk": key.public_jwk}
            for reference in references
        ],
        "assertionMethod": references,
        "jwks_uri": jwks_url(),
    }


def key_set(key: OrganisationKey | None = None) -> dict:
    """The published key set: empty until a key is set up."""
    key = key or find_key()
    return {"keys": [key.public_jwk] if key else []}
