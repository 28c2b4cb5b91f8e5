"""Open Badges endpoints under /verify/: a certificate's signed credential, and the issuer's
public profile and key set.

``/verify/<code>/credential.json`` is for the certificate's owner (and superusers), served as a
JSON download::

    {"credential": {...}, "jwt": "<compact JWS>", "status": "valid", "revokedAt": null,
     "verificationUrl": "https://…/verify/<code>/"}

``jwt`` is the verifiable credential (VC-JWT, media type ``application/vc+jwt``); ``credential``
is a readable copy of its payload, and ``status``, ``revokedAt`` and ``verificationUrl`` are
unsigned notes on where the status stands today. A client asking for ``application/vc+jwt`` in
``Accept`` gets the bare JWT instead. Anyone else, signed in or not, and any malformed or unknown
code get the same 404, so the endpoint never tells whether a code exists.

``/verify/status/<n>.jwt`` is revocation list ``n`` (a signed ``BitstringStatusListCredential``,
served as ``application/vc+jwt``), public, cached for a minute only so a revocation reaches
verifiers quickly.

Every endpoint here only reads: the signing key is made when a certificate is issued (or by
``manage.py ensure_signing_key``), never on a request.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from core.links import absolute_url

from .codes import normalise
from .credentials import issuer_profile, key_set, signed_credential, signed_status_list
from .models import Certificate
from .signing import MissingKey

JWT_MEDIA_TYPE = "application/vc+jwt"


def _not_found() -> JsonResponse:
    return JsonResponse({"error": "not found"}, status=404)


def _certificate_for(request: HttpRequest, code: str) -> Certificate | None:
    canonical = normalise(code)
    if canonical is None or not request.user.is_authenticated:
        return None
    certificates = Certificate.objects.filter(code=canonical)
    if not request.user.is_superuser:
        certificates = certificates.filter(user=request.user)
    return certificates.first()


@require_GET
@never_cache
def certificate_credential(request: HttpRequest, code: str) -> HttpResponse:
    certificate = _certificate_for(request, code)
    if certificate is None:
        return _not_found()
    try:
        credential, token = signed_credential(certificate)
    except MissingKey:  # only on an install whose certificates predate keys made at issue time
        return JsonResponse({"error": "credentials are not available yet"}, status=503)
    if JWT_MEDIA_TYPE in request.headers.get("Accept", ""):
        return HttpResponse(token, content_type=JWT_MEDIA_TYPE)
    response = JsonResponse(
        {
            "credential": credential,
            "jwt": token,
            "status": str(certificate.status),
            "revokedAt": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
            "verificationUrl": absolute_url(certificate.get_verification_path(), request),
        },
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate.code}-credential.json"'
    return response


@require_GET
@cache_control(public=True, max_age=300)
def issuer(request: HttpRequest) -> JsonResponse:
    return JsonResponse(issuer_profile(), json_dumps_params={"indent": 2, "ensure_ascii": False})


@require_GET
@cache_control(public=True, max_age=300)
def jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(key_set(), json_dumps_params={"indent": 2})


@require_GET
@cache_control(public=True, max_age=60)
def status_list(request: HttpRequest, number: int) -> HttpResponse:
    try:
        token = signed_status_list(number)
    except MissingKey:
        return JsonResponse({"error": "the status list is not available yet"}, status=503)
    if token is None:
        return _not_found()
    return HttpResponse(token, content_type=JWT_MEDIA_TYPE)
