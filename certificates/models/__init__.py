from .certificate import Certificate, CertificateEvent, CertificateStatus
from .keys import SigningKey

__all__ = ["Certificate", "CertificateEvent", "CertificateStatus", "SigningKey"]
