"""A module's certificates as one ZIP: streamed to the browser, or built by a task into media
storage for large sets. One PDF is held in memory at a time."""

from __future__ import annotations

import datetime
import io
import json
import logging
import tempfile
import zipfile
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from django_tasks import task

from core.storage_faults import STORAGE_ERRORS, retry_later

from .models import Certificate
from .storage import private_storage

logger = logging.getLogger(__name__)

EXPORT_DIR = "certificate-exports"
DEFAULT_STREAM_LIMIT = 200  # above this many certificates a task builds the ZIP into media storage


def stream_limit() -> int:
    return getattr(settings, "CERTIFICATE_ZIP_STREAM_LIMIT", DEFAULT_STREAM_LIMIT)


def module_certificates(
    module_id: int, issued_from: datetime.date | None = None, issued_to: datetime.date | None = None
):
    """A module's certificates, optionally issued within a range of the organisation's days (inclusive)."""
    certificates = Certificate.objects.filter(module_id=module_id).issued_between(issued_from, issued_to)
    return certificates.order_by("issued_at", "pk")


def pdf_filename(certificate: Certificate) -> str:
    return f"{certificate.code}-{slugify(certificate.learner_name) or 'learner'}.pdf"


def store_if_stale(certificate: Certificate) -> None:
    """Render and store the PDF when the stored one is not current (missing, or rendered before a
    revocation). Only a POST (the streamed ZIP) or a task (the large one) gets here."""
    if not certificate.pdf_is_current():
        from .rendering import store_pdf  # loads WeasyPrint; only needed when a file is missing

        store_pdf(certificate, note="Rendered for a ZIP export: the stored file was not current.")


def prepare_pdfs(certificates: Iterable[Certificate]) -> None:
    """Store every stale PDF before a ZIP is streamed, so a storage fault in the writing can still
    be answered with a calm page rather than cut the download short."""
    for certificate in certificates:
        store_if_stale(certificate)


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    """The stored PDF, stored first when it is not current."""
    store_if_stale(certificate)
    with certificate.pdf.open("rb") as stored:
        return stored.read()


class ChunkBuffer(io.RawIOBase):
    """Where zipfile writes, emptied chunk by chunk; not seekable, so zipfile streams its entries."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def zip_chunks(certificates: Iterable[Certificate]) -> Iterator[bytes]:
    """The ZIP of the certificates' PDFs, yielded as it is written: one PDF in memory at a time."""
    buffer = ChunkBuffer()
    with zipfile.ZipFile(buffer, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            entry = zipfile.ZipInfo(
                pdf_filename(certificate), date_time=timezone.localtime(certificate.issued_at).timetuple()[:6]
            )
            archive.writestr(entry, certificate_pdf_bytes(certificate))  # PDFs are compressed already
            yield buffer.take()
    yield buffer.take()


def zip_filename(
    module_title: str, issued_from: datetime.date | None, issued_to: datetime.date | None
) -> str:
    parts = [slugify(module_title) or "module", "certificates"]
    if issued_from or issued_to:
        parts += [
            issued_from.isoformat() if issued_from else "start",
            issued_to.isoformat() if issued_to else "now",
        ]
    return "-".join(parts) + ".zip"


def request_name(token: str) -> str:
    return f"{EXPORT_DIR}/{token}.requested.json"


def manifest_name(token: str) -> str:
    return f"{EXPORT_DIR}/{token}.json"


def write_json(name: str, data: dict) -> None:
    private_storage().save(name, ContentFile(json.dumps(data).encode()))


def read_manifest(token: str) -> dict | None:
    """Where a ZIP built by the task stands: None for a token never requested, ``pending`` while
    the task runs, then the stored file's name (or an error), written last by the task."""
    for name in (manifest_name(token), request_name(token)):
        if private_storage().exists(name):
            with private_storage().open(name, "rb") as stored:
                return json.load(stored)
    return None


@task()
def build_certificate_zip(
    token: str, module_id: int, issued_from: str | None, issued_to: str | None, attempt: int = 1
) -> str | None:
    """Build a large ZIP into media storage; the manifest written last says it is ready. A storage
    fault queues another attempt later (the status page still says it is being prepared); after
    the last, the manifest says it failed, if storage takes even that."""
    try:
        return _build_zip(token, module_id, issued_from, issued_to)
    except STORAGE_ERRORS:
        args = (token, module_id, issued_from, issued_to)
        if retry_later(
            build_certificate_zip, *args, attempt=attempt, what=f"Building certificate ZIP {token}"
        ):
            return None
        _record_failure(token)
        raise
    except Exception:
        _record_failure(token)
        raise


def _record_failure(token: str) -> None:
    try:
        write_json(manifest_name(token), {"error": True})
    except STORAGE_ERRORS:
        logger.error("Certificate ZIP %s: could not record its failure either.", token, exc_info=True)


def _build_zip(token: str, module_id: int, issued_from: str | None, issued_to: str | None) -> str:
    start = datetime.date.fromisoformat(issued_from) if issued_from else None
    end = datetime.date.fromisoformat(issued_to) if issued_to else None
    certificates = list(module_certificates(module_id, start, end))
    title = certificates[0].module_title if certificates else "module"
    with tempfile.TemporaryFile() as spool:
        for chunk in zip_chunks(certificates):
            spool.write(chunk)
        spool.seek(0)
        name = private_storage().save(f"{EXPORT_DIR}/{token}.zip", File(spool))
    write_json(
        manifest_name(token),
        {"name": name, "filename": zip_filename(title, start, end), "count": len(certificates)},
    )
    return name
