"""Risk pages through HTTP: who edits what, forms that refuse bad input and keep what was typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from assure.accounts.models import AccessLog  # noqa: F401 - imported to prove the app is installed alongside
from assure.core.testing import Personas, make_person
from assure.organisation.roles import RoleCode
from assure.risks.models import Action, Assessment, Category, Risk
from assure.risks.services import action_add, action_complete, risk_rescore
from assure.risks.testing import register_build, risk_build

pytestmark = pytest.mark.django_db


def _risk_form(personas: Personas, **extra: Any) -> dict[str, Any]:
    data = {
        "reference": "CSCR020",
        "title": "Foster carer sufficiency",
        "category": Category.objects.get(name="Placements").pk,
        "cause": "Too few foster carers for teenagers.",
        "consequence": "Costly agency placements far from home.",
        "owners": [personas.director.staff.pk],  # type: ignore[union-attr]
        "current_impact": "4",
        "current_likelihood": "4",
        "treatment": "treat",
    }
    data.update(extra)
    return data


def test_risk_owner_edits_own_risk_but_not_anothers(client: Any, personas: Personas) -> None:
    owner = make_person("risk.owner@test.example", [RoleCode.RISK_OWNER, RoleCode.HEAD_OF_SERVICE], None)
    mine = risk_build(personas, reference="MINE1", owner=owner.staff)
    theirs = risk_build(personas, reference="THEIRS1")
    client.force_login(owner)
    assert client.get(reverse("risks:risk-rescore", args=[mine.pk])).status_code == 200
    assert client.get(reverse("risks:risk-rescore", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("risks:risk-detail", args=[theirs.pk])).status_code == 200
    home = client.get(reverse("core:home")).content.decode()
    assert "MINE1" in home and "THEIRS1" not in home


def test_add_a_risk_and_bad_input_keeps_what_was_typed(client: Any, personas: Personas) -> None:
    register = register_build(personas)
    client.force_login(personas.performance_qa)
    url = reverse("risks:risk-create", args=[register.pk])
    response = client.post(url, _risk_form(personas, current_impact="7", title="Foster carer sufficiency (typed)"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "must be from 1 to 5" in page and "govuk-error-summary" in page
    assert "Foster carer sufficiency (typed)" in page
    assert not Risk.objects.exists()
    response = client.post(url, _risk_form(personas))
    risk = Risk.objects.get(reference="CSCR020")
    assert response.status_code == 302 and response["Location"] == reverse("risks:risk-detail", args=[risk.pk])
    assert risk.current_score == 16


def test_rescore_with_an_event_shows_on_the_chart_and_what_was_done_since(client: Any, personas: Personas) -> None:
    risk = risk_build(personas)
    client.force_login(personas.performance_qa)
    response = client.post(
        reverse("risks:risk-rescore", args=[risk.pk]),
        {
            "impact": "5",
            "likelihood": "5",
            "assessed_on": (dt.date.today() - dt.timedelta(days=20)).isoformat(),
            "reason": "Inspection found widespread failures.",
            "event": "Ofsted judgement: inadequate",
        },
    )
    assert response.status_code == 302
    before = action_add(risk=risk, description="Appoint a principal social worker", owner=None, due_date=None)
    action_complete(action=before, completed_on=dt.date.today() - dt.timedelta(days=30))
    after = action_add(risk=risk, description="Relaunch the threshold document", owner=None, due_date=None)
    action_complete(action=after, completed_on=dt.date.today() - dt.timedelta(days=5))
    page = client.get(reverse("risks:risk-detail", args=[risk.pk])).content.decode()
    assert "<svg" in page and "Ofsted judgement: inadequate" in page
    done = page.split('id="done-since"')[1]
    assert "Relaunch the threshold document" in done
    assert "Appoint a principal social worker" not in done


def test_rescore_refuses_bad_values_and_saves_nothing(client: Any, personas: Personas) -> None:
    risk = risk_build(personas)
    client.force_login(personas.performance_qa)
    response = client.post(
        reverse("risks:risk-rescore", args=[risk.pk]),
        {"impact": "3.5", "likelihood": "2", "assessed_on": dt.date.today().isoformat(), "reason": "Kept text"},
    )
    assert response.status_code == 200
    assert "whole number" in response.content.decode() and "Kept text" in response.content.decode()
    assert Assessment.objects.filter(risk=risk).count() == 1


def test_controls_and_actions_are_added_and_completed(client: Any, personas: Personas) -> None:
    risk = risk_build(personas)
    client.force_login(personas.director)  # the risk's owner
    control = {"description": "Monthly clinics", "effectiveness": "partly"}
    client.post(reverse("risks:control-add", args=[risk.pk]), control)
    client.post(
        reverse("risks:action-add", args=[risk.pk]),
        {"description": "Themed audit", "status": "in_progress", "due_date": "2027-01-31", "cost": "Staff time"},
    )
    action = Action.objects.get(risk=risk)
    client.post(reverse("risks:action-complete", args=[action.pk]), {"completed_on": dt.date.today().isoformat()})
    action.refresh_from_db()
    assert risk.controls.get().get_effectiveness_display() == "Partly effective"
    assert (action.status, action.completed_on, action.cost) == ("complete", dt.date.today(), "Staff time")


def test_register_page_filters_and_heat_map_with_its_table(client: Any, personas: Personas) -> None:
    risk_build(personas, reference="R-HIGH", current_impact=5, current_likelihood=4)
    budget = Category.objects.get(name="Budget")
    risk_build(personas, reference="R-LOW", current_impact=1, current_likelihood=2, target_impact=1, category=budget)
    register = register_build(personas)
    client.force_login(personas.practitioner_a)
    url = reverse("risks:register-detail", args=[register.pk])
    page = client.get(url).content.decode()
    assert "Heat map" in page and "Risks in each band" in page and "R-HIGH" in page and "R-LOW" in page
    filtered = client.get(url, {"band": "Very high"}).content.decode()
    assert "R-HIGH" in filtered and "R-LOW" not in filtered
    checks = client.get(reverse("risks:register-checks", args=[register.pk])).content.decode()
    assert "R-HIGH" in checks


def test_board_member_reads_only_published_public_versions(client: Any, personas: Personas) -> None:
    risk = risk_build(personas)
    risk_build(personas, reference="SECRET1", title="Named allegation", confidential=True)
    client.force_login(personas.performance_qa)
    client.post(reverse("risks:register-publish", args=[risk.register_id]), {"completed_on": "2026-10-27"})
    client.force_login(personas.board_member)
    assert client.get(reverse("risks:risk-detail", args=[risk.pk])).status_code == 403
    assert client.get(reverse("risks:register-detail", args=[risk.register_id])).status_code == 403
    listing = client.get(reverse("risks:register-list")).content.decode()
    version_url = reverse("risks:version-detail", args=[risk.register.versions.get().pk])
    assert version_url in listing
    page = client.get(version_url).content.decode()
    assert risk.reference in page and "SECRET1" not in page
    client.force_login(personas.practitioner_a)
    assert "SECRET1" in client.get(version_url).content.decode()


def test_history_changes_are_shown(client: Any, personas: Personas) -> None:
    risk = risk_build(personas)
    risk_rescore(risk=risk, by=None, impact=3, likelihood=3, reason="Better")
    client.force_login(personas.practitioner_a)
    page = client.get(reverse("risks:risk-detail", args=[risk.pk])).content.decode()
    assert "Change history" in page and "Current score" in page
