"""Audit analytics: distributions, weakest areas, learning themes, and the XLSX of every table."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assure.audits.tests.factories import graded_post, make_audit
from assure.core.testing import Personas

pytestmark = pytest.mark.django_db


def complete(client: Any, p: Personas, child_id: str, **post: Any) -> None:
    audit = make_audit(p, child_id=child_id)
    client.force_login(p.manager_a)
    response = client.post(reverse("audits:audit-edit", kwargs={"pk": audit.pk}), graded_post(**post))
    assert response.status_code == 302


def test_distribution_weakest_areas_and_themes(client: Any, personas: Personas, today):
    complete(client, personas, "C1", grade=2)
    complete(client, personas, "C2", grade=3, voice_of_child="4", learning_themes="Voice of the child, drift")
    complete(client, personas, "C3", grade=3, voice_of_child="4", specific_needs="3")
    client.force_login(personas.performance_qa)
    data = client.get(reverse("audits:analytics")).context["data"]
    (team,) = data.by_team
    assert (team.name, team.counts, round(team.share_below_good)) == ("Family Support North", {2: 1, 3: 2}, 67)
    this_month = data.by_month[-1]
    assert this_month.total == 3 and len(data.by_month) == 12
    weakest = data.weakest_areas[0]
    assert weakest.name == "The child's voice, wishes and feelings"
    assert weakest.counts == {2: 1, 4: 2}
    assert data.themes[0] == ("voice of the child", 3, {"Tier 1 case audit": 3})
    assert ("drift", 1, {"Tier 1 case audit": 1}) in data.themes


def test_every_table_downloads_as_xlsx(client: Any, personas: Personas):
    complete(client, personas, "C1", grade=2)
    client.force_login(personas.performance_qa)
    response = client.get(reverse("audits:analytics"), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["By month", "By service", "By team", "By area", "Weakest areas", "Learning themes"]
    team = list(book["By team"].values)
    assert team[0][:6] == ("Team", "Outstanding", "Good", "Requires improvement", "Inadequate", "Total")
    assert team[1][:6] == ("Family Support North", 0, 1, 0, 0, 1)


def test_team_manager_sees_own_teams_only(client: Any, personas: Personas):
    make_audit(personas, child_id="B1", team=personas.team_b, auditor=personas.head_of_service_a.staff)
    complete(client, personas, "C1", grade=2)
    client.force_login(personas.practitioner_b)
    assert client.get(reverse("audits:analytics")).status_code == 403
    client.force_login(personas.manager_a)
    data = client.get(reverse("audits:analytics")).context["data"]
    assert [r.name for r in data.by_team] == ["Family Support North"]
