from .certificate import Certificate, CertificateEvent, CertificateStatus, EarnedBy, RevocationCategory
from .keys import SigningKey
from .notices import RenewalEmailChoice, RenewalNotice
from .status_list import StatusList

__all__ = [
    "Certificate",
    "CertificateEvent",
    "CertificateStatus",
    "EarnedBy",
    "RenewalEmailChoice",
    "RenewalNotice",
    "RevocationCategory",
    "SigningKey",
    "StatusList",
]
