"""Word (.docx) outputs, with python-docx: headings, real tables and shaded heat-map cells."""

from __future__ import annotations

import io
from typing import Any

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from assure.risks.outputs import CARD_QUESTIONS, REGISTER_HEADERS, Document, register_row

CARD_HEADERS = ["Risk ref", "Category", "Risk", "Risk owner", "Impact", "Likelihood", "Current score"]


def _shade(cell: Any, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#"))
    properties.append(shading)


def _table(
    doc: Any, headers: list[str], rows: list[list[Any]], *, size: int = 8, widths: list[float] | None = None
) -> Any:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        _shade(cell, "#dddddd")
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            run = cell.paragraphs[0].add_run("" if value is None else str(value))
            run.font.size = Pt(size)
    if widths:  # Word reads each cell's width, LibreOffice the grid's: set both
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        for row_cells in table.rows:
            for cell, width in zip(row_cells.cells, widths, strict=True):
                cell.width = Cm(width)
    return table


def _heat_map(doc: Any, document: Document) -> None:
    doc.add_heading("Heat map: current and target scores", level=2)
    current, target = document.heat_counts()
    size = document.matrix.size
    table = doc.add_table(rows=size + 1, cols=size + 1)
    table.style = "Table Grid"
    table.cell(0, 0).text = "Likelihood \\ Impact"
    for impact in range(1, size + 1):
        table.cell(0, impact).text = str(impact)
    for row, likelihood in enumerate(range(size, 0, -1), start=1):
        table.cell(row, 0).text = str(likelihood)
        for impact in range(1, size + 1):
            score = impact * likelihood
            band = document.matrix.band(score)
            cell = table.cell(row, impact)
            now, later = current.get((impact, likelihood), 0), target.get((impact, likelihood), 0)
            parts = [f"{score}"] + ([f"{now} now"] if now else []) + ([f"{later} target"] if later else [])
            run = cell.paragraphs[0].add_run("\n".join(parts))
            run.font.size = Pt(8)
            run.bold = bool(now)
            if band:
                _shade(cell, band.colour)
                run.font.color.rgb = RGBColor.from_string(band.text_colour.lstrip("#").upper())
    doc.add_paragraph("")
    _table(
        doc, ["Band", "Risks now", "Risks at target"], [list(r) for r in document.band_rows()], size=9, widths=[5, 3, 3]
    )


def _diff(doc: Any, diff: dict[str, Any]) -> None:
    doc.add_heading("Changes since the last version", level=2)
    if diff.get("first"):
        doc.add_paragraph("This is the first published version.")
        return
    rows = [
        ["New", "; ".join(f"{d['reference']} {d['title']}" for d in diff["new"]) or "None"],
        ["Closed", "; ".join(f"{d['reference']} {d['title']}" for d in diff["closed"]) or "None"],
        ["Re-scored", "; ".join(f"{d['reference']}: {d['from']} to {d['to']}" for d in diff["rescored"]) or "None"],
        ["Changed", "; ".join(f"{d['reference']}: {', '.join(d['fields'])}" for d in diff["changed"]) or "None"],
    ]
    _table(doc, ["Change", "Risks"], rows, size=9, widths=[3.0, 23.0])


def _card(doc: Any, risk: dict[str, Any]) -> None:
    doc.add_heading(f"{risk['reference']} {risk['title']}", level=2)
    row = [
        risk["reference"],
        risk["category"],
        f"{risk['title']}. {risk['cause']}",
        ", ".join(risk["owners"]),
        risk["current"][0],
        risk["current"][1],
        risk["current"][2],
    ]
    _table(doc, CARD_HEADERS, [row], size=9, widths=[2.2, 3.0, 10.5, 4.0, 2.0, 2.2, 2.8])
    for key, question in CARD_QUESTIONS:
        paragraph = doc.add_paragraph()
        paragraph.add_run(question).bold = True
        answer = risk[key] or "Not answered."
        if key == "reduction_narrative":
            answer = ("Yes. " if risk["reduction_expected"] else "No. ") + (risk[key] or "")
        doc.add_paragraph(answer)


def render_docx(document: Document) -> bytes:
    doc = WordDocument()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.core_properties.title = document.title
    doc.add_heading(document.title, level=1)
    doc.add_paragraph(document.subtitle)
    for note in document.notes:
        doc.add_paragraph(note)
    if document.diff is not None:
        _diff(doc, document.diff)
    if document.heat_map:
        _heat_map(doc, document)
    if document.register_table:
        doc.add_heading("The register", level=2)
        rows: list[list[Any]] = []
        for heading, risks in document.grouped():
            rows.append([heading] + [""] * (len(REGISTER_HEADERS) - 1))
            rows.extend(register_row(r) for r in risks)
        widths = [2.2, 3.0, 2.6, 3.6, 0.7, 0.7, 1.1, 3.6, 1.2, 1.2, 1.1, 1.8, 2.2, 1.7]
        table = _table(doc, REGISTER_HEADERS, rows, size=7, widths=widths)
        for index, row in enumerate(rows, start=1):
            if row[1] == "" and row[0] and row[0][0].isdigit():
                merged = table.cell(index, 0).merge(table.cell(index, len(REGISTER_HEADERS) - 1))
                for extra in merged.paragraphs[1:]:  # merging keeps each cell's empty paragraph
                    extra._element.getparent().remove(extra._element)
                for run in merged.paragraphs[0].runs:
                    run.bold = True
                _shade(merged, "#f3f2f1")
    if document.cards:
        for risk in document.risks:
            _card(doc, risk)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
