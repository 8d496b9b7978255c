"""Reads for risk registers: lists, filters, heat maps, findings, history and what was done since an event."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from assure.risks import checks
from assure.risks.models import Action, ActionStatus, Assessment, Register, RegisterVersion, Risk, RiskStatus


def today() -> dt.date:
    return timezone.localdate()


def register_list() -> QuerySet[Register]:
    return Register.objects.select_related("owner").annotate(
        open_risks=Count("risks", filter=Q(risks__status=RiskStatus.OPEN), distinct=True),
        version_count=Count("versions", distinct=True),
    )


def version_list() -> QuerySet[RegisterVersion]:
    return RegisterVersion.objects.select_related("register", "completed_by").order_by("register__name", "-number")


def risks_for_checks(queryset: QuerySet[Risk]) -> QuerySet[Risk]:
    return queryset.select_related("category", "register", "manager").prefetch_related(
        "owners",
        "controls",
        Prefetch("actions", queryset=Action.objects.select_related("owner")),
        Prefetch("assessments", queryset=Assessment.objects.order_by("assessed_on", "recorded_at", "pk")),
    )


def register_risks(
    register: Register, *, category: Any = None, band: str = "", owner: Any = None, status: str = RiskStatus.OPEN
) -> list[Risk]:
    risks = register.risks.all()
    if status:
        risks = risks.filter(status=status)
    if category is not None:
        risks = risks.filter(category=category)
    if owner is not None:
        risks = risks.filter(owners=owner)
    matrix = register.matrix
    found = list(risks_for_checks(risks).order_by("category__position", "reference"))
    on = today()
    for risk in found:
        risk.band = matrix.band(risk.current_score)  # type: ignore[attr-defined]
        risk.target_band = matrix.band(risk.target_score)  # type: ignore[attr-defined]
        risk.findings = checks.risk_findings(risk, on)  # type: ignore[attr-defined]
    if band:
        found = [r for r in found if r.band and r.band.name == band]  # type: ignore[attr-defined]
    return found


def heat_map(register: Register, risks: list[Risk]) -> dict[str, Any]:
    """Cells of the matrix with how many risks sit in each, currently and at target, and the table rows."""
    matrix = register.matrix
    current = Counter((r.current_impact, r.current_likelihood) for r in risks)
    target = Counter((r.target_impact, r.target_likelihood) for r in risks if r.target_score)
    rows = []
    for row in matrix.grid():
        cells = []
        for impact, likelihood, score in row:
            band = matrix.band(score)
            refs = [r.reference for r in risks if (r.current_impact, r.current_likelihood) == (impact, likelihood)]
            cells.append(
                {
                    "impact": impact,
                    "likelihood": likelihood,
                    "score": score,
                    "band": band,
                    "current": current.get((impact, likelihood), 0),
                    "target": target.get((impact, likelihood), 0),
                    "references": refs,
                }
            )
        rows.append({"likelihood": row[0][1], "label": matrix.likelihood_labels[row[0][1] - 1], "cells": cells})
    by_band = [
        {
            "band": band,
            "current": sum(1 for r in risks if matrix.band(r.current_score) == band),
            "target": sum(1 for r in risks if r.target_score and matrix.band(r.target_score) == band),
        }
        for band in reversed(matrix.bands)
    ]
    return {"rows": rows, "impact_labels": matrix.impact_labels, "by_band": by_band, "size": matrix.size}


def score_history(risk: Risk) -> list[Assessment]:
    return list(risk.assessments.select_related("assessed_by").order_by("assessed_on", "recorded_at", "pk"))


def done_since(risk: Risk, assessment: Assessment | None) -> list[Action]:
    """Actions completed on or after the event's assessment date, oldest first."""
    if assessment is None:
        return []
    return list(
        risk.actions.filter(status=ActionStatus.COMPLETE, completed_on__gte=assessment.assessed_on)
        .select_related("owner")
        .order_by("completed_on")
    )


def register_findings(register: Register) -> list[tuple[Risk, list[checks.Finding]]]:
    return [(r, r.findings) for r in register_risks(register) if r.findings]  # type: ignore[attr-defined]


def risks_owned_by(staff_id: int | None) -> list[Risk]:
    if staff_id is None:
        return []
    risks = list(
        risks_for_checks(
            Risk.objects.filter(Q(owners=staff_id) | Q(manager_id=staff_id), status=RiskStatus.OPEN).distinct()
        )
    )
    on = today()
    for risk in risks:
        risk.band = risk.register.matrix.band(risk.current_score)  # type: ignore[attr-defined]
        risk.findings = checks.risk_findings(risk, on)  # type: ignore[attr-defined]
    return risks


def reviews_due(on: dt.date, *, within_days: int = 7) -> QuerySet[Risk]:
    return Risk.objects.filter(
        status=RiskStatus.OPEN, next_review__isnull=False, next_review__lte=on + dt.timedelta(days=within_days)
    ).prefetch_related("owners")


def actions_overdue(on: dt.date) -> QuerySet[Action]:
    return Action.objects.filter(
        risk__status=RiskStatus.OPEN, due_date__lt=on, status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]
    ).select_related("risk", "owner")


def escalations_proposed(register: Register) -> list[Risk]:
    """Open risks on the registers that feed this one, scoring at or above their register's threshold."""
    risks = Risk.objects.filter(register__escalates_to=register, status=RiskStatus.OPEN).select_related("register")
    return sorted(
        (r for r in risks if r.current_score >= r.register.escalation_threshold),
        key=lambda r: (-r.current_score, r.reference),
    )
