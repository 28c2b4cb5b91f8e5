"""Open Badges 3.0 credentials: signed by the organisation's key, checked here with PyJWT (the
credential is signed with joserfc) against nothing but the published key set."""

import base64
import datetime
import hashlib
import io
import json

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from certificates.credentials import credential_for
from certificates.models import Certificate, SigningKey
from certificates.signing import MissingKey, active_key, ensure_key
from courses.progress import record_step_complete
from tests.factories import UserFactory

BASE = "https://learn.example.org"
pytestmark = pytest.mark.usefixtures("base_url")


@pytest.fixture
def base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    settings.GROUNDWORK_SIGNING_KEY_PEM = ""


@pytest.fixture
def certificate(module_with_lessons, learner):
    """A certificate issued the way a learner earns one: by completing every lesson."""
    module, lessons = module_with_lessons
    learner.first_name, learner.last_name = "Sam", "Rivera"
    learner.save()
    for lesson in lessons:
        record_step_complete(learner, lesson, module)
    return Certificate.objects.get(user=learner, module=module)


def credential_path(certificate):
    return reverse("certificate_credential", args=[certificate.code])


def published_key(client, token):
    """The public key as a verifier gets it: from the published key set, by the token's kid."""
    response = client.get(reverse("credential_jwks"))
    assert response.status_code == 200
    kid = jwt.get_unverified_header(token)["kid"].rpartition("#")[2]
    keys = {jwk["kid"]: jwk for jwk in response.json()["keys"]}
    assert all("d" not in jwk for jwk in keys.values())
    if kid not in keys:
        raise jwt.InvalidSignatureError(f"no published key {kid}")
    return jwt.PyJWK(keys[kid])


