"""A register frozen as plain data for a published version, and the differences between two versions."""

from __future__ import annotations

from typing import Any

from assure.risks.models import Register, Risk, RiskStatus

COMPARED_FIELDS = {
    "title": "title",
    "category": "category",
    "cause": "cause",
    "consequence": "consequence",
    "owners": "owners",
    "target_score": "target score",
    "target_date": "target date",
    "treatment": "treatment",
    "score_reason": "why the score is what it is",
    "significant_controls": "significant controls",
    "reduction_narrative": "reduction expected",
    "controls": "controls",
    "actions": "actions",
}


def _staff(person: Any) -> str:
    return person.full_name if person else ""


def risk_snapshot(risk: Risk) -> dict[str, Any]:
    return {
        "reference": risk.reference,
        "title": risk.title,
        "category": risk.category.name,
        "category_position": risk.category.position,
        "objective": risk.objective,
        "cause": risk.cause,
        "consequence": risk.consequence,
        "owners": [_staff(o) for o in risk.owners.all()],
        "manager": _staff(risk.manager),
        "inherent": [risk.inherent_impact, risk.inherent_likelihood, risk.inherent_score],
        "current": [risk.current_impact, risk.current_likelihood, risk.current_score],
        "current_score": risk.current_score,
        "target": [risk.target_impact, risk.target_likelihood, risk.target_score],
        "target_score": risk.target_score,
        "target_date": risk.target_date.isoformat() if risk.target_date else "",
        "treatment": risk.get_treatment_display(),
        "score_reason": risk.score_reason,
        "significant_controls": risk.significant_controls,
        "reduction_expected": risk.reduction_expected,
        "reduction_narrative": risk.reduction_narrative,
        "confidential": risk.confidential,
        "controls": [[c.description, c.get_effectiveness_display()] for c in risk.controls.all()],
        "actions": [
            {
                "description": a.description,
                "owner": _staff(a.owner),
                "due": a.due_date.isoformat() if a.due_date else "",
                "status": a.get_status_display(),
                "cost": a.cost,
                "forum": a.forum,
            }
            for a in risk.actions.all()
        ],
    }


def register_snapshot(register: Register) -> dict[str, Any]:
    risks = (
        register.risks.filter(status=RiskStatus.OPEN)
        .select_related("category", "manager")
        .prefetch_related("owners", "controls", "actions__owner")
        .order_by("category__position", "reference")
    )
    return {
        "register": {
            "reference": register.reference,
            "name": register.name,
            "tier": register.get_tier_display(),
            "owner": _staff(register.owner),
            "matrix_size": register.matrix_size,
            "bands": register.bands,
        },
        "risks": [risk_snapshot(r) for r in risks],
    }


def snapshot_diff(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """New, closed, re-scored and otherwise changed risks between two snapshots (by reference)."""
    before = {r["reference"]: r for r in (old or {}).get("risks", [])}
    after = {r["reference"]: r for r in new["risks"]}
    rescored, changed = [], []
    for ref in sorted(set(before) & set(after)):
        was, now = before[ref], after[ref]
        if was["current_score"] != now["current_score"]:
            rescored.append(
                {"reference": ref, "title": now["title"], "from": was["current_score"], "to": now["current_score"]}
            )
        fields = [label for key, label in COMPARED_FIELDS.items() if was.get(key) != now.get(key)]
        if fields:
            changed.append({"reference": ref, "title": now["title"], "fields": fields})
    return {
        "first": old is None,
        "new": [{"reference": r, "title": after[r]["title"]} for r in sorted(set(after) - set(before))],
        "closed": [{"reference": r, "title": before[r]["title"]} for r in sorted(set(before) - set(after))],
        "rescored": rescored,
        "changed": changed,
    }


def public_risks(snapshot: dict[str, Any], *, exempt: bool) -> list[dict[str, Any]]:
    """The risks of a published version: all of them (exempt version) or all but the confidential ones."""
    return [r for r in snapshot["risks"] if exempt or not r.get("confidential")]
