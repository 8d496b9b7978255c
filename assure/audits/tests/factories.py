"""Audits for tests, made through the services as the application makes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from assure.audits.models import Audit, AuditTool
from assure.audits.services import audit_create, tools_install
from assure.core.testing import Personas
from assure.organisation.selectors import today

AREAS = [
    "referral_liaison",
    "risk_analysis",
    "voice_of_child",
    "quality_of_analysis",
    "quality_of_planning",
    "specific_needs",
    "plan_monitoring",
]


def make_audit(p: Personas, *, tool_id: str = "tier1-generic", child_id: str = "C1001", **kwargs: Any) -> Audit:
    if not AuditTool.objects.exists():
        tools_install()
    options: dict[str, Any] = {
        "team": p.team_a,
        "auditor": p.manager_a.staff,
        "practitioner": p.practitioner_a.staff,
        "case_kind": "cp",
        "month": today().replace(day=1),
        "method": "random" if tool_id.startswith("tier") else "",
    }
    options.update(kwargs)
    return audit_create(tool=AuditTool.objects.get(tool_id=tool_id, status="active"), child_id=child_id, **options)


def graded_post(grade: int = 2, *, action: str = "complete", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {area: str(grade) for area in AREAS}
    data.update({f"{area}__evidence": f"Evidence for {area}" for area in AREAS})
    data.update(overall_grade=str(grade), with_practitioner="yes", learning_themes="voice of the child", action=action)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def last_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
