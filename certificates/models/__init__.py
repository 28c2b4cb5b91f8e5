from .certificate import Certificate, CertificateEvent, CertificateStatus, EarnedBy
from .keys import SigningKey
from .notices import RenewalEmailChoice, RenewalNotice

__all__ = [
    "Certificate",
    "CertificateEvent",
    "CertificateStatus",
    "EarnedBy",
    "RenewalEmailChoice",
    "RenewalNotice",
    "SigningKey",
]
