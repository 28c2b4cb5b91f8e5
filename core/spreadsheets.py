"""Writing spreadsheets: cells that are safe to open, and files written in constant memory."""

from __future__ import annotations

import operator
import tempfile
from collections.abc import Callable, Iterable
from functools import partial
from itertools import chain

from django.http import FileResponse
from django.utils.encoding import force_str, is_protected_type
from wagtail.admin.views.mixins import ExcelDateFormatter, SpreadsheetExportMixin

from core.xlsx import write_sheet

SPOOL_BYTES = 1024 * 1024  # an XLSX smaller than this stays in memory; a larger one goes to a temporary file


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet will show, not run: a leading =, +, - or @ would start a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class XlsxColumn:
    """One exported field: Wagtail's preprocessing for the field and the kind of value, looked up
    once for each kind of value met, not for every cell."""

    def __init__(self, view: SpreadsheetExportMixin, field: str):
        self.view, self.field = view, field
        self.preparers: dict[type, Callable] = {}

    def prepared(self, value):
        """``value`` as the sheet gets it (``None`` stays an empty cell)."""
        if value is None:
            return None
        prepare = self.preparers.get(value.__class__)
        if prepare is None:
            prepare = self.preparers[value.__class__] = self._preparer(value)
        return prepare(value)

    def _preparer(self, value) -> Callable:
        preprocess = self.view.get_preprocess_function(self.field, value, self.view.FORMAT_XLSX)
        if preprocess is None or _hands_back(preprocess, value):
            return _as_it_is
        return preprocess


def _as_it_is(value):
    return value


def _hands_back(preprocess: Callable, value) -> bool:
    """Whether ``preprocess`` is Wagtail's last resort, ``force_str(strings_only=True)``, on a
    value it returns as it is (text, a number, a date)."""
    last_resort = isinstance(preprocess, partial) and preprocess.func is force_str
    return last_resort and (isinstance(value, str) or is_protected_type(value))


class StreamedSpreadsheetMixin(SpreadsheetExportMixin):
    """Wagtail's export mixin, holding no whole file in memory: give it rows as an iterator.

    ``list_export`` names attributes of each row (dotted paths allowed, not callables), read
    together by one ``attrgetter``. CSV is streamed row by row, as Wagtail writes it. XLSX is
    written a batch of rows at a time by ``core.xlsx`` and the finished file is spooled to disk
    past ``SPOOL_BYTES`` rather than kept in a ``BytesIO``; there Wagtail's preprocessing is
    looked up once per column and kind of value, not for every cell.
    """

    def row_values(self, item) -> tuple:
        """``item``'s exported values, in the order of ``list_export``."""
        values = operator.attrgetter(*self.list_export)(item)
        return values if len(self.list_export) > 1 else (values,)

    def to_row_dict(self, item) -> dict:
        return dict(zip(self.list_export, self.row_values(item), strict=True))

    def write_xlsx(self, queryset: Iterable, output) -> None:
        columns = [XlsxColumn(self, field) for field in self.list_export]
        headings = [str(self.get_heading(queryset, field)) for field in self.list_export]
        rows = (
            [column.prepared(value) for column, value in zip(columns, self.row_values(item), strict=True)]
            for item in queryset
        )
        write_sheet(output, chain([headings], rows), date_time_format=ExcelDateFormatter().get())

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
