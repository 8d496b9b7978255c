"""Test support for risk registers: a small divisional register built on the shared personas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from assure.core.testing import Personas
from assure.organisation.models import Staff
from assure.risks.models import Category, Register, RegisterVersion, Risk, RiskImport, Tier
from assure.risks.services import action_add, categories_seed, register_publish, risk_create


def _staff(user: Any) -> Staff:
    staff = user.staff
    assert staff is not None
    return staff


def register_build(personas: Personas, reference: str = "CSC-DIV") -> Register:
    """A divisional register owned by the head of service in area A, escalating to a corporate register."""
    categories_seed()
    corporate, _ = Register.objects.get_or_create(
        reference="CORP",
        defaults={"name": "Corporate risk register", "tier": Tier.CORPORATE, "owner": _staff(personas.director)},
    )
    register, _ = Register.objects.get_or_create(
        reference=reference,
        defaults={
            "name": "Children's social care divisional register",
            "tier": Tier.SERVICE,
            "owner": _staff(personas.head_of_service_a),
            "escalates_to": corporate,
        },
    )
    return register


def risk_build(personas: Personas, *, reference: str = "CSCR001", owner: Any = None, **extra: Any) -> Risk:
    register = register_build(personas)
    fields: dict[str, Any] = {
        "reference": reference,
        "title": "Practice is not of consistent quality",
        "category": Category.objects.get(name="Safeguarding"),
        "cause": "Inconsistent practice leaves a child in a harmful situation.",
        "consequence": "Serious harm to a child and damage to the council's reputation.",
        "current_impact": 4,
        "current_likelihood": 3,
        "target_impact": 4,
        "target_likelihood": 2,
        "target_date": dt.date(2027, 3, 31),
        "treatment": "treat",
    }
    fields.update(extra)
    return risk_create(register=register, by=None, owners=[owner or _staff(personas.director)], **fields)


def action_build(personas: Personas) -> dict[str, Any]:
    risk = Risk.objects.first() or risk_build(personas)
    action = action_add(
        risk=risk, description="Run themed audits of neglect cases", owner=None, due_date=dt.date(2027, 1, 31)
    )
    return {"pk": action.pk}


def version_build(personas: Personas) -> RegisterVersion:
    risk = Risk.objects.first() or risk_build(personas)
    return register_publish(register=risk.register, by=personas.performance_qa)


def import_build(personas: Personas) -> RiskImport:
    register = register_build(personas)
    content = b"Reference,Risk what could go wrong,Consequence,Impact,Likelihood\nX1,Something,Harm,3,3\n"
    return RiskImport.objects.create(
        register=register, uploaded_by=personas.performance_qa, file_name="r.csv", content=content
    )
