"""One worksheet of plain values written straight into an XLSX package, row by row.

An export of 5,000 people by 20 modules is a million cells. Spreadsheet libraries build each
cell through several calls (XlsxWriter about 4 µs a cell, openpyxl three times that), so this
writes the sheet's SpreadsheetML (ECMA-376 Part 1, §18) as text in batches of rows, into a zip
stream, holding one batch at a time. It writes only what the exports need: text as inline
strings (never a formula, number or link, whatever it starts with), numbers, booleans, and days,
date-times and times as dates with a number format; ``None`` is an empty cell.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from xml.sax.saxutils import escape, quoteattr

DAY_FORMAT = "yyyy-mm-dd"
DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
TIME_FORMAT = "h:mm:ss"
ROWS_PER_WRITE = 500
EPOCH = datetime.datetime(1899, 12, 30)  # day 0 of the 1900 date system, past its leap-year quirk
SECONDS_A_DAY = 86400

_PACKAGE = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/>'
        "</Relationships>"
    ),
}


def _styles(date_time_format: str) -> str:
    """Cell styles 1, 2 and 3 show a day, a date-time and a time (custom number formats 164-166)."""
    formats = (DAY_FORMAT, date_time_format, TIME_FORMAT)
    declared = "".join(
        f'<numFmt numFmtId="{164 + index}" formatCode={quoteattr(code)}/>'
        for index, code in enumerate(formats)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<numFmts count="3">{declared}</numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"

# XML 1.0 cannot hold most control characters (and reads a carriage return as a line feed), and "_xHHHH_" in a cell is read as an escaped
# character: both are written as escapes (a literal "_x" as "_x005F_x"), as Excel writes them.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def _escaped(text: str) -> str:
    text = _UNWRITABLE.sub(lambda found: f"_x{ord(found[0]):04X}_", text)
    return escape(text)


def column_name(index: int) -> str:
    """``0`` → ``A``, ``25`` → ``Z``, ``26`` → ``AA``."""
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _serial(moment: datetime.datetime) -> str:
    return repr((moment.replace(tzinfo=None) - EPOCH) / datetime.timedelta(days=1))


def cell(reference: str, value) -> str:
    """One ``<c>`` element for ``value`` (not ``None``) at ``reference``."""
    if isinstance(value, str):
        return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{_escaped(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal | Fraction):
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            return cell(reference, str(value))
        return f'<c r="{reference}"><v>{value if isinstance(value, int) else repr(number)}</v></c>'
    if isinstance(value, datetime.datetime):
        return f'<c r="{reference}" s="2"><v>{_serial(value)}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{reference}" s="1"><v>{(value - EPOCH.date()).days}</v></c>'
    if isinstance(value, datetime.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return f'<c r="{reference}" s="3"><v>{seconds / SECONDS_A_DAY!r}</v></c>'
    return cell(reference, str(value))


def write_sheet(output, rows: Iterable[Sequence], date_time_format: str = DATE_TIME_FORMAT) -> None:
    """Write ``rows`` (sequences of plain values) as the only sheet of an XLSX package to ``output``."""
    names: list[str] = []
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as package:
        for name, xml in {**_PACKAGE, "xl/styles.xml": _styles(date_time_format)}.items():
            package.writestr(name, xml)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_START.encode())
            batch: list[str] = []
            for number, values in enumerate(rows, start=1):
                while len(names) < len(values):
                    names.append(column_name(len(names)))
                cells = "".join(
                    cell(f"{names[column]}{number}", value)
                    for column, value in enumerate(values)
                    if value is not None
                )
                batch.append(f'<row r="{number}">{cells}</row>')
                if len(batch) == ROWS_PER_WRITE:
                    sheet.write("".join(batch).encode())
                    batch.clear()
            sheet.write(("".join(batch) + _SHEET_END).encode())
