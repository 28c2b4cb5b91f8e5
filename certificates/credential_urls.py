"""Open Badges credential and issuer URLs, mounted under /verify/ before ``<str:code>/``."""

from django.urls import path

from core import converters  # noqa: F401  (registers <id:…>)

from . import credential_views

urlpatterns: list = [
    path("issuer.json", credential_views.issuer, name="credential_issuer"),
    path("issuer/jwks.json", credential_views.jwks, name="credential_jwks"),
    path("status/<id:number>.jwt", credential_views.status_list, name="credential_status_list"),
    path(
        "<str:code>/credential.json", credential_views.certificate_credential, name="certificate_credential"
    ),
]
