"""The revocation lists credentials point to (``credentialStatus``), kept in the database.

A revocation sets the certificate's bit in the same transaction (``mark_revoked``, called by
``revocation.revoke``), under a row lock, so two revocations in one list never lose each
other's bit. Reading a list writes nothing: a list no certificate in it was revoked from is
all zeros, stored or not.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.links import absolute_url

from . import bitstring
from .models import Certificate, StatusList

PURPOSE = "revocation"


def list_url(number: int) -> str:
    """The stable address of list ``number``'s signed ``BitstringStatusListCredential``."""
    return absolute_url(reverse("credential_status_list", args=[number]))


def entry(certificate: Certificate) -> dict | None:
    """The credential's ``credentialStatus`` (a ``BitstringStatusListEntry``), or None for a
    certificate that has no place in a list."""
    if certificate.status_index is None:
        return None
    url = list_url(certificate.status_list)
    return {
        "id": f"{url}#{certificate.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(certificate.status_index),
        "statusListCredential": url,
    }


def mark_revoked(certificate: Certificate) -> None:
    """Set the certificate's bit; call inside the revocation's transaction."""
    if certificate.status_index is None:
        return
    with transaction.atomic():
        StatusList.objects.get_or_create(
            number=certificate.status_list, defaults={"bits": bytes(bitstring.empty())}
        )
        row = StatusList.objects.select_for_update().get(number=certificate.status_list)
        bits = bytearray(row.bits)
        bitstring.set_bit(bits, certificate.status_index)
        row.bits, row.updated_at = bytes(bits), timezone.now()
        row.save(update_fields=["bits", "updated_at"])


def published(number: int) -> tuple[str, datetime.datetime | None] | None:
    """``(encodedList, last changed)`` of list ``number``, or None when no certificate has a place
    in it. Reads only."""
    row = StatusList.objects.filter(number=number).first()
    if row is not None:
        return bitstring.encode(bytes(row.bits)), row.updated_at
    if not Certificate.objects.filter(status_list=number).exists():
        return None
    return bitstring.encode(bitstring.empty()), None


def rebuild(number: int) -> None:
    """Set list ``number`` from the certificates revoked in it (a repair; revocations keep it
    up to date)."""
    bits = bitstring.empty()
    revoked = Certificate.objects.filter(status_list=number, revoked_at__isnull=False)
    for index in revoked.values_list("status_index", flat=True):
        bitstring.set_bit(bits, index)
    StatusList.objects.update_or_create(number=number, defaults={"bits": bytes(bits)})
