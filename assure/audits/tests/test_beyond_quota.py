"""Case audits outside the random draw: a team manager's additional Tier 1 audits (never counted
toward the quota) and hand-picked allocation, refused unless an administrator allows it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from assure.audits.allocation import allocation_draw, audits_allocate
from assure.audits.models import AllocationMethod, Audit, AuditTool, HandPickingAllowance, ToolStatus
from assure.audits.services import audit_create
from assure.audits.tests.test_starting import child_in
from assure.core.testing import Personas
from assure.organisation.models import Staff, Team

pytestmark = pytest.mark.django_db
URL = "/audits/start/"
PICKING = "/audits/hand-picking/"


def tool(tool_id: str) -> AuditTool:
    return AuditTool.objects.get(tool_id=tool_id, status=ToolStatus.ACTIVE)


def start(client: Any, user: Any, child: str, *, tool_id: str = "tier1-generic", **more: Any) -> Any:
    client.force_login(user)
    data = {"tool": tool(tool_id).pk, "child_id": child, "auditor": user.staff_id, **more}
    return client.post(URL, data)


def board(client: Any, p: Personas) -> Any:
    client.force_login(p.performance_qa)
    return client.get(reverse("audits:compliance")).context["board"]


def allow(client: Any, p: Personas, **data: Any) -> Any:
    client.force_login(p.admin)
    return client.post(PICKING, data)


def test_manager_adds_a_tier1_audit_that_does_not_count_toward_the_quota(client: Any, case_data: Personas, today):
    p = case_data
    child = child_in(p.team_a.name)
    response = start(client, p.manager_a, child)
    audit = Audit.objects.get()
    assert response["Location"] == reverse("audits:audit-edit", kwargs={"pk": audit.pk})
    assert (audit.allocation_method, audit.counts_toward_quota) == (AllocationMethod.ADDITIONAL, False)
    assert (audit.team, audit.allocated_by, audit.month) == (p.team_a, p.manager_a.staff, today.replace(day=1))
    assert audit.case_kind in {"cin", "cp", "cla"}
    shown = board(client, p)
    assert (shown.total.due, shown.total.additional, shown.total.hand_picked) == (0, 1, 0)
    (row,) = shown.by_team
    assert (row.name, row.due, row.additional) == (p.team_a.name, 0, 1)
    client.force_login(p.manager_a)
    listing = client.get(reverse("audits:audit-list")).content.decode()
    assert "Additional</strong>" in listing


def test_manager_refused_a_case_outside_their_team_and_tier2(client: Any, case_data: Personas):
    p = case_data
    other = child_in(p.team_b.name)
    page = start(client, p.manager_a, other).content.decode()
    assert f"Child {other} is not open to a team you manage" in page
    page = start(client, p.manager_a, child_in(p.team_a.name), tool_id="tier2-head-of-service").content.decode()
    assert "Choose a tool that is in use and that you may start" in page
    assert not Audit.objects.exists()


def test_hand_picking_refused_until_an_administrator_allows_it(client: Any, case_data: Personas, today):
    p = case_data
    child = child_in(p.team_b.name)
    page = start(client, p.performance_qa, child, reason="Known drift in planning").content.decode()
    assert f"Hand-picking children for the tier 1 case audit is not allowed in {today:%B %Y}" in page
    assert 'id="id_tool_error"' in page
    assert not Audit.objects.exists()

    response = allow(client, p, month=today.isoformat(), tool_id="tier1-generic", reason="Ofsted focused visit")
    assert response.status_code == 302
    allowance = HandPickingAllowance.objects.get()
    assert (allowance.month, allowance.allowed_by) == (today.replace(day=1), p.admin)
    assert LogEntry.objects.get_for_object(allowance).exists()  # in the change history

    page = start(client, p.performance_qa, child).content.decode()
    assert "Enter why this child is hand-picked for audit" in page
    response = start(client, p.performance_qa, child, reason="Known drift in planning")
    audit = Audit.objects.get()
    assert response.status_code == 302
    assert (audit.allocation_method, audit.counts_toward_quota) == (AllocationMethod.HAND_PICKED, True)
    assert (audit.allocated_by, audit.allocation_reason) == (p.performance_qa.staff, "Known drift in planning")
    assert (audit.team, audit.auditor) == (p.team_b, p.performance_qa.staff)
    shown = board(client, p)
    assert (shown.total.due, shown.total.hand_picked, shown.total.additional) == (1, 1, 0)
    detail = client.get(reverse("audits:audit-detail", kwargs={"pk": audit.pk})).content.decode()
    assert "Hand-picked</strong>" in detail and "Known drift in planning" in detail
    assert "Hand-picked</strong>" in client.get(reverse("audits:audit-list")).content.decode()


def test_allowance_covers_only_its_month_and_tool_until_withdrawn(client: Any, case_data: Personas, today):
    p = case_data
    child = child_in(p.team_b.name)
    next_month = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    allow(client, p, month=next_month.isoformat(), reason="Next month only")
    allow(client, p, tool_id="tier2-head-of-service", reason="Tier 2 only")
    page = start(client, p.performance_qa, child, reason="Any").content.decode()
    assert "is not allowed" in page
    allow(client, p, tool_id="tier1-generic", reason="Every month for Tier 1")
    assert start(client, p.performance_qa, child, reason="Any").status_code == 302
    current = HandPickingAllowance.objects.get(tool_id="tier1-generic")
    client.force_login(p.admin)
    response = client.post(reverse("audits:hand-picking-withdraw", kwargs={"pk": current.pk}))
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.withdrawn_by == p.admin and current.withdrawn_at is not None
    page = start(client, p.performance_qa, child_in(p.team_a.name), reason="Any").content.decode()
    assert "is not allowed" in page
    assert Audit.objects.count() == 1


def test_only_administrators_allow_and_never_for_everything(client: Any, case_data: Personas):
    p = case_data
    client.force_login(p.performance_qa)
    assert client.get(PICKING).status_code == 403
    assert client.post(PICKING, {"tool_id": "tier1-generic", "reason": "Mine"}).status_code == 403
    page = allow(client, p, reason="Everything").content.decode()
    assert "Choose a month, a tool, or both" in page
    page = allow(client, p, tool_id="tier1-generic").content.decode()
    assert "Enter why hand-picked allocation is allowed" in page
    assert not HandPickingAllowance.objects.exists()


def test_the_draw_is_unchanged_and_counts_toward_the_quota(case_data: Personas):
    run, result = audits_allocate(month=dt.date(2025, 3, 1), seed=5)
    audits = Audit.objects.filter(allocation_run=run)
    assert audits.count() == len(result.drawn) > 0
    assert set(audits.values_list("allocation_method", "counts_toward_quota")) == {(AllocationMethod.RANDOM, True)}


def additional_audit(month: dt.date, like: Any, child_id: str) -> None:
    """An audit outside the draw, by the auditor and team of a drawn case `like`."""
    team, auditor = Team.objects.get(name=like.team), Staff.objects.get(pk=like.auditor_id)
    audit_create(tool=tool("tier1-generic"), team=team, auditor=auditor, month=month, child_id=child_id)


def test_a_child_already_audited_this_month_is_not_drawn_again(case_data: Personas):
    """A manager's additional audit (or a hand-picked one) made before the month's draw keeps that
    child out of the draw, as an audit in the months before does."""
    month = dt.date(2025, 3, 1)
    would_draw, _ = allocation_draw(month=month, seed=5)
    first = would_draw.drawn[0]
    additional_audit(month, first, first.child_id)
    _, result = audits_allocate(month=month, seed=5)
    assert first.child_id not in {drawn.child_id for drawn in result.drawn}
    assert len(result.drawn) > 0
    # The recorded seed still gives the same draw, even once more audits are added after it.
    additional_audit(month, result.drawn[0], would_draw.drawn[1].child_id)
    assert allocation_draw(month=month, seed=5)[0].drawn == result.drawn
