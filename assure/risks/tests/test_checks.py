"""The six consistency checks, each made to fire on a risk and to stay quiet otherwise."""

from __future__ import annotations

import datetime as dt

import pytest

from assure.core.testing import Personas
from assure.risks import checks
from assure.risks.models import Risk
from assure.risks.selectors import register_findings, risks_for_checks
from assure.risks.services import action_add, action_complete, control_add, risk_rescore
from assure.risks.testing import risk_build

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _codes(risk: Risk) -> set[str]:
    fresh = risks_for_checks(Risk.objects.filter(pk=risk.pk)).get()
    return {f.code for f in checks.risk_findings(fresh, TODAY)}


def test_a_well_kept_risk_passes(personas: Personas) -> None:
    risk = risk_build(personas, current_impact=2, current_likelihood=3, target_impact=2, target_likelihood=2)
    action_add(risk=risk, description="Weekly performance meeting", owner=None, due_date=TODAY + dt.timedelta(days=30))
    assert _codes(risk) == set()


def test_score_lowered_with_nothing_behind_it(personas: Personas) -> None:
    risk = risk_build(personas)
    risk_rescore(risk=risk, by=None, impact=2, likelihood=2, reason="Feels better.")
    assert "lowered_without_cause" in _codes(risk)


def test_score_lowered_after_a_completed_action_passes(personas: Personas) -> None:
    risk = risk_build(personas)
    action = action_add(risk=risk, description="Recruit permanent managers", owner=None, due_date=TODAY)
    action_complete(action=action, completed_on=TODAY)
    risk_rescore(risk=risk, by=None, impact=2, likelihood=2, reason="Managers in post.")
    assert "lowered_without_cause" not in _codes(risk)


def test_lower_target_without_actions(personas: Personas) -> None:
    risk = risk_build(personas)  # 12 now, 8 target, no actions
    assert "target_without_actions" in _codes(risk)
    control_add(risk=risk, description="Audit programme", effectiveness="effective")
    assert "target_without_actions" in _codes(risk)  # a control is not a further action


def test_overdue_action_and_overdue_review(personas: Personas) -> None:
    risk = risk_build(personas)
    action_add(risk=risk, description="Late", owner=None, due_date=TODAY - dt.timedelta(days=1))
    Risk.objects.filter(pk=risk.pk).update(next_review=TODAY - dt.timedelta(days=2))
    assert {"overdue_actions", "review_overdue"} <= _codes(risk)


def test_outside_appetite_and_tolerance(personas: Personas) -> None:
    risk = risk_build(personas, current_impact=3, current_likelihood=3)  # safeguarding: averse, up to 8, tolerance 15
    assert "outside_appetite" in _codes(risk)
    risk_rescore(risk=risk, by=None, impact=4, likelihood=4, reason="Worse.")
    assert "outside_tolerance" in _codes(risk)


def test_reduction_expected_without_target(personas: Personas) -> None:
    risk = risk_build(personas, target_impact=None, target_likelihood=None, target_date=None, reduction_expected=True)
    assert "reduction_without_target" in _codes(risk)
    assert [r.reference for r, _ in register_findings(risk.register)] == [risk.reference]
