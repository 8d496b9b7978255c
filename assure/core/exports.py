"""Spreadsheet and CSV downloads that open cleanly in Excel and never hold formulas.

Text that a spreadsheet would read as a formula (starting =, +, -, @) is written as text, so a
value that came from an upload can never run as a formula on someone's computer. Tables are
downloaded with headers a reader understands ("Child ID", "Due on"), never raw column names, and
with codes shown as their labels where there is one: `table_download` is the one way pages offer a
table as CSV or Excel.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from assure.core.forms import looks_like_formula

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (headers, rows) in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(h) for h in headers]
        for row in rows:
            sheet.append(list(row))
            for index, cell in enumerate(sheet[sheet.max_row]):
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
                    widths[index] = max(widths[index], min(60, len(cell.value)))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width + 2
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


EXPORT_FORMATS = ("csv", "xlsx")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: empty for None, and text a spreadsheet would run as a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and looks_like_formula(value):
        return f"'{value}"
    return value


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(headers)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return response


def table_download(
    fmt: str | None, *, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str = ""
) -> HttpResponse | None:
    """The table as `filename`.csv or .xlsx when `fmt` (the page's `?format=`) asks for one, else None."""
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", {sheet or filename: (headers, rows)})
    if fmt == "csv":
        return csv_response(f"{filename}.csv", headers, rows)
    return None
