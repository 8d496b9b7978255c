"""Risks are created, re-scored and refused through the services, with nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from assure.core.models import Notification
from assure.core.testing import Personas
from assure.risks import matrix as mx
from assure.risks.models import AppendOnlyError, Assessment, Category, Risk
from assure.risks.selectors import escalations_proposed
from assure.risks.services import risk_create, risk_rescore, risk_update
from assure.risks.testing import register_build, risk_build

pytestmark = pytest.mark.django_db


def _data(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "reference": "CSCR010",
        "title": "Agency staff costs",
        "category": Category.objects.get(name="Budget"),
        "cause": "Agency social workers cost more than permanent staff.",
        "consequence": "Overspend.",
        "current_impact": "4",
        "current_likelihood": "4",
        "treatment": "treat",
    }
    data.update(extra)
    return data


def test_score_is_the_product_and_the_first_assessment_is_recorded(personas: Personas) -> None:
    risk = risk_build(personas, current_impact=5, current_likelihood=4)
    assert risk.current_score == 20
    assert risk.next_review == dt.date.today() + dt.timedelta(days=30)  # "Very high" is reviewed monthly
    assert list(risk.assessments.values_list("score", flat=True)) == [20]


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"current_impact": "6"}, "current_impact", "from 1 to 5"),
        ({"current_likelihood": "2.5"}, "current_likelihood", "whole number"),
        ({"current_impact": "high"}, "current_impact", "whole number"),
        ({"target_impact": "5", "target_likelihood": "5"}, "target_reason", "say why"),
    ],
)
def test_bad_scores_are_refused_with_the_field_named(personas: Personas, extra: dict, field: str, words: str) -> None:
    register = register_build(personas)
    with pytest.raises(ValidationError) as refused:
        risk_create(register=register, by=None, owners=[personas.director.staff], **_data(**extra))
    assert words in " ".join(refused.value.message_dict[field])
    assert not Risk.objects.exists() and not Assessment.objects.exists()


def test_a_target_above_current_is_kept_when_the_reason_is_given(personas: Personas) -> None:
    register = register_build(personas)
    risk = risk_create(
        register=register,
        by=None,
        owners=[personas.director.staff],
        **_data(target_impact="5", target_likelihood="5", target_reason="Funding ends in March."),
    )
    assert risk.target_score == 25


def test_duplicate_reference_and_unknown_owner_are_refused(personas: Personas) -> None:
    risk_build(personas, reference="CSCR003")
    register = register_build(personas)
    with pytest.raises(ValidationError) as refused:
        risk_create(register=register, by=None, owners=[personas.director.staff], **_data(reference="cscr003"))
    assert "already has the reference" in refused.value.message_dict["reference"][0]
    leaver = personas.practitioner_b.staff
    leaver.is_active = False
    leaver.save()
    with pytest.raises(ValidationError) as refused:
        risk_create(register=register, by=None, owners=[leaver], **_data())
    assert "not an active member of staff" in refused.value.message_dict["owners"][0]
    assert Risk.objects.count() == 1


def test_rescore_appends_an_assessment_and_history_cannot_be_rewritten(personas: Personas) -> None:
    risk = risk_build(personas)
    risk_rescore(
        risk=risk,
        by=personas.performance_qa,
        impact=5,
        likelihood=5,
        reason="Inspection found children left in harm.",
        event="Ofsted judgement: inadequate",
        assessed_on=dt.date.today() - dt.timedelta(days=3),
    )
    risk.refresh_from_db()
    assert risk.current_score == 25
    first, second = risk.assessments.order_by("pk")
    assert (second.previous_score, second.score, second.event) == (12, 25, "Ofsted judgement: inadequate")
    with pytest.raises(AppendOnlyError):
        second.save()
    with pytest.raises(AppendOnlyError):
        first.delete()


def test_rescore_refuses_a_step_outside_the_matrix(personas: Personas) -> None:
    risk = risk_build(personas)
    with pytest.raises(ValidationError) as refused:
        risk_rescore(risk=risk, by=None, impact=0, likelihood=3, reason="x")
    assert "impact" in refused.value.message_dict
    assert risk.assessments.count() == 1


def test_owner_assigned_and_escalation_proposed_are_notified(personas: Personas) -> None:
    risk = risk_build(personas)  # 12: below the escalation threshold of 15
    assert Notification.objects.filter(kind="risks.owner_assigned", recipient=personas.director.staff).count() == 1
    assert not Notification.objects.filter(kind="risks.escalation_proposed").exists()
    risk_rescore(risk=risk, by=None, impact=4, likelihood=4, reason="Caseloads rose.")
    escalations = Notification.objects.filter(kind="risks.escalation_proposed")
    assert [n.recipient for n in escalations] == [personas.director.staff]  # owner of the corporate register
    risk_rescore(risk=risk, by=None, impact=5, likelihood=4, reason="Still rising.")
    assert escalations.count() == 1  # proposed once, as it crossed
    names = ("reference", "title", "category", "cause", "consequence", "treatment")
    data = {name: getattr(risk, name) for name in names}
    assert [r.reference for r in escalations_proposed(risk.register.escalates_to)] == [risk.reference]  # type: ignore[arg-type]
    risk_update(risk=risk, by=None, owners=[personas.director.staff, personas.manager_a.staff], **data)
    assert Notification.objects.filter(kind="risks.owner_assigned", recipient=personas.manager_a.staff).count() == 1


def test_matrix_bands_and_configuration_problems() -> None:
    matrix = mx.Matrix()
    assert [matrix.band(s).name for s in (1, 5, 12, 25)] == ["Low", "Medium", "High", "Very high"]  # type: ignore[union-attr]
    three = mx.Matrix.from_config(size=3, impact_labels=["a", "b"], likelihood_labels=["a", "b", "c"], bands=[])
    assert len(three.problems()) == 2
    with pytest.raises(mx.ScoreError, match="from 1 to 3"):
        three.score(4, 1)


@pytest.mark.parametrize(("colour", "text"), [("#f47738", "#0b0c0c"), ("#d4351c", "#ffffff"), ("#ffdd00", "#0b0c0c")])
def test_band_text_colour_is_the_one_with_more_contrast(colour: str, text: str) -> None:
    assert mx.Band(name="x", min=1, colour=colour).text_colour == text
