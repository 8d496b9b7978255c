"""The monthly allocation from imported case data, and the allocate_audits command."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assure.audits.allocation import AllocationError, allocation_draw, audits_allocate
from assure.audits.models import Audit, AuditTool
from assure.audits.services import tools_install
from assure.core.testing import Personas, make_person
from assure.organisation.models import Team
from assure.organisation.roles import RoleCode

pytestmark = pytest.mark.django_db
MONTH = dt.date(2025, 3, 1)


def test_draw_is_reproducible_from_its_recorded_seed(case_data: Personas):
    run, result = audits_allocate(month=MONTH)
    again, _ = allocation_draw(month=MONTH, seed=run.seed)
    assert again.drawn == result.drawn
    assert sorted(Audit.objects.values_list("child_id", flat=True)) == sorted(d.child_id for d in result.drawn)


def test_quotas_met_head_of_service_outside_own_service_and_practitioner_linked(case_data: Personas):
    run, _ = audits_allocate(month=MONTH, seed=5)
    p = case_data
    by_manager = Audit.objects.filter(auditor=p.manager_a.staff)
    assert by_manager.count() == 4 and set(by_manager.values_list("team", flat=True)) == {p.team_a.pk}
    assert by_manager.filter(tool__tool_id="tier1-generic", practitioner=p.practitioner_a.staff).count() == 4
    hos = Audit.objects.get(auditor=p.head_of_service_a.staff)
    assert hos.tool.tool_id == "tier2-head-of-service"
    assert hos.team.service_area != p.area_a
    assert run.summary["per_team"][p.team_a.name] == 4


def test_cases_audited_recently_are_excluded(case_data: Personas):
    _, result = audits_allocate(month=MONTH, seed=5)
    april = dt.date(2025, 4, 1)
    second, _ = allocation_draw(month=april, seed=5)
    assert not {d.child_id for d in result.drawn} & {d.child_id for d in second.drawn}


def test_a_month_is_allocated_once(case_data: Personas):
    audits_allocate(month=MONTH, seed=1)
    with pytest.raises(AllocationError, match="already allocated"):
        audits_allocate(month=MONTH, seed=2)


def test_command_prints_json_and_fails_when_a_quota_cannot_be_met(case_data: Any):
    out = io.StringIO()
    call_command("allocate_audits", "--month", "2025-03", "--seed", "9", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["seed"] == 9 and summary["saved"] and summary["shortfalls"] == []
    assert summary["allocated"] == Audit.objects.count() == 9
    # A manager of a team with no open cases cannot meet the quota: the command says so and fails.
    empty = Team.objects.create(service_area=case_data.area_b, name="Family Support South", team_type="cin_cp")
    make_person("manager.empty@test.example", [RoleCode.TEAM_MANAGER], empty)
    out = io.StringIO()
    with pytest.raises(CommandError, match="needs 4 tier1-generic audits in team Family Support South, but only 0"):
        call_command("allocate_audits", "--month", "2025-04", "--dry-run", stdout=out)
    assert json.loads(out.getvalue())["saved"] is False


def test_no_case_data_is_a_clear_error(personas: Personas):
    tools_install()
    assert AuditTool.objects.exists()
    with pytest.raises(CommandError, match="No case data has been imported"):
        call_command("allocate_audits", "--month", "2025-03", stdout=io.StringIO())


def test_managers_of_teams_holding_no_cases_are_not_given_case_audits(case_data: Personas):
    fostering = Team.objects.create(service_area=case_data.area_b, name="Fostering 1", team_type="fostering")
    make_person("manager.fostering@test.example", [RoleCode.TEAM_MANAGER], fostering)
    result, _ = allocation_draw(month=MONTH, seed=3)
    assert result.shortfalls == []
    assert "Fostering 1" not in {d.team for d in result.drawn}
