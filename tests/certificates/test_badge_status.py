"""Revocation that reaches downloaded badges (W3C Bitstring Status List) and key rotation, each
checked the way an outside verifier would: PyJWT against the published key set, and the status
list decoded here by hand, not with the application's code."""

import base64
import gzip
import io
from urllib.parse import urlsplit

import jwt
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from certificates.models import Certificate, SigningKey, StatusList
from certificates.revocation import revoke
from courses.progress import record_step_complete
from tests.factories import UserFactory

BASE = "https://learn.example.org"
ISSUER = f"{BASE}/verify/issuer.json"
pytestmark = pytest.mark.usefixtures("base_url", "fake_rendering")


@pytest.fixture
def base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    settings.GROUNDWORK_SIGNING_KEY_PEM = ""


def earn(module_with_lessons, username: str) -> Certificate:
    module, lessons = module_with_lessons
    learner = UserFactory(username=username)
    for lesson in lessons:
        record_step_complete(learner, lesson, module)
    return Certificate.objects.get(user=learner, module=module)


def download(client, certificate) -> str:
    """The holder downloads their badge (the bare VC-JWT)."""
    client.force_login(certificate.user)
    response = client.get(
        reverse("certificate_credential", args=[certificate.code]), HTTP_ACCEPT="application/vc+jwt"
    )
    assert response.status_code == 200
    client.logout()
    return response.content.decode()


def fetch(client, url: str):
    """A GET of an absolute URL the credential names, on this test server."""
    assert url.startswith(BASE)
    return client.get(urlsplit(url).path)


def check_signature(client, token: str) -> dict:
    """PyJWT, with the key found by kid in the issuer's published key set."""
    header = jwt.get_unverified_header(token)
    assert set(header) <= {"alg", "kid", "typ"} and header.get("typ", "JWT") == "JWT"
    jwks_url, _, kid = header["kid"].rpartition("#")
    keys = {jwk["kid"]: jwk for jwk in fetch(client, jwks_url).json()["keys"]}
    if kid not in keys:
        raise jwt.InvalidSignatureError(f"key {kid} is not published")
    return jwt.decode(token, key=jwt.PyJWK(keys[kid]), algorithms=["EdDSA"], issuer=ISSUER)


def decode_bitstring(encoded: str) -> bytes:
    assert encoded.startswith("u"), "multibase base64url"
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def independent_status(client, token: str) -> str:
    """Verify the credential and follow its credentialStatus: "valid" or "revoked"."""
    credential = check_signature(client, token)
    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    response = fetch(client, status["statusListCredential"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    status_list = check_signature(client, response.content.decode())
    assert "BitstringStatusListCredential" in status_list["type"]
    assert status_list["id"] == status["statusListCredential"]
    subject = status_list["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    bits = decode_bitstring(subject["encodedList"])
    assert len(bits) * 8 >= 131_072, "herd privacy: at least 131,072 entries"
    index = int(status["statusListIndex"])
    return "revoked" if bits[index // 8] & (0x80 >> (index % 8)) else "valid"


def test_a_badge_downloaded_before_revocation_is_reported_revoked(client, module_with_lessons):
    kept, revoked = earn(module_with_lessons, "kept"), earn(module_with_lessons, "revoked")
    kept_token, saved_token = download(client, kept), download(client, revoked)
    assert independent_status(client, saved_token) == "valid"
    assert kept.status_index != revoked.status_index

    assert revoke(revoked, None, "Completed on someone else's account", "issued_in_error")

    assert independent_status(client, saved_token) == "revoked"  # the copy saved before, unchanged
    assert independent_status(client, kept_token) == "valid"
    assert independent_status(client, download(client, kept)) == "valid"


def test_the_list_changes_only_with_the_revocation_s_transaction(client, module_with_lessons):
    certificate = earn(module_with_lessons, "sam")
    token = download(client, certificate)
    with pytest.raises(RuntimeError), transaction.atomic():
        revoke(certificate, None, "Issued in error")
        raise RuntimeError("the revocation fails after the list was written")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert independent_status(client, token) == "valid"
    assert not any(row.bits.count(0) != len(row.bits) for row in StatusList.objects.all())


def test_certificates_take_distinct_bits_of_a_full_sized_list(module_with_lessons):
    certificates = [earn(module_with_lessons, f"learner{n}") for n in range(4)]
    places = {(c.status_list, c.status_index) for c in certificates}
    assert len(places) == 4
    assert all(0 <= index < 131_072 for _, index in places)


def test_an_unknown_status_list_is_404(client, module_with_lessons):
    earn(module_with_lessons, "sam")
    assert client.get(reverse("credential_status_list", args=[1])).status_code == 200
    assert client.get(reverse("credential_status_list", args=[99])).status_code == 404


def test_after_rotation_old_and_new_badges_verify_until_the_old_key_is_retired(client, module_with_lessons):
    first = earn(module_with_lessons, "first")
    old_token = download(client, first)
    old_kid = jwt.get_unverified_header(old_token)["kid"]

    out = io.StringIO()
    call_command("rotate_signing_key", stdout=out)
    assert "signs credentials from now on" in out.getvalue()

    second = earn(module_with_lessons, "second")
    new_token = download(client, second)
    new_kid = jwt.get_unverified_header(new_token)["kid"]
    assert new_kid != old_kid
    assert jwt.get_unverified_header(download(client, first))["kid"] == new_kid  # signs from now on
    assert len(fetch(client, f"{BASE}/verify/issuer/jwks.json").json()["keys"]) == 2
    profile = client.get(reverse("credential_issuer")).json()
    assert {method["id"] for method in profile["verificationMethod"]} == {old_kid, new_kid}
    assert check_signature(client, old_token)["jti"].endswith(f"/{first.code}/credential.json")
    assert check_signature(client, new_token)["jti"].endswith(f"/{second.code}/credential.json")
    assert independent_status(client, old_token) == independent_status(client, new_token) == "valid"

    # Retiring is a separate step: without --yes it only explains; the signing key is never retired.
    old_id, new_id = old_kid.rpartition("#")[2], new_kid.rpartition("#")[2]
    explained = io.StringIO()
    call_command("retire_signing_key", old_id, stdout=explained)
    assert "no longer verify" in explained.getvalue()
    assert SigningKey.objects.filter(active=True).count() == 2
    with pytest.raises(CommandError, match="rotate_signing_key"):
        call_command("retire_signing_key", new_id, "--yes", stdout=io.StringIO())

    call_command("retire_signing_key", old_id, "--yes", stdout=io.StringIO())
    assert [jwk["kid"] for jwk in fetch(client, f"{BASE}/verify/issuer/jwks.json").json()["keys"]] == [new_id]
    with pytest.raises(jwt.InvalidSignatureError):
        check_signature(client, old_token)
    assert check_signature(client, new_token)
    assert SigningKey.objects.get(key_id=old_id).retired_at is not None
