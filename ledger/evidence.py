"""Evidence files: a PDF, PNG or JPEG up to 10 MB, its type read from its first bytes, never
from its name or the browser's say-so."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def sniff(head: bytes) -> str | None:
    """The content type the bytes begin with, or None when they are none of the accepted kinds."""
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def checked_type(upload: UploadedFile) -> str:
    """The upload's real content type; a ValidationError saying what is wrong otherwise."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty. Please choose the certificate or letter again."))
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is 10 MB. A photo or a scan at a lower resolution will do.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}"}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ValidationError(
            _("This file is not a PDF, PNG or JPEG, whatever its name says. Please upload one of those.")
        )
    return content_type