def verify(token, client, **options):
    return jwt.decode(
        token,
        key=published_key(client, token),
        algorithms=["EdDSA"],
        issuer=f"{BASE}/verify/issuer.json",
        **options,
    )


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def unb64(segment: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def test_the_owner_gets_a_credential_that_verifies_against_the_published_key(client, learner, certificate):
    client.force_login(learner)
    response = client.get(credential_path(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    body = response.json()
    token = body["jwt"]

    header = jwt.get_unverified_header(token)
    key = active_key()
    # Open Badges 3.0 §8.2: alg and kid, typ only as "JWT", and no other header parameter.
    assert header == {"alg": "EdDSA", "typ": "JWT", "kid": f"{BASE}/verify/issuer/jwks.json#{key.key_id}"}
    anonymous = client.__class__()
    payload = verify(token, anonymous)

    assert payload["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["id"] == payload["jti"] == f"{BASE}/verify/{certificate.code}/credential.json"
    assert payload["issuer"]["id"] == payload["iss"] == f"{BASE}/verify/issuer.json"
    assert payload["issuer"]["type"] == ["Profile"]
    assert payload["issuer"]["name"] == certificate.provider
    issued = certificate.issued_at.astimezone(datetime.UTC).replace(microsecond=0)
    assert payload["validFrom"] == issued.isoformat().replace("+00:00", "Z")
    assert payload["nbf"] == int(issued.timestamp())
    end_of_expiry_day = timezone.make_aware(
        datetime.datetime.combine(certificate.expires_on, datetime.time(23, 59, 59))
    )
    assert payload["exp"] == int(end_of_expiry_day.timestamp())
    assert "vc" not in payload

    subject = payload["credentialSubject"]
    assert subject["id"] == payload["sub"]
    assert subject["type"] == ["AchievementSubject"]
    email_identity, name_identity = subject["identifier"]
    assert name_identity == {
        "type": "IdentityObject",
        "identityType": "name",
        "hashed": False,
        "identityHash": "Sam Rivera",
    }
    # OB 3.0 IdentityObject: sha256 of the address followed by the salt; the address itself nowhere.
    assert email_identity["identityType"] == "emailAddress" and email_identity["hashed"] is True
    salt = email_identity["salt"]
    digest = hashlib.sha256((certificate.user.email.lower() + salt).encode()).hexdigest()
    assert email_identity["identityHash"] == f"sha256${digest}"
    assert certificate.user.email not in json.dumps(payload)
    assert payload["image"]["type"] == "Image" and payload["image"]["id"].startswith(BASE)
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == certificate.module_title
    assert achievement["achievementType"] == "CertificateOfCompletion"
    assert achievement["criteria"]["narrative"]
    assert achievement["creditsAvailable"] == float(certificate.cpd_hours)

    assert body["credential"] == credential_for(certificate)
    claims = {"iss", "jti", "sub", "nbf", "exp"}
    assert {name: value for name, value in payload.items() if name not in claims} == body["credential"]
    assert body["status"] == "valid" and body["revokedAt"] is None
    assert body["verificationUrl"] == f"{BASE}/verify/{certificate.code}/"


def test_a_tampered_credential_or_signature_is_rejected(client, learner, certificate):
    client.force_login(learner)
    token = client.get(credential_path(certificate)).json()["jwt"]
    header, payload, signature = token.split(".")

    forged = unb64(payload)
    forged["credentialSubject"]["achievement"]["name"] = "Advanced Module I Never Took"
    with pytest.raises(jwt.InvalidSignatureError):
        verify(f"{header}.{b64(forged)}.{signature}", client)

    middle = len(signature) // 2
    flipped = signature[:middle] + ("A" if signature[middle] != "A" else "B") + signature[middle + 1 :]
    with pytest.raises(jwt.InvalidSignatureError):
        verify(f"{header}.{payload}.{flipped}", client)

    other = Ed25519PrivateKey.generate()
    resigned = jwt.encode(unb64(payload), other, algorithm="EdDSA", headers=unb64(header))
    with pytest.raises(jwt.InvalidSignatureError):
        verify(resigned, client)

    assert verify(token, client)["credentialSubject"]["achievement"]["name"] == certificate.module_title


def test_another_learner_anonymous_and_malformed_codes_get_404(client, certificate):
    path = credential_path(certificate)
    anonymous = client.get(path)
    assert anonymous.status_code == 404
    assert "jwt" not in anonymous.json()

    client.force_login(UserFactory(username="alex"))
    assert client.get(path).status_code == 404
    unknown = reverse("certificate_credential", args=["GW-2222-3333-4444-5555"])
    assert client.get(unknown).status_code == 404
    for bad in ("nonsense", "GW-0000-0000-0000-0000", "<script>"):
        assert client.get(reverse("certificate_credential", args=[bad])).status_code == 404


def test_a_superuser_gets_any_credential_and_jwt_on_request(client, certificate):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(credential_path(certificate), HTTP_ACCEPT="application/vc+jwt")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert verify(response.content.decode(), client)["id"].endswith(f"/{certificate.code}/credential.json")


def test_a_revoked_certificate_is_still_served_but_no_longer_verifies(client, learner, certificate):
    revoked_at = timezone.now() - datetime.timedelta(minutes=5)
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_at=revoked_at, revoked_reason="Issued in error"
    )
    client.force_login(learner)
    body = client.get(credential_path(certificate)).json()
    assert body["status"] == "revoked"
    assert body["revokedAt"] == revoked_at.isoformat()
    assert body["credential"]["validUntil"] == revoked_at.astimezone(datetime.UTC).replace(
        microsecond=0
    ).isoformat().replace("+00:00", "Z")
    with pytest.raises(jwt.ExpiredSignatureError):
        verify(body["jwt"], client)
    assert verify(body["jwt"], client, options={"verify_exp": False})["credentialSubject"]


def test_the_issuer_profile_and_key_set_are_public(client, db):
    key = ensure_key()
    profile = client.get(reverse("credential_issuer"))
    assert profile.status_code == 200
    data = profile.json()
    assert data["id"] == f"{BASE}/verify/issuer.json"
    assert data["type"] == ["Profile"]
    assert data["name"]
    (method,) = data["verificationMethod"]
    assert method["id"] == f"{BASE}/verify/issuer/jwks.json#{key.key_id}"
    assert method["type"] == "JsonWebKey"
    assert method["publicKeyJwk"] == key.public_jwk
    assert "d" not in method["publicKeyJwk"]

    keys = client.get(reverse("credential_jwks")).json()
    assert keys == {"keys": [key.public_jwk]}
    (jwk,) = keys["keys"]
    assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["use"], jwk["kid"]) == (
        "OKP",
        "Ed25519",
        "EdDSA",
        "sig",
        key.key_id,
    )


def test_the_key_is_generated_once_and_kept_in_the_database(db):
    assert not SigningKey.objects.exists()
    first, second = ensure_key(), ensure_key()
    assert SigningKey.objects.count() == 1
    assert first.key_id == second.key_id == SigningKey.objects.get().key_id
    assert first.public_jwk == second.public_jwk == SigningKey.objects.get().public_jwk
    assert first.source == "database"


def test_a_key_from_settings_is_used_and_never_stored(client, learner, certificate):
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    raw_public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    expected_x = base64.urlsafe_b64encode(raw_public).rstrip(b"=").decode()

    stored = list(SigningKey.objects.values_list("key_id", flat=True))  # made when the certificate was issued
    with override_settings(GROUNDWORK_SIGNING_KEY_PEM=pem.replace("\n", "\\n")):
        key = ensure_key()
        assert key.source == "settings"
        assert key.public_jwk["x"] == expected_x
        # It signs; the stored key stays published, so credentials it signed still verify.
        jwk, *earlier = client.get(reverse("credential_jwks")).json()["keys"]
        assert jwk["x"] == expected_x
        assert [other["kid"] for other in earlier] == stored
        client.force_login(learner)
        token = client.get(credential_path(certificate)).json()["jwt"]
        assert jwt.get_unverified_header(token)["kid"].endswith(f"#{key.key_id}")
        # Checked against the key as the test made it, not as the application published it.
        payload = jwt.decode(token, key=private.public_key(), algorithms=["EdDSA"])
        assert payload["credentialSubject"]["achievement"]["name"] == certificate.module_title
    assert list(SigningKey.objects.values_list("key_id", flat=True)) == stored

    # Without the setting, credentials are signed by the database key, which the old key cannot verify.
    token = client.get(credential_path(certificate)).json()["jwt"]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, key=private.public_key(), algorithms=["EdDSA"])
    assert SigningKey.objects.count() == 1


def test_the_public_endpoints_never_create_a_key(client, db):
    """Before any certificate, the issuer and key set are served empty, and nothing is written."""
    assert client.get(reverse("credential_jwks")).json() == {"keys": []}
    profile = client.get(reverse("credential_issuer")).json()
    assert profile["verificationMethod"] == [] and profile["assertionMethod"] == []
    assert not SigningKey.objects.exists()
    with pytest.raises(MissingKey):
        active_key()


def test_issuing_a_certificate_creates_the_key_its_credential_is_signed_with(client, learner, certificate):
    (row,) = SigningKey.objects.all()
    client.force_login(learner)
    token = client.get(credential_path(certificate)).json()["jwt"]
    assert jwt.get_unverified_header(token)["kid"].endswith(f"#{row.key_id}")
    assert verify(token, client)["jti"] == f"{BASE}{credential_path(certificate)}"
    assert SigningKey.objects.count() == 1


def test_a_credential_without_any_key_is_unavailable_and_writes_nothing(client, learner, certificate):
    """An install whose certificates predate keys made at issue time: a 503, not a key made on a GET."""
    SigningKey.objects.all().delete()
    client.force_login(learner)
    response = client.get(credential_path(certificate))
    assert response.status_code == 503
    assert not SigningKey.objects.exists()


def test_the_management_command_sets_up_the_key_once(db):
    call_command("ensure_signing_key", stdout=io.StringIO())
    call_command("ensure_signing_key", stdout=io.StringIO())
    (row,) = SigningKey.objects.all()
    assert active_key().key_id == row.key_id
