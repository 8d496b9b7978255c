"""Starting an audit by hand: who may start which tool, for whom, and the errors when they may not."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assure.accounts.models import AccessLog
from assure.audits.models import Audit, AuditStatus, AuditTool, ToolStatus
from assure.audits.services import tools_install
from assure.audits.starting import audit_start, child_place
from assure.casedata.allocation import allocation_on
from assure.casedata.selectors import snapshot_latest, snapshot_tables
from assure.core.testing import Personas, make_person
from assure.organisation.roles import RoleCode

pytestmark = pytest.mark.django_db
URL = "/audits/start/"


def tool(tool_id: str) -> AuditTool:
    return AuditTool.objects.get(tool_id=tool_id, status=ToolStatus.ACTIVE)


def child_in(team_name: str) -> str:
    snapshot = snapshot_latest()
    assert snapshot is not None
    held = allocation_on(snapshot_tables(snapshot, ["allocations"])["allocations"], snapshot.as_at)
    return str(held.filter(held["team"] == team_name)["child_id"][0])


def test_url_is_named():
    assert reverse("audits:audit-start") == URL


def test_manager_starts_an_observation_and_lands_on_its_form(client: Any, personas: Personas):
    tools_install()
    client.force_login(personas.manager_a)
    page = client.get(URL).content.decode()
    assert "Observation of practice" in page or "observation" in page.lower()
    assert tool("thematic").title not in page  # only kinds a manager may start
    assert tool("tier1-generic").title in page  # an additional Tier 1 audit, beyond the quota
    assert tool("tier2-head-of-service").title not in page
    response = client.post(
        URL,
        {
            "tool": tool("observation-of-practice").pk,
            "staff": personas.practitioner_a.staff_id,
            "auditor": personas.manager_a.staff_id,
            "theme": "Direct work",
        },
    )
    audit = Audit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("audits:audit-edit", kwargs={"pk": audit.pk})
    assert (audit.auditor, audit.team, audit.practitioner) == (
        personas.manager_a.staff,
        personas.team_a,
        personas.practitioner_a.staff,
    )
    assert audit.status == AuditStatus.ALLOCATED
    assert audit.allocation_run is None and audit.theme == "Direct work"
    assert client.get(response["Location"]).status_code == 200


def test_manager_refused_staff_outside_their_teams_and_keeps_what_was_typed(client: Any, personas: Personas):
    tools_install()
    client.force_login(personas.manager_a)
    response = client.post(
        URL,
        {
            "tool": tool("supervision-file").pk,
            "staff": personas.practitioner_b.staff_id,
            "auditor": personas.manager_a.staff_id,
            "theme": "Reflective supervision",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a member of staff within your teams" in page
    assert 'id="id_staff_error"' in page
    assert 'value="Reflective supervision"' in page
    assert not Audit.objects.exists()


def test_manager_refused_a_tool_they_may_not_start(client: Any, personas: Personas):
    tools_install()
    client.force_login(personas.manager_a)
    response = client.post(
        URL, {"tool": tool("tier2-head-of-service").pk, "child_id": "C1", "auditor": personas.manager_a.staff_id}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a tool that is in use and that you may start" in page
    assert 'id="id_tool_error"' in page
    assert not Audit.objects.exists()


def test_missing_subject_named_on_its_field(client: Any, personas: Personas):
    tools_install()
    client.force_login(personas.manager_a)
    response = client.post(URL, {"tool": tool("observation-of-practice").pk, "auditor": personas.manager_a.staff_id})
    assert "Choose the member of staff whose work or file is audited" in response.content.decode()
    assert not Audit.objects.exists()


def test_iro_starts_a_thematic_audit_for_a_child_in_their_team_and_it_is_logged(client: Any, case_data: Personas):
    iro = make_person("iro.team@test.example", [RoleCode.IRO], case_data.team_a)
    child = child_in(case_data.team_a.name)
    client.force_login(iro)
    response = client.post(
        URL, {"tool": tool("thematic").pk, "child_id": f" {child} ", "auditor": iro.staff_id, "theme": "Neglect"}
    )
    audit = Audit.objects.get()
    assert response["Location"] == reverse("audits:audit-edit", kwargs={"pk": audit.pk})
    assert (audit.child_id, audit.team, audit.auditor) == (child, case_data.team_a, iro.staff)
    assert AccessLog.objects.filter(user=iro, summary__contains=child).exists()


def test_iro_refused_unknown_child_and_child_outside_their_teams(client: Any, case_data: Personas):
    iro = make_person("iro.team@test.example", [RoleCode.IRO], case_data.team_a)
    client.force_login(iro)
    response = client.post(URL, {"tool": tool("multi-agency").pk, "child_id": "NOSUCH", "auditor": iro.staff_id})
    assert "No child NOSUCH is allocated to a team" in response.content.decode()
    other = child_in(case_data.team_b.name)
    response = client.post(URL, {"tool": tool("multi-agency").pk, "child_id": other, "auditor": iro.staff_id})
    page = response.content.decode()
    assert f"Child {other} is not in your teams" in page
    assert f'value="{other}"' in page
    response = client.post(URL, {"tool": tool("multi-agency").pk, "child_id": "", "auditor": iro.staff_id})
    assert "Enter the child id" in response.content.decode()
    assert not Audit.objects.exists()


def test_hr_business_partner_starts_an_hr_audit_only(client: Any, personas: Personas):
    tools_install()
    hr = make_person("hr.partner@test.example", [RoleCode.HR_BUSINESS_PARTNER], None)
    client.force_login(hr)
    page = client.get(URL).content.decode()
    assert tool("hr-file").title in page
    assert tool("supervision-file").title not in page
    response = client.post(
        URL, {"tool": tool("hr-file").pk, "staff": personas.practitioner_b.staff_id, "auditor": hr.staff_id}
    )
    assert response.status_code == 302
    audit = Audit.objects.get()
    assert (audit.team, audit.practitioner) == (personas.team_b, personas.practitioner_b.staff)


def test_qa_allocates_to_another_auditor_and_sees_the_audit(client: Any, personas: Personas):
    tools_install()
    client.force_login(personas.performance_qa)
    response = client.post(
        URL,
        {
            "tool": tool("supervision-file").pk,
            "staff": personas.practitioner_b.staff_id,
            "auditor": personas.manager_a.staff_id,
        },
    )
    audit = Audit.objects.get()
    assert response["Location"] == reverse("audits:audit-detail", kwargs={"pk": audit.pk})
    assert audit.auditor == personas.manager_a.staff


@pytest.mark.parametrize("persona", ["practitioner_a", "practitioner_b", "director", "board_member", "no_role"])
def test_people_who_start_no_audits_are_refused(client: Any, personas: Personas, persona: str):
    tools_install()
    client.force_login(getattr(personas, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"tool": tool("hr-file").pk}).status_code == 403
    assert not Audit.objects.exists()


def test_service_refuses_retired_tools_case_tools_and_out_of_scope_auditors(personas: Personas):
    tools_install()
    qa = personas.performance_qa
    with pytest.raises(ValidationError, match="Hand-picking children for the tier 1 case audit is not allowed"):
        audit_start(user=qa, tool=tool("tier1-generic"), auditor=qa.staff, child_id="C1")
    retired = tool("hr-file")
    retired.status = ToolStatus.RETIRED
    retired.save()
    with pytest.raises(ValidationError, match="not in use"):
        audit_start(user=qa, tool=retired, auditor=qa.staff, staff=personas.practitioner_a.staff)
    with pytest.raises(ValidationError, match="auditor"):
        audit_start(
            user=personas.manager_a,
            tool=tool("observation-of-practice"),
            auditor=personas.practitioner_b.staff,
            staff=personas.practitioner_a.staff,
        )
    assert not Audit.objects.exists()


def test_child_place_reads_the_latest_snapshot(case_data: Personas):
    child = child_in(case_data.team_b.name)
    place = child_place(child)
    assert place is not None and place.team == case_data.team_b
    assert child_place("NOSUCH") is None
