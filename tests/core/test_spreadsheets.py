"""Streamed XLSX: text stays text, days are dates, numbers are numbers, nothing is an empty cell."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest

from core.spreadsheets import StreamedSpreadsheetMixin

RISKY_TEXT = [
    '=HYPERLINK("http://x","y")',
    "+1+2",
    "-1",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "http://example.org/",
    "0042",
    # Markup in text, written unescaped, would add cells to the sheet (a formula among them).
    '<r><t>a</t></r></is></c><c r="B2"><f>1+1</f></c><c r="C2" t="inlineStr"><is><r><t>b</t></r>',
]


class Export(StreamedSpreadsheetMixin):
    list_export = ["text", "day", "count", "share", "done", "moment", "items"]
    export_headings = {"text": "=Text", "day": "Day"}


def written(rows) -> list[tuple]:
    output = io.BytesIO()
    Export().write_xlsx(iter(rows), output)
    return list(openpyxl.load_workbook(io.BytesIO(output.getvalue())).active.iter_rows())


def as_excel_reads(text: str) -> str:
    """``text`` with its ``_xHHHH_`` escapes (how XLSX stores a control character such as a
    carriage return) read back as Excel reads them; openpyxl leaves them as they are."""
    return re.sub(r"_x([0-9A-F]{4})_", lambda found: chr(int(found[1], 16)), text)


def a_row(**values) -> SimpleNamespace:
    empty = dict.fromkeys(Export.list_export)
    return SimpleNamespace(**{**empty, **values})


@pytest.mark.parametrize("text", RISKY_TEXT)
def test_xlsx__text_is_stored_as_text_never_a_formula(text):
    """Text that a spreadsheet would read as a formula, a number or a link is kept as typed."""
    heading, row = written([a_row(text=text)])
    assert heading[0].value == "=Text" and heading[0].data_type == "s"
    assert as_excel_reads(row[0].value) == text and row[0].data_type == "s"
    assert all(cell.value is None for cell in row[1:])


def test_xlsx__days_are_dates_numbers_are_numbers_and_none_is_empty():
    """A day is a real date in the sheet, a count or a Decimal a number, a list its items' text."""
    moment = datetime.datetime(2026, 6, 15, 12, 30, tzinfo=datetime.UTC)
    _heading, full, sparse = written(
        [
            a_row(
                text="Ana",
                day=datetime.date(2026, 6, 15),
                count=3,
                share=Decimal("0.25"),
                done=True,
                moment=moment,
                items=["a", "b"],
            ),
            a_row(text="Ben"),
        ]
    )
    day, count, share, done, when, items = full[1:]
    assert day.is_date and day.value.date() == datetime.date(2026, 6, 15)
    assert day.number_format == "yyyy-mm-dd"
    assert (count.value, count.data_type) == (3, "n")
    assert (share.value, share.data_type) == (0.25, "n")
    assert (done.value, done.data_type) == (True, "b")
    assert when.is_date and when.value == datetime.datetime(2026, 6, 15, 12, 30)  # as UTC, like Wagtail's
    assert items.value == "a, b"
    assert [cell.value for cell in sparse] == ["Ben", None, None, None, None, None, None]


def test_xlsx__a_field_preprocessed_for_xlsx_is_written_as_it_returns():
    """Wagtail's per-field preprocessing still applies to XLSX, with the write for what it returns."""

    class Shouting(Export):
        custom_field_preprocess = {"text": {"xlsx": str.upper}, "count": {"xlsx": lambda n: n * 2}}

    output = io.BytesIO()
    Shouting().write_xlsx(iter([a_row(text="quiet", count=2)]), output)
    row = list(openpyxl.load_workbook(io.BytesIO(output.getvalue())).active.values)[1]
    assert row[0] == "QUIET" and row[2] == 4


@pytest.mark.parametrize(
    "text", ["_x0041_ stays as typed", "a bell \x07 and a form feed \x0c", "tab\tand\nline"]
)
def test_xlsx__escape_like_text_and_control_characters_read_back_as_typed(text):
    """Excel reads ``_xHHHH_`` in a cell as a character, and XML cannot hold most control
    characters: both are written as escapes, so the cell reads back exactly as typed."""
    _heading, row = written([a_row(text=text)])
    assert as_excel_reads(row[0].value) == text


def test_xlsx__every_part_is_well_formed_and_columns_go_past_z():
    """A sheet wider than 26 columns names them AA, AB…; each part of the package parses as XML."""
    import zipfile

    from defusedxml import ElementTree

    from core.xlsx import column_name, write_sheet

    output = io.BytesIO()
    write_sheet(output, [[f"h{n}" for n in range(30)], list(range(30))])
    with zipfile.ZipFile(output) as package:
        for name in package.namelist():
            ElementTree.fromstring(package.read(name))
    cells = list(openpyxl.load_workbook(output).active.iter_rows(values_only=True))
    assert cells == [tuple(f"h{n}" for n in range(30)), tuple(range(30))]
    assert [column_name(n) for n in (0, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
