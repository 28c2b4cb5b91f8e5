"""What the public verification page tells anyone holding a certificate's code, for a board to
confirm the claim printed on it: the learner's name, the module, the CPD hours with their
category and the ethics hours, the provider and its accreditation statement, the dates, and the
status with its date (for a revoked certificate, a neutral category, never the reason written
in the audit trail). Nothing about the learner's other records.

The same record is the page and, for ``Accept: application/json``, its JSON.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal

from core import clock
from core.links import absolute_url

from .models import Certificate, CertificateStatus, RevocationCategory


@dataclass(frozen=True)
class PublicRecord:
    code: str
    status: str
    status_label: str
    status_date: datetime.date | None  # revoked on, expired on, or valid until
    learner_name: str
    module_title: str
    cpd_hours: Decimal
    cpd_category: str
    cpd_category_label: str
    ethics_hours: Decimal
    delivery_format: str
    provider: str
    accreditation_statement: str
    issued_on: datetime.date
    expires_on: datetime.date | None
    revocation_category: str
    revocation_category_label: str
    verification_url: str


def public_record(certificate: Certificate, request=None) -> PublicRecord:
    status = certificate.status
    revoked_on = clock.day_of(certificate.revoked_at) if certificate.revoked_at else None
    category = ""
    if status == CertificateStatus.REVOKED:
        category = certificate.revocation_category or RevocationCategory.WITHDRAWN
    return PublicRecord(
        code=certificate.code,
        status=str(status),
        status_label=str(status.label),
        status_date=revoked_on if revoked_on else certificate.expires_on,
        learner_name=certificate.learner_name,
        module_title=certificate.module_title,
        cpd_hours=certificate.cpd_hours,
        cpd_category=certificate.cpd_category,
        cpd_category_label=certificate.cpd_category_label,
        ethics_hours=certificate.ethics_hours or Decimal(0),
        delivery_format=certificate.delivery_format,
        provider=certificate.provider,
        accreditation_statement=certificate.accreditation_statement,
        issued_on=clock.day_of(certificate.issued_at),
        expires_on=certificate.expires_on,
        revocation_category=category,
        revocation_category_label=str(RevocationCategory(category).label) if category else "",
        verification_url=absolute_url(certificate.get_verification_path(), request),
    )


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def as_json(record: PublicRecord) -> dict:
    """The record for machines: camelCase keys, ISO dates, hours as numbers, empty as null."""
    data = {key: _json_value(value) for key, value in asdict(record).items()}
    names = {
        "code": "code",
        "status": "status",
        "status_date": "statusDate",
        "learner_name": "learnerName",
        "module_title": "module",
        "delivery_format": "deliveryFormat",
        "provider": "provider",
        "accreditation_statement": "accreditationStatement",
        "issued_on": "issuedOn",
        "expires_on": "expiresOn",
        "verification_url": "verificationUrl",
    }
    result = {name: data[key] or None for key, name in names.items()}
    result["cpd"] = {
        "hours": data["cpd_hours"],
        "category": data["cpd_category"],
        "categoryLabel": data["cpd_category_label"],
        "ethicsHours": data["ethics_hours"],
    }
    result["revocationReason"] = (
        {"code": data["revocation_category"], "label": data["revocation_category_label"]}
        if data["revocation_category"]
        else None
    )
    return result
