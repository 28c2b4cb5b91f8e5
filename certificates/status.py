"""Where a learner's certificates stand: current, due for renewal, expired or revoked."""

from __future__ import annotations

from dataclasses import dataclass, field

RENEWAL_WINDOW_DAYS = 60  # a certificate can be renewed from this many days before it expires


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
    """The learner's newest certificate of each module, where it is due for renewal or expired."""
    from .models import Certificate

    newest = certificates_by_module(Certificate.objects.filter(user=user).order_by("-issued_at"))
    return [group.latest for group in newest if group.latest.can_renew()]
