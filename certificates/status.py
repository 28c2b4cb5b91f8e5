"""Where a learner's certificates stand: current, due for renewal, expired or revoked."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Certificate
from .validity import RENEWAL_WINDOW_DAYS

# Kept importable from here only until renewal_notices and lms.compliance read it from validity.
__all__ = ["RENEWAL_WINDOW_DAYS", "ModuleCertificates", "certificates_by_module", "renewals_due"]


@dataclass
class ModuleCertificates:
    """A module's certificates for one learner: the newest first, the rest as history."""

    latest: object
    history: list = field(default_factory=list)


def certificates_by_module(certificates) -> list[ModuleCertificates]:
    groups: dict[object, ModuleCertificates] = {}
    for certificate in certificates:  # newest first
        key = certificate.module_id or certificate.module_title
        if key in groups:
            groups[key].history.append(certificate)
        else:
            groups[key] = ModuleCertificates(latest=certificate)
    return list(groups.values())


def renewals_due(user) -> list:
    """The learner's newest certificate of each module, where it is due for renewal or expired
    (a revoked newest one is never due: revoked certificates are not renewed)."""
    newest = Certificate.objects.newest_per_module().filter(user=user).order_by("-issued_at", "-pk")
    return [certificate for certificate in newest if certificate.can_renew()]
