from .certificate import Certificate, CertificateEvent, CertificateStatus
from .keys import SigningKey
from .notices import RenewalEmailChoice, RenewalNotice

__all__ = [
    "Certificate",
    "CertificateEvent",
    "CertificateStatus",
    "RenewalEmailChoice",
    "RenewalNotice",
    "SigningKey",
]
