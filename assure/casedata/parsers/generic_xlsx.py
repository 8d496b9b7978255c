"""Read the worksheets of an XLSX workbook as text tables, without ever calculating a formula.

Framework-free. The workbook is opened read-only with formulas kept as formulas (`data_only=False`): a
formula cell is reported as a finding and read as blank, because the value Excel last showed may be
stale and Assure does not evaluate formulas. Dates typed as Excel dates are read as YYYY-MM-DD text, so
they pass the same checks as a CSV's dates. Row 1 of each sheet is its header.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import Counter
from typing import Any

import polars as pl
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from assure.casedata.findings import Finding
from assure.casedata.parsers.common import FILE, ROW, Findings

Sheet = tuple[str, pl.DataFrame, list[str]]

_FORMULA = (
    "holds a formula. Assure never calculates formulas: copy the column and paste it back as values "
    '(Paste Special, "Values"), then upload the file again.'
)


def read_xlsx(name: str, content: bytes, out: Findings) -> list[Sheet]:
    """Each non-empty worksheet as (label, text frame with `_file` and `_row`, headers as written)."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        message = f"The file could not be read as an Excel workbook (.xlsx): {error}"
        out.add(Finding(name, None, "", "", message, "xlsx-unreadable"))
        return []
    try:
        several = len(book.worksheets) > 1
        sheets = []
        for sheet in book.worksheets:
            label = f"{name} (sheet {sheet.title})" if several else name
            read = _read_sheet(label, sheet, out)
            if read is not None:
                sheets.append(read)
        return sheets
    finally:
        book.close()


def first_rows(content: bytes) -> list[list[str]]:
    """The header row of each worksheet (empty when the file is not a readable workbook)."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        return []
    try:
        return [
            [_header(cell.value) for cell in next(sheet.iter_rows(max_row=1), ())]
            for sheet in book.worksheets
            if hasattr(sheet, "iter_rows")
        ]
    finally:
        book.close()


def _read_sheet(label: str, sheet: Any, out: Findings) -> Sheet | None:
    if hasattr(sheet, "reset_dimensions"):  # a chart sheet has no cells
        sheet.reset_dimensions()  # some programs write a wrong size; read every row there is
    rows = iter(sheet.iter_rows()) if hasattr(sheet, "iter_rows") else iter(())
    header_cells = next(rows, ())
    headers = [_header(cell.value) for cell in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        return None
    repeated = sorted(h for h, count in Counter(h.lower() for h in headers if h).items() if count > 1)
    if repeated:
        message = "A column name appears more than once in the first row."
        out.add(Finding(label, 1, ", ".join(repeated), "", message, "csv-unreadable"))
        return None
    width = len(headers)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    numbers: list[int] = []
    for number, cells in enumerate(rows, start=2):
        values = [_text(label, number, headers, index, cell, out) for index, cell in enumerate(cells[:width])]
        values += [None] * (width - len(values))
        if any(value is not None for value in values):
            numbers.append(number)
            for column, value in zip(columns, values, strict=True):
                column.append(value)
    named = [header or f"column {index + 1}" for index, header in enumerate(headers)]
    frame = pl.DataFrame({h: pl.Series(h, c, dtype=pl.String) for h, c in zip(named, columns, strict=True)})
    frame = frame.with_columns(pl.lit(label).alias(FILE), pl.Series(ROW, numbers, dtype=pl.Int64))
    return label, frame, named


def _header(value: object) -> str:
    return "" if value is None else str(value).strip()


def _text(label: str, row: int, headers: list[str], index: int, cell: Any, out: Findings) -> str | None:
    value = cell.value
    if value is None:
        return None
    if getattr(cell, "data_type", None) == "f":
        formula = str(getattr(value, "text", value))
        out.add(Finding(label, row, headers[index], formula, _FORMULA, "formula"))
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
