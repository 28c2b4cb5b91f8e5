"""Run by tests/test_backups.py in a process of its own (its own DATABASE_URL): restore a backup
into that empty database and the empty media folders given, then print as JSON what the restored
site holds: every model's row count, each certificate's verification page and its PDF."""

from __future__ import annotations

import io
import json
import sys

import django


def main(archive: str, media: str, private: str) -> None:
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment
    from pypdf import PdfReader

    from certificates.models import Certificate
    from lms.backups import counted_models

    with override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=private):
        call_command("restore", archive, stdout=io.StringIO())
        setup_test_environment()  # so the test client sees each page's context
        counts = {model._meta.label: model._base_manager.count() for model in counted_models()}
        certificates = {}
        for certificate in Certificate.objects.all():
            response = Client().get(f"/verify/{certificate.code}/")
            with certificate.pdf.open("rb") as stored:
                reader = PdfReader(io.BytesIO(stored.read()))
            certificates[certificate.code] = {
                "http": response.status_code,
                "status": response.context["status"],
                "pages": len(reader.pages),
                "code_printed": certificate.code in reader.pages[0].extract_text(),
            }
    json.dump({"counts": counts, "certificates": certificates}, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:4])
