"""Reading an uploaded CSV or XLSX file into rows under their column names. Framework-free.

Excel cells are read as stored: a formula is never worked out (not even from the value Excel saved
with it); the cell is refused. So is text that a spreadsheet would take for a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

MAX_ROWS = 20_000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_UNREADABLE_XLSX = "The file could not be read as an Excel workbook. Save it as .xlsx or as CSV UTF-8."


@dataclass(frozen=True)
class Problem:
    """Something wrong with an upload. `row` is the spreadsheet's row number, None for the whole file."""

    file: str
    message: str
    row: int | None = None
    field: str = ""
    value: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f', field "{self.field}"'
        return f"{where}: {self.message}" if where else self.message

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Cell:
    text: str
    formula: bool = False


@dataclass
class Sheet:
    file: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str | None]]]  # (row number, column → text, or None for a refused formula)
    header_row: int = 1


_ALIASES = {"e_mail": "email", "email_address": "email", "e_mail_address": "email"}


def column_key(header: str) -> str:
    """A column heading as a field name: "First name" and " first_name " are both first_name."""
    key = re.sub(r"[\s_-]+", "_", header.strip().lower()).strip("_")
    return _ALIASES.get(key, key)


def quoted_names(names: Sequence[str]) -> str:
    quoted = [f'"{name}"' for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def read_sheet(file: str, data: bytes, problems: list[Problem]) -> Sheet | None:
    """Read a CSV or XLSX file, adding what is wrong with it to `problems`; None if it cannot be read."""
    if not data:
        problems.append(Problem(file, "The file is empty. Choose a CSV or Excel file with column names in row 1."))
        return None
    is_xlsx = file.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04")
    grid = _xlsx_grid(file, data, problems) if is_xlsx else _csv_grid(file, data, problems)
    if grid is None:
        return None
    return _sheet(file, grid, problems)


def _csv_grid(file: str, data: bytes, problems: list[Problem]) -> list[tuple[int, list[Cell]]] | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(
                file,
                f"The file is not UTF-8 text (byte {exc.start + 1} cannot be read). "
                'In Excel, save it as "CSV UTF-8 (comma delimited)".',
            )
        )
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        problems.append(Problem(file, f"The file could not be read as CSV ({exc})."))
        return None
    # Each record is one row in a spreadsheet, even if a quoted value runs over several lines.
    return [
        (number, [Cell(value, value.startswith(FORMULA_PREFIXES)) for value in record])
        for number, record in enumerate(records, start=1)
    ]


def _xlsx_grid(file: str, data: bytes, problems: list[Problem]) -> list[tuple[int, list[Cell]]] | None:
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula cell gives its formula, never a worked-out or cached value.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of error for a damaged or foreign file
        problems.append(Problem(file, _UNREADABLE_XLSX))
        return None
    try:
        grid = []
        for number, cells in enumerate(workbook.worksheets[0].iter_rows(min_row=1, min_col=1), start=1):
            grid.append((number, [_xlsx_cell(cell.value, cell.data_type) for cell in cells]))
            if number > MAX_ROWS + 1000:
                break
        return grid
    except Exception:
        problems.append(Problem(file, _UNREADABLE_XLSX))
        return None
    finally:
        workbook.close()


def _xlsx_cell(value: object, data_type: str) -> Cell:
    if data_type == "f":  # a formula, or an array formula whose text is on the object
        text = value if isinstance(value, str) else str(getattr(value, "text", None) or value)
        return Cell(text if text.startswith("=") else f"={text}", formula=True)
    if value is None:
        return Cell("")
    if isinstance(value, str):
        return Cell(value, value.startswith(FORMULA_PREFIXES))
    if isinstance(value, bool):
        return Cell("TRUE" if value else "FALSE")
    if isinstance(value, dt.datetime):
        return Cell(value.date().isoformat())
    if isinstance(value, dt.date):
        return Cell(value.isoformat())
    if isinstance(value, float):
        return Cell(format(value, ".10g"))
    return Cell(str(value))


def _sheet(file: str, grid: list[tuple[int, list[Cell]]], problems: list[Problem]) -> Sheet | None:
    filled = [(number, cells) for number, cells in grid if any(c.text.strip() or c.formula for c in cells)]
    if not filled:
        problems.append(Problem(file, "The file has no column names and no rows."))
        return None
    header_row, header = filled[0]
    columns = [column_key(cell.text) for cell in header]
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        problems.append(
            Problem(file, f"Each column name must appear once; {quoted_names(repeated)} repeat.", header_row)
        )
    if len(filled) - 1 > MAX_ROWS:
        problems.append(Problem(file, f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files."))
        return None
    rows = []
    for number, cells in filled[1:]:
        values: dict[str, str | None] = {}
        for column, cell in zip(columns, cells, strict=False):
            if not column:
                continue
            if cell.formula:
                shown = cell.text if len(cell.text) <= 60 else cell.text[:57] + "..."
                problems.append(
                    Problem(file, f'"{shown}" is a formula. Type the value itself.', number, column, cell.text)
                )
                values[column] = None
            else:
                values[column] = cell.text.strip()
        rows.append((number, values))
    return Sheet(file, columns, rows, header_row)
