"""Each certificate as an Open Badges 3.0 ``OpenBadgeCredential``, signed as a VC-JWT.

The credential follows the W3C Verifiable Credentials Data Model 2.0 (``validFrom`` and
``validUntil``, the ``credentials/v2`` context) and the Open Badges 3.0.3 context. It is secured
as a compact JWS (Open Badges 3.0 §8.2, "VC-JWT"): header ``{"alg": "EdDSA", "kid": <jwks
URL>#<key id>, "typ": "JWT"}`` and no other parameter, as that section requires; the payload is the credential itself with the JWT claims Open Badges
requires beside it (``iss`` = issuer.id, ``jti`` = id, ``sub`` = credentialSubject.id, ``nbf`` =
validFrom, ``exp`` = validUntil when there is one).

Choices worth knowing:

- The holder is named by two Open Badges ``IdentityObject`` entries: their email address, salted
  and hashed (``identityType`` "emailAddress", ``sha256$<hex>`` of the lower-cased address
  followed by the salt), so a wallet can prove the credential is theirs without the address
  being readable; and their name, unhashed, since it is printed on the PDF and shown on the
  public verification page anyway and a board needs it as written. The salt differs for every
  certificate (an HMAC of its code with the site's secret), so two credentials of one learner
  cannot be linked through the hash.
- ``credentialSubject.id`` (needed for the JWT ``sub`` claim) is a ``urn:uuid`` derived from the
  credential URL: stable for this certificate, and it cannot link one learner's credentials.
- Revocation is published as a W3C Bitstring Status List: ``credentialStatus`` names the
  certificate's bit in a signed ``BitstringStatusListCredential`` at
  ``/verify/status/<list>.jwt`` (``status_lists``), so a copy downloaded before a revocation is
  reported revoked by any verifier that follows it. A revoked certificate's credential, signed
  afresh on download, also ends (``validUntil``, ``exp``) at the moment of revocation.
- ``image`` is the organisation's badge image: its logo when one is set, else Groundwork's badge.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import uuid
from decimal import Decimal

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from core.links import absolute_url, site_root_url
from core.organisation import organisation_settings

from . import status_lists
from .models import Certificate
from .signing import OrganisationKey, active_key, published_keys, sign_compact

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
JOSE_TYPE = "JWT"  # Open Badges 3.0 §8.2: "typ", if present, is "JWT"; no other header but alg and kid
ACHIEVEMENT_TYPE = "CertificateOfCompletion"
DEFAULT_BADGE_IMAGE = "img/badges/groundwork-badge.svg"


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


def identity_salt(certificate: Certificate) -> str:
    """A salt of the certificate's own, stable across downloads, never shared with another."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"identity:{certificate.code}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def hashed_email(email: str, salt: str) -> str:
    """Open Badges 3.0 ``identityHash``: ``sha256$`` and the hex digest of the address and salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def _identifiers(certificate: Certificate) -> list[dict]:
    identifiers = []
    email = certificate.user.email if certificate.user_id and certificate.user else ""
    if email:
        salt = identity_salt(certificate)
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": hashed_email(email, salt),
                "salt": salt,
            }
        )
    identifiers.append(
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": certificate.learner_name,
        }
    )
    return identifiers


def badge_image() -> dict:
    """The organisation's badge image as an Open Badges ``Image``."""
    logo = organisation_settings().logo
    url = ""
    if logo is not None:
        try:
            url = logo.file.url
        except ValueError:  # no file behind the image
            url = ""
    url = url or static(DEFAULT_BADGE_IMAGE)
    if not url.startswith(("http://", "https://")):
        url = absolute_url(url)
    return {"id": url, "type": "Image", "caption": organisation_settings().organisation_name}


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
        "image": badge_image(),
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
        "image": badge_image(),
        "validFrom": _timestamp(certificate.issued_at),
        "awardedDate": _timestamp(certificate.issued_at),
        "credentialSubject": {
            "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, credential_id + '#subject')}",
            "type": ["AchievementSubject"],
            "identifier": _identifiers(certificate),
            "creditsEarned": float(certificate.cpd_hours),
            "achievement": _achievement(certificate),
        },
    }
    ends = valid_until(certificate)
    if ends is not None:
        credential["validUntil"] = _timestamp(ends)
    status = status_lists.entry(certificate)
    if status is not None:
        credential["credentialStatus"] = status
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


def _signed(credential: dict) -> str:
    key = active_key()
    header = {"kid": key_reference(key), "typ": JOSE_TYPE}
    return sign_compact({**credential, **jwt_claims(credential)}, header, key)


def signed_credential(certificate: Certificate) -> tuple[dict, str]:
    """The credential and its VC-JWT (compact JWS signed with the organisation's key)."""
    credential = credential_for(certificate)
    return credential, _signed(credential)


def status_list_credential(number: int) -> dict | None:
    """List ``number`` as an unsigned ``BitstringStatusListCredential``, or None when no
    certificate has a place in it."""
    published = status_lists.published(number)
    if published is None:
        return None
    encoded, changed_at = published
    url = status_lists.list_url(number)
    return {
        "@context": [CONTEXTS[0]],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {
            "id": issuer_url(),
            "type": ["Profile"],
            "name": organisation_settings().organisation_name,
        },
        "validFrom": _timestamp(changed_at or timezone.now()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_lists.PURPOSE,
            "encodedList": encoded,
        },
    }


def signed_status_list(number: int) -> str | None:
    """List ``number``'s VC-JWT, signed like the credentials that point to it."""
    credential = status_list_credential(number)
    return _signed(credential) if credential is not None else None


def issuer_profile() -> dict:
    """The issuer's public Profile, with every published key (none listed before a key is set
    up: publishing the profile never creates one)."""
    keys = published_keys()
    references = [key_reference(key) for key in keys]
    profile_id = issuer_url()
    return {
        "@context": list(CONTEXTS),
        "id": profile_id,
        "type": ["Profile"],
        "name": organisation_settings().organisation_name,
        "url": site_root_url(),
        "verificationMethod": [
            {
                "id": key_reference(key),
                "type": "JsonWebKey",
                "controller": profile_id,
                "publicKeyJwk": key.public_jwk,
            }
            for key in keys
        ],
        "assertionMethod": references,
        "jwks_uri": jwks_url(),
    }


def key_set() -> dict:
    """The published key set: every key not retired, by ``kid``; empty until a key is set up."""
    return {"keys": [key.public_jwk for key in published_keys()]}
