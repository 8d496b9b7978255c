"""Read an Ofsted Annex A workbook (ILACS child-level lists) into the canonical tables and findings.

Framework-free. The workbook is opened with openpyxl in read-only mode without cached values
(`data_only=False`): a cell holding a formula is reported and read as blank, never worked out. Sheets
are found by name ("List 1", "list1", "List 1 - Contacts"); the header row is the row among the first
ten that names most of the list's columns, matched as `annex_a_spec.match_headers` says. Values are
normalised (`a) Male` → M, `a) WBRI` → WBRI, `q) 6: Police` → 6, `a) Yes` → true; dates are Excel
dates or DD/MM/YYYY text) and the lists become canonical tables in `annex_a_tables`.

Rows are the worksheet's rows (the header is usually row 1); a finding's field is "<sheet>: <header
as written>". Codes: `workbook-unreadable`, `annex-a-no-lists`, `columns-missing`, `header-inexact`
and `header-unknown` (warnings), `value-formula` and `value-error` (warnings: read as blank),
`date-invalid`, `value-invalid`, `value-missing`, `code-unknown` and `list-not-stored` (warning).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import openpyxl
import polars as pl
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from assure.casedata import codes
from assure.casedata.findings import Finding, Severity
from assure.casedata.parsers import annex_a_spec as spec
from assure.casedata.parsers.annex_a_tables import build
from assure.casedata.parsers.common import FINDING_LIMIT, Findings

__all__ = ["is_annex_a", "parse_annex_a"]

WARN = Severity.WARNING
HEADER_SEARCH = 10  # rows looked at for the header
_ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!"})
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_DTYPES: dict[str, Any] = {"date": pl.Date, "flag": pl.Boolean, "number": pl.Int32}
CODE_SETS: dict[str, frozenset[str]] = {
    "ethnicity": codes.ETHNIC,
    "primary_need": frozenset(f"N{n}" for n in range(10)),
    "closure_reason": frozenset(f"RC{n}" for n in range(1, 10)),
    "initial_category": frozenset(spec.CATEGORIES.values()),
    "latest_category": frozenset(spec.CATEGORIES.values()),
    "legal_status": codes.LS,
    "need_code": codes.CIN,
    "placement": codes.PLACE,
    "provider": codes.PLACE_PROVIDER,
    "reason_ceased": codes.REC,
}


class Problem(Exception):
    def __init__(self, message: str, code: str, severity: Severity = Severity.ERROR) -> None:
        super().__init__(message)
        self.message, self.code, self.severity = message, code, severity


def is_annex_a(content: bytes) -> bool:
    """Whether the content is a workbook with a sheet named like an Annex A list ("List 1" …)."""
    if not content.startswith(b"PK"):
        return False
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        return False
    names = book.sheetnames
    book.close()
    return any(spec.list_number(name) is not None for name in names)


def parse_annex_a(
    name: str, content: bytes, *, as_at: dt.date | None = None, finding_limit: int = FINDING_LIMIT
) -> tuple[dict[str, pl.DataFrame], list[Finding]]:
    """The canonical tables in an Annex A workbook and what is wrong with it.

    `as_at` is the day the lists were drawn up (the inspection); care leavers (List 9) are dated with the
    31 March on or before it. Without it, the latest date in Lists 1 to 8 stands in for it.
    """
    out = Findings(finding_limit)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        message = "The file could not be opened as an Excel workbook (.xlsx)."
        return {}, [Finding(name, None, "", "", message, "workbook-unreadable")]
    lists: dict[int, pl.DataFrame] = {}
    try:
        for sheet in book.worksheets:
            number = spec.list_number(sheet.title)
            if number is not None and number not in lists:
                frame = _read_sheet(name, sheet, number, out)
                if frame is not None:
                    lists[number] = frame
    finally:
        book.close()
    if not lists and not len(out):
        message = 'The workbook has no sheets named "List 1" to "List 11", so it is not an Annex A return.'
        out.add(Finding(name, None, "", "", message, "annex-a-no-lists"))
    for number, what in spec.NOT_STORED.items():
        if number in lists and lists[number].height:
            message = (
                f"List {number} ({what}) was read ({lists[number].height} rows), but Assure has no table "
                f"for {what}, so it is not stored."
            )
            out.add(Finding(name, None, f"List {number}", "", message, "list-not-stored", Severity.WARNING))
    return build(lists, as_at=as_at), out.result()


def _read_sheet(name: str, sheet: Any, number: int, out: Findings) -> pl.DataFrame | None:
    rows = sheet.iter_rows()
    head: list[Any] = []
    for _ in range(HEADER_SEARCH):
        row = next(rows, None)
        if row is None:
            break
        head.append(row)
    at, found, unknown = _header_row(number, head)
    columns = {column.name for column, _ in found.values()}
    missing = [c.header for c in spec.LISTS[number] if c.required and c.name not in columns]
    title = sheet.title
    if at is None:
        expected = ", ".join(c.header for c in spec.LISTS[number][:4])
        message = f"No row in the first {HEADER_SEARCH} names the columns of Annex A List {number} ({expected} …)."
        out.add(Finding(name, None, title, "", message, "columns-missing"))
        return None
    if missing:
        message = f'{title} has no "{'", "'.join(missing)}" column, so the list cannot be read.'
        out.add(Finding(name, at + 1, title, "", message, "columns-missing"))
        return None
    headers = [cell.value for cell in head[at]]
    for position, (column, exact) in found.items():
        if not exact:
            said = f'is read as "{column.header}".'
            out.add(_finding(name, at + 1, title, headers[position], headers[position], said, "header-inexact", WARN))
    for position in unknown:
        said = f"is not a column of Annex A List {number}; it is ignored."
        out.add(_finding(name, at + 1, title, headers[position], headers[position], said, "header-unknown"))
    stored = number not in spec.NOT_STORED
    kept = {p: c for p, (c, _) in found.items() if (stored and c.kind != "ignore") or c.kind == "id"}
    data: dict[str, list[Any]] = {c.name: [] for c in kept.values()} | {"_row": []}
    for row in [*head[at + 1 :], *rows]:
        values = _read_row(name, title, headers, row, kept, out)
        if values is not None:
            for key, value in values.items():
                data[key].append(value)
    schema = {c.name: _DTYPES.get(c.kind, pl.String) for c in kept.values()} | {"_row": pl.Int32}
    return pl.DataFrame(data, schema=schema)


def _header_row(number: int, head: list[Any]) -> tuple[int | None, dict[int, tuple[spec.Column, bool]], list[int]]:
    best: tuple[int | None, dict[int, tuple[spec.Column, bool]], list[int]] = (None, {}, [])
    for index, row in enumerate(head):
        found, unknown = spec.match_headers(number, [cell.value for cell in row])
        if len(found) >= 2 and len(found) > len(best[1]):
            best = (index, found, unknown)
    return best


def _read_row(
    name: str, title: str, headers: list[Any], row: Any, kept: dict[int, spec.Column], out: Findings
) -> dict[str, Any] | None:
    cells = {position: row[position] for position in kept if position < len(row)}
    if all(_blank(cell.value) for cell in row):
        return None
    line = next((cell.row for cell in row if getattr(cell, "row", None)), None)
    first = min((p for p, c in kept.items() if c.kind == "id"), default=None)
    child = ""
    values: dict[str, Any] = {"_row": line}
    flagged: set[str] = set()
    for position in sorted(kept, key=lambda p: p != first):
        column = kept[position]
        cell = cells.get(position)
        try:
            value = _value(cell, column.kind) if cell is not None else None
        except Problem as problem:
            shown = "" if cell is None or cell.value is None else str(cell.value)
            field = headers[position]
            out.add(_finding(name, line, title, field, shown, problem.message, problem.code, problem.severity, child))
            flagged.add(column.name)
            value = None
        if cell is not None and value is not None and value not in CODE_SETS.get(column.name, (value,)):
            said = f'is not a {column.header} code Assure knows ("{value}" after removing the label).'
            out.add(_finding(name, line, title, headers[position], str(cell.value), said, "code-unknown", child=child))
        if position == first:
            child = value or ""
        values[column.name] = value
    for position, column in kept.items():
        if column.required and values[column.name] is None and column.name not in flagged:
            if column.kind == "id":
                said = f"{column.header} is blank, so this row cannot be imported."
                out.add(_finding(name, line, title, headers[position], "", said, "value-missing"))
                return None
            said = f"is blank, so this row's {title} record is not stored."
            out.add(_finding(name, line, title, headers[position], "", said, "value-missing", WARN, child))
    return values if values.get("child_id") or values.get("adopter_id") else None


def _finding(
    file: str,
    row: int | None,
    title: str,
    header: object,
    value: object,
    message: str,
    code: str,
    severity: Severity = Severity.ERROR,
    child: str = "",
) -> Finding:
    shown = "" if value is None else str(value)
    return Finding(file, row, f"{title}: {header}", shown, message, code, severity, child)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _value(cell: Any, kind: str) -> Any:
    """The cell's value as the column's kind, or a `Problem`."""
    if getattr(cell, "data_type", None) == "f":
        message = "is a formula; Assure does not work formulas out, so the cell is read as blank."
        raise Problem(message, "value-formula", Severity.WARNING)
    value = cell.value
    if getattr(cell, "data_type", None) == "e" or (isinstance(value, str) and value.strip() in _ERRORS):
        raise Problem("is an Excel error value, read as blank.", "value-error", Severity.WARNING)
    if isinstance(value, str):
        value = " ".join(value.replace("\xa0", " ").split()) or None
    if value is None:
        return None
    if kind == "date":
        return _date(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if kind == "flag":
        return _word(value, spec.FLAG_WORDS, "is not Yes or No.")
    if kind == "number":
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return int(value)
        raise Problem("is not a whole number.", "value-invalid")
    text = str(value)
    if kind == "sex":
        return _word(text, spec.SEX_WORDS, "is not a gender Annex A uses (Male, Female, Not stated/recorded, Neither).")
    if kind == "code":
        return spec.code_of(text)
    if kind == "category":
        return spec.CATEGORIES.get(spec.normal(spec.unlettered(text)), spec.code_of(text))
    if kind == "touch":
        return spec.IN_TOUCH.get(spec.normal(spec.unlettered(text)), spec.code_of(text))
    if kind == "suitable":
        return _word(text, spec.SUITABLE, "is not Suitable or Not suitable.")
    return text


def _word(value: object, words: dict[str, Any], message: str) -> Any:
    if isinstance(value, bool) and True in words.values():
        return value
    key = spec.normal(spec.unlettered(str(value)))
    if key in words:
        return words[key]
    raise Problem(message, "value-invalid")


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        moment = from_excel(value)
        return moment.date() if isinstance(moment, dt.datetime) else dt.date(1900, 1, 1)
    text = str(value)
    match = _DMY.match(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    iso = _ISO.match(text)
    parts = parts or ((iso.group(1), iso.group(2), iso.group(3)) if iso else None)
    if parts is None:
        raise Problem("is not a date: Annex A dates are Excel dates or DD/MM/YYYY.", "date-invalid")
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise Problem("is not a real date.", "date-invalid") from None
