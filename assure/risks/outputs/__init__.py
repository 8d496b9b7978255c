"""Committee outputs as Word, PDF and Excel: the heat map, the register table, risk cards and the pack.

Every output is drawn from plain data (a published version's snapshot, or a snapshot of the
register as it stands), so a version's pack is the same whenever it is downloaded.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify

from assure.risks import matrix as mx
from assure.risks.models import Register, RegisterVersion, Risk
from assure.risks.publishing import public_risks, register_snapshot, risk_snapshot

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

REGISTER_HEADERS = [
    "Objective or priority",
    "Risk: what could go wrong",
    "Consequence",
    "Existing controls",
    "I",
    "L",
    "Score",
    "Further actions",
    "Target I",
    "Target L",
    "Target score",
    "Cost",
    "Owner",
    "Target date",
]


@dataclass
class Document:
    """What one output holds, whatever its format."""

    title: str
    subtitle: str
    matrix: mx.Matrix
    risks: list[dict[str, Any]]
    diff: dict[str, Any] | None = None
    heat_map: bool = True
    register_table: bool = True
    cards: bool = False
    notes: list[str] = field(default_factory=list)

    def heat_counts(self) -> tuple[Counter, Counter]:
        current = Counter((r["current"][0], r["current"][1]) for r in self.risks)
        target = Counter((r["target"][0], r["target"][1]) for r in self.risks if r["target"][2])
        return current, target

    def band_rows(self) -> list[tuple[str, int, int]]:
        return [
            (
                f"{band.name} ({band.min}+)",
                sum(1 for r in self.risks if self.matrix.band(r["current"][2]) == band),
                sum(1 for r in self.risks if r["target"][2] and self.matrix.band(r["target"][2]) == band),
            )
            for band in reversed(self.matrix.bands)
        ]

    def grouped(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """Risks under numbered category headings, as in the divisional register ("1. Budget")."""
        groups: dict[str, list[dict[str, Any]]] = {}
        for risk in sorted(self.risks, key=lambda r: (r.get("category_position", 0), r["category"], r["reference"])):
            groups.setdefault(risk["category"], []).append(risk)
        return [(f"{n}. {name}", rows) for n, (name, rows) in enumerate(groups.items(), start=1)]


def register_row(risk: dict[str, Any]) -> list[Any]:
    actions = "\n".join(
        f"- {a['description']}" + (f" ({a['status'].lower()})" if a["status"] else "") for a in risk["actions"]
    )
    costs = "; ".join(a["cost"] for a in risk["actions"] if a["cost"])
    controls = "\n".join(f"- {c[0]} ({c[1].lower()})" for c in risk["controls"])
    return [
        risk["objective"],
        f"{risk['reference']} {risk['title']}\n{risk['cause']}",
        risk["consequence"],
        controls,
        risk["current"][0],
        risk["current"][1],
        risk["current"][2],
        actions,
        risk["target"][0] or "",
        risk["target"][1] or "",
        risk["target"][2] or "",
        costs,
        ", ".join(risk["owners"]),
        risk["target_date"],
    ]


CARD_QUESTIONS = [
    ("score_reason", "Explain the main reasons for the score"),
    ("significant_controls", "What significant controls have been put in place to mitigate this risk?"),
    ("reduction_narrative", "Are any reductions in the risk score anticipated in the future?"),
]


def _matrix_of(register: Register) -> mx.Matrix:
    return register.matrix


def _matrix_from_snapshot(snapshot: dict[str, Any]) -> mx.Matrix:
    size = snapshot["register"]["matrix_size"]
    return mx.Matrix.from_config(
        size=size,
        impact_labels=[str(n) for n in range(1, size + 1)],
        likelihood_labels=[str(n) for n in range(1, size + 1)],
        bands=snapshot["register"]["bands"],
    )


def _render(document: Document, fmt: str) -> bytes:
    if fmt == "docx":
        from assure.risks.outputs.word import render_docx

        return render_docx(document)
    if fmt == "pdf":
        from assure.risks.outputs.pdf import render_pdf

        return render_pdf(document)
    from assure.risks.outputs.excel import render_xlsx

    return render_xlsx(document)


def _response(document: Document, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(_render(document, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.{fmt}"'
    return response


def version_document(version: RegisterVersion, *, exempt: bool) -> Document:
    snapshot = version.snapshot
    who = version.completed_by.display_name if version.completed_by else ""
    part = "Full version, including exempt information" if exempt else "Public version"
    return Document(
        title=f"{snapshot['register']['name']} V{version.number}",
        subtitle=(
            f"Completed on {version.completed_on:%d %B %Y}{f' by {who}' if who else ''}. "
            f"Risk owner: {snapshot['register']['owner']}. {part}."
        ),
        matrix=_matrix_from_snapshot(snapshot),
        risks=public_risks(snapshot, exempt=exempt),
        diff=version.diff,
        cards=True,
        notes=[version.note] if version.note else [],
    )


def version_response(version: RegisterVersion, *, fmt: str, exempt: bool) -> HttpResponse:
    document = version_document(version, exempt=exempt)
    return _response(document, fmt, f"{version.register.reference}-v{version.number}-committee-pack")


def register_document(register: Register) -> Document:
    snapshot = register_snapshot(register)
    return Document(
        title=register.name,
        subtitle=f"Draft as it stands, not a published version. Risk owner: {register.owner.full_name}.",
        matrix=_matrix_of(register),
        risks=snapshot["risks"],
    )


def register_response(register: Register, *, fmt: str) -> HttpResponse:
    return _response(register_document(register), fmt, f"{register.reference}-register")


def risk_card_document(risk: Risk) -> Document:
    return Document(
        title=f"Risk {risk.reference}",
        subtitle=f"{risk.register.name}. Printed as it stands.",
        matrix=_matrix_of(risk.register),
        risks=[risk_snapshot(risk)],
        heat_map=False,
        register_table=False,
        cards=True,
    )


def risk_card_response(risk: Risk, *, fmt: str) -> HttpResponse:
    return _response(risk_card_document(risk), fmt, f"{risk.reference}-risk-card")
