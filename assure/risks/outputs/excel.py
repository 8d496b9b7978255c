"""Excel outputs: a heat map sheet with band colours, the register sheet and a card sheet.

Every text cell is written as text, never as a formula, whatever it starts with (as in core.exports).
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from assure.risks.outputs import CARD_QUESTIONS, REGISTER_HEADERS, Document, register_row


def _put(sheet: Any, row: int, column: int, value: Any, *, bold: bool = False, fill: str = "") -> Any:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = TYPE_STRING  # never a formula
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill.lstrip("#").upper())
    return cell


def _heat_sheet(book: Workbook, document: Document) -> None:
    sheet = book.create_sheet("Heat map")
    _put(sheet, 1, 1, document.title, bold=True)
    _put(sheet, 2, 1, document.subtitle)
    current, target = document.heat_counts()
    size = document.matrix.size
    _put(sheet, 4, 1, "Likelihood \\ Impact", bold=True)
    for impact in range(1, size + 1):
        _put(sheet, 4, impact + 1, impact, bold=True)
    for offset, likelihood in enumerate(range(size, 0, -1)):
        row = 5 + offset
        _put(sheet, row, 1, likelihood, bold=True)
        for impact in range(1, size + 1):
            score = impact * likelihood
            band = document.matrix.band(score)
            now, later = current.get((impact, likelihood), 0), target.get((impact, likelihood), 0)
            text = f"{score}" + (f": {now} now" if now else "") + (f", {later} target" if later else "")
            _put(sheet, row, impact + 1, text, bold=bool(now), fill=band.colour if band else "")
    row = 6 + size
    for column, header in enumerate(["Band", "Risks now", "Risks at target"], start=1):
        _put(sheet, row, column, header, bold=True)
    for offset, values in enumerate(document.band_rows(), start=1):
        for column, value in enumerate(values, start=1):
            _put(sheet, row + offset, column, value)
    sheet.column_dimensions["A"].width = 22
    for column in range(2, size + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 18


def _register_sheet(book: Workbook, document: Document) -> None:
    sheet = book.create_sheet("Register")
    for column, header in enumerate(REGISTER_HEADERS, start=1):
        _put(sheet, 1, column, header, bold=True, fill="#dddddd")
    row = 2
    for heading, risks in document.grouped():
        _put(sheet, row, 1, heading, bold=True)
        row += 1
        for risk in risks:
            for column, value in enumerate(register_row(risk), start=1):
                _put(sheet, row, column, value)
            row += 1
    for column, width in enumerate([28, 40, 34, 44, 5, 5, 7, 44, 8, 8, 9, 18, 22, 12], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def _cards_sheet(book: Workbook, document: Document) -> None:
    sheet = book.create_sheet("Risk cards")
    headers = ["Risk ref", "Category", "Risk", "Owners", "Impact", "Likelihood", "Current score"] + [
        q for _, q in CARD_QUESTIONS
    ]
    for column, header in enumerate(headers, start=1):
        _put(sheet, 1, column, header, bold=True, fill="#dddddd")
    for row, risk in enumerate(document.risks, start=2):
        reduction = ("Yes. " if risk["reduction_expected"] else "No. ") + risk["reduction_narrative"]
        values = [
            risk["reference"],
            risk["category"],
            f"{risk['title']}. {risk['cause']}",
            ", ".join(risk["owners"]),
            *risk["current"],
            risk["score_reason"],
            risk["significant_controls"],
            reduction,
        ]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
    for column in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 40 if column in {3, 8, 9, 10} else 14


def render_xlsx(document: Document) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    if document.heat_map:
        _heat_sheet(book, document)
    if document.register_table:
        _register_sheet(book, document)
    if document.cards:
        _cards_sheet(book, document)
    if document.diff is not None and not document.diff.get("first"):
        sheet = book.create_sheet("Changes")
        for column, header in enumerate(["Change", "Reference", "Detail"], start=1):
            _put(sheet, 1, column, header, bold=True)
        row = 2
        for kind, key in (("New", "new"), ("Closed", "closed"), ("Re-scored", "rescored"), ("Changed", "changed")):
            for item in document.diff[key]:
                detail = (
                    f"{item.get('from')} to {item.get('to')}"
                    if key == "rescored"
                    else ", ".join(item.get("fields", [])) or item["title"]
                )
                for column, value in enumerate([kind, item["reference"], detail], start=1):
                    _put(sheet, row, column, value)
                row += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
