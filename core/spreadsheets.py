"""Writing spreadsheets: cells that are safe to open, and files written in constant memory."""

from __future__ import annotations

import tempfile

from django.http import FileResponse
from wagtail.admin.views.mixins import SpreadsheetExportMixin

SPOOL_BYTES = 1024 * 1024  # an XLSX smaller than this stays in memory; a larger one goes to a temporary file


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet will show, not run: a leading =, +, - or @ would start a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class StreamedSpreadsheetMixin(SpreadsheetExportMixin):
    """Wagtail's export mixin, holding no whole file in memory: give it rows as an iterator.

    CSV is already streamed row by row. XLSX is written by openpyxl's write-only mode (rows go
    to its temporary file as they come) and the finished file is spooled to disk past
    ``SPOOL_BYTES`` rather than kept in a ``BytesIO``.
    """

    def write_xlsx_response(self, queryset) -> FileResponse:
        output = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by the response)
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f"{self.get_filename()}.xlsx",
        )
