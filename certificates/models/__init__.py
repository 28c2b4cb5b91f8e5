from .certificate import Certificate, CertificateEvent, CertificateStatus, RevocationCategory
from .keys import SigningKey
from .notices import RenewalEmailChoice, RenewalNotice
from .status_list import StatusList

__all__ = [
    "Certificate",
    "CertificateEvent",
    "CertificateStatus",
    "RenewalEmailChoice",
    "RenewalNotice",
    "RevocationCategory",
    "SigningKey",
    "StatusList",
]
