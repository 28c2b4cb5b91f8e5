from .activities import ActivityDecision, ExternalActivity
from .credentials import Credential, CredentialRequirement, HeldCredential
from .transcripts import Transcript

__all__ = [
    "ActivityDecision",
    "Credential",
    "CredentialRequirement",
    "ExternalActivity",
    "HeldCredential",
    "Transcript",
]
