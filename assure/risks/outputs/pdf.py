"""PDF outputs, drawn with fpdf2 (no system libraries): landscape A4, tables that wrap and repeat headings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from assure.risks.outputs import CARD_QUESTIONS, REGISTER_HEADERS, Document, register_row
from assure.risks.outputs.word import CARD_HEADERS

# The PDF core fonts hold Latin-1 only: put typographic characters into plain ones.
_PLAIN = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "•": "-", "→": "->", "×": "x"}
)


def _text(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Pdf(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.doc_title = title
        self.set_title(_text(title))
        self.set_auto_page_break(auto=True, margin=14)
        self.set_margins(12, 12, 12)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("Helvetica", size=7)
        self.cell(0, 5, _text(f"{self.doc_title} - page {self.page_no()}"), align="C")


def _heading(pdf: _Pdf, text: str, size: int = 12) -> None:
    pdf.set_font("Helvetica", "B", size)
    pdf.ln(2)
    pdf.multi_cell(0, 6, _text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=8)


def _table(
    pdf: _Pdf,
    headers: list[str],
    rows: list[list[Any]],
    widths: Sequence[float],
    *,
    heading_rows: frozenset[int] = frozenset(),
) -> None:  # type: ignore[assignment]
    pdf.set_font("Helvetica", size=7)
    pdf.set_fill_color(255, 255, 255)  # the heat map's last colour must not leak into the cells
    grey = FontFace(emphasis="BOLD", fill_color=(221, 221, 221))
    with pdf.table(
        width=sum(widths),
        col_widths=widths,
        text_align="LEFT",
        line_height=3.4,
        padding=1,
        headings_style=grey,
        align="LEFT",
    ) as table:
        table.row([_text(h) for h in headers])
        for index, row in enumerate(rows):
            if index in heading_rows:
                table.row().cell(
                    _text(row[0]), colspan=len(headers), style=FontFace(emphasis="BOLD", fill_color=(243, 242, 241))
                )
            else:
                table.row([_text(v) for v in row])


def _heat_map(pdf: _Pdf, document: Document) -> None:
    _heading(pdf, "Heat map: current and target scores")
    current, target = document.heat_counts()
    size = document.matrix.size
    cell_w, cell_h = 26.0, 12.0
    pdf.set_font("Helvetica", "B", 7)
    pdf.cell(cell_w, cell_h / 2, "Likelihood / Impact", border=1)
    for impact in range(1, size + 1):
        pdf.cell(cell_w, cell_h / 2, str(impact), border=1, align="C")
    pdf.ln()
    for likelihood in range(size, 0, -1):
        pdf.set_font("Helvetica", "B", 7)
        pdf.cell(cell_w, cell_h, str(likelihood), border=1, align="C")
        for impact in range(1, size + 1):
            score = impact * likelihood
            band = document.matrix.band(score)
            if band:
                pdf.set_fill_color(*_rgb(band.colour))
                pdf.set_text_color(*_rgb(band.text_colour))
            now, later = current.get((impact, likelihood), 0), target.get((impact, likelihood), 0)
            label = f"{score}" + (f"  {now} now" if now else "") + (f"  {later} target" if later else "")
            pdf.set_font("Helvetica", "B" if now else "", 7)
            pdf.cell(cell_w, cell_h, _text(label), border=1, align="C", fill=bool(band))
            pdf.set_text_color(11, 12, 12)
        pdf.ln()
    pdf.ln(3)
    _table(pdf, ["Band", "Risks now", "Risks at target"], [list(r) for r in document.band_rows()], [50, 30, 30])


def _diff(pdf: _Pdf, diff: dict[str, Any]) -> None:
    _heading(pdf, "Changes since the last version")
    if diff.get("first"):
        pdf.multi_cell(0, 5, "This is the first published version.", new_x="LMARGIN", new_y="NEXT")
        return
    rows = [
        ["New", "; ".join(f"{d['reference']} {d['title']}" for d in diff["new"]) or "None"],
        ["Closed", "; ".join(f"{d['reference']} {d['title']}" for d in diff["closed"]) or "None"],
        ["Re-scored", "; ".join(f"{d['reference']}: {d['from']} to {d['to']}" for d in diff["rescored"]) or "None"],
        ["Changed", "; ".join(f"{d['reference']}: {', '.join(d['fields'])}" for d in diff["changed"]) or "None"],
    ]
    _table(pdf, ["Change", "Risks"], rows, [30, 240])


def _card(pdf: _Pdf, risk: dict[str, Any], *, new_page: bool) -> None:
    if new_page:
        pdf.add_page()
    _heading(pdf, f"{risk['reference']} {risk['title']}")
    row = [
        risk["reference"],
        risk["category"],
        f"{risk['title']}. {risk['cause']}",
        ", ".join(risk["owners"]),
        *risk["current"],
    ]
    _table(pdf, CARD_HEADERS, [row], [20, 30, 120, 40, 18, 20, 25])
    for key, question in CARD_QUESTIONS:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 9)
        pdf.multi_cell(0, 5, _text(question), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=9)
        answer = risk[key] or "Not answered."
        if key == "reduction_narrative":
            answer = ("Yes. " if risk["reduction_expected"] else "No. ") + (risk[key] or "")
        pdf.multi_cell(0, 4.5, _text(answer), new_x="LMARGIN", new_y="NEXT")


def render_pdf(document: Document) -> bytes:
    pdf = _Pdf(document.title)
    pdf.add_page()
    pdf.set_text_color(11, 12, 12)
    _heading(pdf, document.title, 16)
    pdf.set_font("Helvetica", size=9)
    pdf.multi_cell(0, 5, _text(document.subtitle), new_x="LMARGIN", new_y="NEXT")
    for note in document.notes:
        pdf.multi_cell(0, 5, _text(note), new_x="LMARGIN", new_y="NEXT")
    if document.diff is not None:
        _diff(pdf, document.diff)
    if document.heat_map:
        _heat_map(pdf, document)
    if document.register_table:
        pdf.add_page()
        _heading(pdf, "The register")
        rows: list[list[Any]] = []
        headings: set[int] = set()
        for heading, risks in document.grouped():
            headings.add(len(rows))
            rows.append([heading])
            rows.extend(register_row(r) for r in risks)
        widths = [22, 30, 26, 36, 6, 6, 10, 36, 12, 12, 11, 18, 22, 20]
        _table(pdf, REGISTER_HEADERS, rows, widths, heading_rows=frozenset(headings))
    if document.cards:
        for index, risk in enumerate(document.risks):
            _card(pdf, risk, new_page=bool(index or document.heat_map or document.register_table))
    return bytes(pdf.output())
