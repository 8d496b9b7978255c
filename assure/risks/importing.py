"""Reading a risk register spreadsheet (XLSX or CSV) into rows. Framework-free.

Councils keep registers as spreadsheets laid out for printing: a header row, then numbered section
rows ("1. Budget") that give the category of the risks below them, dates typed as text
("31/03/2016 ongoing"), and scores in separate impact and likelihood columns. Cells holding
formulas are refused: an imported value must be what the owner typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    # field: (label, words that identify its column header)
    "reference": ("Reference", ("ref",)),
    "title": ("Title", ("title",)),
    "category": ("Category", ("category",)),
    "objective": ("Business objective or priority", ("objective", "priority")),
    "cause": ("Risk: what could go wrong", ("what could go wrong", "risk what", "issue", "cause")),
    "consequence": ("Consequence", ("consequence", "effect")),
    "controls": ("Existing controls", ("existing",)),
    "current_impact": ("Current impact", ("impact",)),
    "current_likelihood": ("Current likelihood", ("likelihood",)),
    "current_score": ("Current score", ("score with", "current score", "risk score")),
    "actions": ("Further actions", ("further",)),
    "target_impact": ("Target impact", ("target impact",)),
    "target_likelihood": ("Target likelihood", ("target likelihood",)),
    "target_score": ("Target score", ("target score",)),
    "cost": ("Cost", ("cost",)),
    "owner": ("Owner", ("owner",)),
    "target_date": ("Target date", ("target date", "date")),
}
REQUIRED = ("cause", "current_impact", "current_likelihood")
SECTION = re.compile(r"^\s*(\d{1,2})\s*[.)]\s*(\S.*)$")
DATE_TEXT = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class ReadError(ValueError):
    pass


@dataclass
class Sheet:
    file_name: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number in the file, cells)
    errors: list[str] = field(default_factory=list)


def _cell_text(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    return value


def read_sheet(file_name: str, content: bytes) -> Sheet:
    """The first sheet's header row and data rows; formulas are reported as errors, row by row."""
    if file_name.lower().endswith(".csv"):
        return _read_csv(file_name, content)
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(file_name, content)
    raise ReadError(f"{file_name}: upload an Excel workbook (.xlsx) or a CSV file.")


def _header_index(rows: list[tuple[int, list[Any]]]) -> int:
    """The header is the first row with at least four filled cells (a title row above it has fewer)."""
    for index, (_, cells) in enumerate(rows):
        if sum(1 for c in cells if c not in (None, "")) >= 4:
            return index
    raise ReadError("No header row found: the first row with four or more filled cells is taken as the header.")


def _sheet(file_name: str, raw: list[tuple[int, list[Any]]], errors: list[str]) -> Sheet:
    index = _header_index(raw)
    headers = [" ".join(str(c or "").split()) or f"Column {n}" for n, c in enumerate(raw[index][1], start=1)]
    rows = [(number, cells) for number, cells in raw[index + 1 :] if any(c not in (None, "") for c in cells)]
    return Sheet(file_name=file_name, headers=headers, rows=rows, errors=errors)


def _read_csv(file_name: str, content: bytes) -> Sheet:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    raw, errors = [], []
    for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        cleaned = [_cell_text(c) for c in cells]
        for column, value in enumerate(cleaned, start=1):
            if isinstance(value, str) and value.startswith("="):
                errors.append(
                    f"{file_name}, row {number}, column {column}: holds a formula ({value[:30]}); "
                    "enter the value itself."
                )
        raw.append((number, cleaned))
    return _sheet(file_name, raw, errors)


def _read_xlsx(file_name: str, content: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), data_only=False, read_only=True)
    except Exception as error:
        raise ReadError(f"{file_name}: this is not a workbook Excel can open ({error.__class__.__name__}).") from None
    sheet = book.worksheets[0]
    raw, errors = [], []
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        values = []
        for column, cell in enumerate(cells, start=1):
            if getattr(cell, "data_type", None) == "f":
                errors.append(
                    f"{file_name}, row {number}, column {column}: holds a formula ({str(cell.value)[:30]}); "
                    "enter the value itself."
                )
            values.append(_cell_text(cell.value))
        raw.append((number, values))
    book.close()
    return _sheet(file_name, raw, errors)


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Each field's column header, guessed from the header words (the person checks it)."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for name, (_, words) in FIELDS.items():
        for header in headers:
            lower = header.lower()
            if header not in taken and any(w in lower for w in words):
                if name in {"current_impact", "current_likelihood", "current_score"} and "target" in lower:
                    continue
                mapping[name] = header
                taken.add(header)
                break
    return mapping


def section_category(cells: list[Any]) -> str | None:
    """'1. Budget' alone on a row names the category of the rows below it."""
    filled = [c for c in cells if c not in (None, "")]
    if len(filled) != 1 or not isinstance(filled[0], str):
        return None
    match = SECTION.match(filled[0])
    return match.group(2).strip() if match else None


def parse_date(value: Any) -> dt.date | None:
    """A date from a date cell or from text like '31/03/17', '31.03.2016 ongoing' or '2017-03-31'."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if match := ISO_DATE.search(text):
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    if match := DATE_TEXT.search(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        year = year + 2000 if year < 100 else year
        return dt.date(year, month, day)
    raise ValueError(f"'{text}' is not a date; write it like 31/03/2027")


def split_items(value: Any) -> list[str]:
    """Controls or actions typed as one cell: split on new lines and bullet marks."""
    if value in (None, ""):
        return []
    parts = re.split(r"\n+|\s*[•*]\s+|^\s*-\s+", str(value), flags=re.MULTILINE)
    return [" ".join(p.split()) for p in parts if p and p.strip(" -")]
