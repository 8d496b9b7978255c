"""Canonical tables → an Ofsted Annex A workbook (Lists 1 to 11) for an inspection day.

Framework-free. `to_xlsx(tables, as_at=day)` gives the workbook's bytes: one sheet per list named
"List 1" … "List 11", Ofsted's column headers in row 1 (`domain-data.md` §3.2, from
`parsers.annex_a_spec`), one row per record from `annex_a_lists`. Values are written the way Annex A
writes them: lettered labels (`a) Male`, `a) WBRI`, `a) Yes`, `q) 6: Police`), codes with their words
where Assure knows them (`N1 - Abuse or neglect`, `Physical abuse`), dates as Excel dates shown
DD/MM/YYYY and Age in whole years on the day. Every text cell is written as text, so nothing in the
workbook is a formula. Lists 2 (early help) and 11 (adopters) have no canonical source: they carry
their headers only.
"""

from __future__ import annotations

import datetime as dt
import io
from string import ascii_lowercase
from typing import Any

import polars as pl
from openpyxl import Workbook

from assure.casedata.exporters.annex_a_lists import annex_lists
from assure.casedata.parsers.annex_a_spec import LISTS, Column

__all__ = ["to_xlsx"]

DATE_FORMAT = "DD/MM/YYYY"


def _lettered(*labels: str) -> dict[str, str]:
    return {label.split(":")[0]: f"{letter}) {label}" for letter, label in zip(ascii_lowercase, labels, strict=False)}


GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
ETHNICITY = {
    code: f"{letter}) {code}"
    for letter, code in zip(
        ascii_lowercase,
        ("WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
         "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"),
        strict=False,
    )
}  # fmt: skip
YES_NO = {True: "a) Yes", False: "b) No"}
# Contact and referral sources, lettered as in Ofsted's template (which has no 5D: it is written unlettered).
SOURCE = _lettered(
    *(f"{code}: Individual" for code in ("1A", "1B", "1C", "1D")),
    "2A: Schools", "2B: Education services",
    *(f"{code}: Health services" for code in ("3A", "3B", "3C", "3D", "3E", "3F")),
    "4: Housing", *(f"{code}: LA services" for code in ("5A", "5B", "5C")),
    "6: Police", "7: Other legal agency", "8: Other", "9: Anonymous", "10: Unknown",
) | {"5D": "5D: LA services"}  # fmt: skip
NEED = {"N0": "N0 - Not stated", "N1": "N1 - Abuse or neglect", "N2": "N2 - Child's disability",
        "N3": "N3 - Parental illness or disability", "N4": "N4 - Family in acute stress",
        "N5": "N5 - Family dysfunction", "N6": "N6 - Socially unacceptable behaviour",
        "N7": "N7 - Low income", "N8": "N8 - Absent parenting",
        "N9": "N9 - Cases other than children in need"}  # fmt: skip
CATEGORY = {"NEG": "Neglect", "PHY": "Physical abuse", "SAB": "Sexual abuse", "EMO": "Emotional abuse",
            "MUL": "Multiple"}  # fmt: skip
PROVIDER = _lettered("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")
IN_TOUCH = {"YES": "a) Yes", "NO": "b) No", "DIED": "c) Died", "REFU": "d) Refused", "NREQ": "e) Not required",
            "RHOM": "f) Returned home"}  # fmt: skip
SUITABILITY = {"1": "a) Suitable", "2": "b) Not suitable"}
LABELS: dict[str, dict[Any, str]] = {
    "sex": GENDER, "ethnicity": ETHNICITY, "source": SOURCE, "referral_source": SOURCE, "primary_need": NEED,
    "need_code": NEED, "initial_category": CATEGORY, "latest_category": CATEGORY, "provider": PROVIDER,
    "in_touch": IN_TOUCH, "suitability": SUITABILITY,
}  # fmt: skip


def to_xlsx(tables: dict[str, pl.DataFrame], *, as_at: dt.date) -> bytes:
    """The Annex A workbook for an inspection on `as_at`, as .xlsx bytes."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for number, frame in annex_lists(tables, as_at).items():
        sheet = book.create_sheet(f"List {number}")
        columns = LISTS[number]
        for index, column in enumerate(columns, 1):
            _put(sheet.cell(1, index), column.header)
        for row_number, row in enumerate(frame.iter_rows(named=True), 2):
            for index, column in enumerate(columns, 1):
                _put(sheet.cell(row_number, index), _cell(column, row.get(column.name)))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(column: Column, value: Any) -> Any:
    """The value as Annex A writes it in this column."""
    if value is None:
        return None
    if isinstance(value, bool):
        return YES_NO[value]
    labels = LABELS.get(column.name)
    if labels is not None:
        return labels.get(value, value)
    return value


def _put(cell: Any, value: Any) -> None:
    if value is None:
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text, even if it starts with "="
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
