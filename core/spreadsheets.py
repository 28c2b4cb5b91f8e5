"""Writing spreadsheets: cells that are safe to open, and files written in constant memory."""

from __future__ import annotations

import datetime
import operator
import tempfile
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from functools import partial

import xlsxwriter
from django.http import FileResponse
from django.utils.encoding import force_str, is_protected_type
from wagtail.admin.views.mixins import ExcelDateFormatter, SpreadsheetExportMixin

SPOOL_BYTES = 1024 * 1024  # an XLSX smaller than this stays in memory; a larger one goes to a temporary file
DAY_FORMAT = "yyyy-mm-dd"  # what openpyxl gave a day under Wagtail's mixin, which formats only date-times
TIME_FORMAT = "h:mm:ss"

WriteCell = Callable[[int, int, object], object]


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet will show, not run: a leading =, +, - or @ would start a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class XlsxCells:
    """Writes one worksheet's cells with XlsxWriter, each by the kind of its value.

    Text is always text (never a formula, a number or a link), ``None`` leaves the cell empty,
    and days and date-times are real dates, formatted as Wagtail's mixin formats them.
    """

    def __init__(self, workbook: xlsxwriter.Workbook, worksheet):
        self.worksheet = worksheet
        day = workbook.add_format({"num_format": DAY_FORMAT})
        date_time = workbook.add_format({"num_format": ExcelDateFormatter().get()})
        time = workbook.add_format({"num_format": TIME_FORMAT})
        # Most specific first: a bool is an int, a datetime is a date.
        self.kinds: list[tuple[type | tuple[type, ...], WriteCell]] = [
            (str, self.text),
            (bool, worksheet.write_boolean),
            ((int, float, Decimal, Fraction), worksheet.write_number),
            (datetime.datetime, partial(worksheet.write_datetime, cell_format=date_time)),
            (datetime.date, partial(worksheet.write_datetime, cell_format=day)),
            (datetime.time, partial(worksheet.write_datetime, cell_format=time)),
        ]
        self.writers: dict[type, WriteCell] = {}

    def writer_for(self, kind: type) -> WriteCell:
        """How a value of class ``kind`` is written: anything not named in ``kinds`` as its text."""
        if kind not in self.writers:
            found = (write for kinds, write in self.kinds if issubclass(kind, kinds))
            self.writers[kind] = next(found, self.any_text)
        return self.writers[kind]

    def write(self, row: int, column: int, value) -> None:
        if value is not None:
            self.writer_for(value.__class__)(row, column, value)

    def text(self, row: int, column: int, text: str) -> None:
        """``text`` as it reads. In constant-memory mode XlsxWriter copies text shaped like
        ``<r>…</r>`` into the file unescaped, as its own rich text, so such text could add cells
        (a formula among them): it goes in as rich text of three plain runs instead, escaped."""
        if text.startswith("<r>") and text.endswith("</r>"):
            self.worksheet.write_rich_string(row, column, text[:1], text[1:2], text[2:])
        else:
            self.worksheet.write_string(row, column, text)

    def any_text(self, row: int, column: int, value) -> None:
        self.text(row, column, str(value))


class XlsxColumn:
    """One exported field's cells: Wagtail's preprocessing for the field and the kind of value,
    then the write for the kind of what that gives, chosen once for each kind of value met."""

    def __init__(self, view: SpreadsheetExportMixin, field: str, cells: XlsxCells):
        self.view, self.field, self.cells = view, field, cells
        self.writers: dict[type, WriteCell] = {}

    def writer_for(self, value) -> WriteCell:
        writer = self.writers.get(value.__class__)
        if writer is None:
            writer = self.writers[value.__class__] = self._writer(value)
        return writer

    def _writer(self, value) -> WriteCell:
        preprocess = self.view.get_preprocess_function(self.field, value, self.view.FORMAT_XLSX)
        if preprocess is None or _hands_back(preprocess, value):
            return self.cells.writer_for(value.__class__)
        return lambda row, column, value: self.cells.write(row, column, preprocess(value))


def _hands_back(preprocess: Callable, value) -> bool:
    """Whether ``preprocess`` is Wagtail's last resort, ``force_str(strings_only=True)``, on a
    value it returns as it is (text, a number, a date)."""
    last_resort = isinstance(preprocess, partial) and preprocess.func is force_str
    return last_resort and (isinstance(value, str) or is_protected_type(value))


class StreamedSpreadsheetMixin(SpreadsheetExportMixin):
    """Wagtail's export mixin, holding no whole file in memory: give it rows as an iterator.

    ``list_export`` names attributes of each row (dotted paths allowed, not callables), read
    together by one ``attrgetter``. CSV is streamed row by row, as Wagtail writes it. XLSX is
    written by XlsxWriter in constant-memory mode (each row goes to its temporary file as the
    next begins) and the finished file is spooled to disk past ``SPOOL_BYTES`` rather than kept
    in a ``BytesIO``; there Wagtail's preprocessing is looked up once per column and kind of
    value, not for every cell.
    """

    def row_values(self, item) -> tuple:
        """``item``'s exported values, in the order of ``list_export``."""
        values = operator.attrgetter(*self.list_export)(item)
        return values if len(self.list_export) > 1 else (values,)

    def to_row_dict(self, item) -> dict:
        return dict(zip(self.list_export, self.row_values(item), strict=True))

    def write_xlsx(self, queryset: Iterable, output) -> None:
        with xlsxwriter.Workbook(output, {"constant_memory": True}) as workbook:
            worksheet = workbook.add_worksheet("Sheet1")
            cells = XlsxCells(workbook, worksheet)
            for column, field in enumerate(self.list_export):
                cells.text(0, column, self.get_heading(queryset, field))
            columns = [XlsxColumn(self, field, cells) for field in self.list_export]
            for row, item in enumerate(queryset, start=1):
                for column, value in enumerate(self.row_values(item)):
                    if value is not None:
                        columns[column].writer_for(value)(row, column, value)

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
