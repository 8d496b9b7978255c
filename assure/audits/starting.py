"""Starting an audit by hand: observations of practice, supervision-file, HR, thematic and
multi-agency audits. Case audits that count toward the quotas come only from the random draw.

Who may start which kind:
- supervision and observation: team managers (staff in their teams), heads of service (their
  service), performance and QA (anyone);
- HR: HR business partners and performance and QA;
- thematic and multi-agency (of a child's record): IROs and performance and QA, for children
  allocated to a team within the person's scope on the latest snapshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from assure.audits.models import Audit, AuditTool, ToolStatus
from assure.audits.services import audit_create
from assure.casedata.allocation import allocation_on
from assure.casedata.selectors import snapshot_latest, snapshot_tables
from assure.organisation.models import Membership, Staff, Team
from assure.organisation.roles import RoleCode
from assure.organisation.selectors import Scope, today, user_scope

STAFF_KINDS = frozenset({"supervision", "observation", "hr"})
CHILD_KINDS = frozenset({"thematic", "multi_agency"})
STARTERS: dict[str, frozenset[RoleCode]] = {
    "supervision": frozenset({RoleCode.TEAM_MANAGER, RoleCode.HEAD_OF_SERVICE, RoleCode.PERFORMANCE_QA}),
    "observation": frozenset({RoleCode.TEAM_MANAGER, RoleCode.HEAD_OF_SERVICE, RoleCode.PERFORMANCE_QA}),
    "hr": frozenset({RoleCode.HR_BUSINESS_PARTNER, RoleCode.PERFORMANCE_QA}),
    "thematic": frozenset({RoleCode.IRO, RoleCode.PERFORMANCE_QA}),
    "multi_agency": frozenset({RoleCode.IRO, RoleCode.PERFORMANCE_QA}),
}


def may_start(scope: Scope, kind: str) -> bool:
    return scope.staff_id is not None and scope.has(*STARTERS.get(kind, frozenset()))


def tools_startable(user: Any) -> QuerySet[AuditTool]:
    """Tools in use whose kind this person may start by hand."""
    scope = user_scope(user)
    kinds = [kind for kind in STARTERS if may_start(scope, kind)]
    return AuditTool.objects.filter(status=ToolStatus.ACTIVE, kind__in=kinds).order_by("title")


def can_start_any(user: Any) -> bool:
    scope = user_scope(user)
    return any(may_start(scope, kind) for kind in STARTERS)


def require_start_any(user: Any) -> None:
    if not can_start_any(user):
        raise PermissionDenied("Audits are started by managers, the HR, IRO and quality assurance teams.")


def staff_in_scope(user: Any) -> QuerySet[Staff]:
    """Active staff this person may name as the subject or the auditor of an audit they start."""
    scope = user_scope(user)
    staff = Staff.objects.filter(is_active=True)
    if not (scope.authority_wide or scope.has(RoleCode.HR_BUSINESS_PARTNER)):
        in_teams = Membership.objects.on(today()).filter(team_id__in=scope.team_ids).values("staff_id")
        staff = staff.filter(pk__in=in_teams) | staff.filter(pk=scope.staff_id or 0)
    return staff.distinct().order_by("last_name", "first_name")


@dataclass(frozen=True)
class ChildPlace:
    child_id: str
    team: Team
    worker: Staff | None


def child_place(child_id: str) -> ChildPlace | None:
    """The team (and worker, where known) holding a child's case on the latest snapshot."""
    snapshot = snapshot_latest()
    if snapshot is None:
        return None
    allocations = snapshot_tables(snapshot, ["allocations"])["allocations"]
    if allocations.is_empty():
        return None
    held = allocation_on(allocations.filter(allocations["child_id"] == child_id), snapshot.as_at)
    if held.is_empty():
        return None
    row = held.row(0, named=True)
    team = Team.objects.filter(name=row["team"]).first()
    if team is None:
        return None
    worker = Staff.objects.filter(email__iexact=str(row["worker_id"] or "")).first()
    return ChildPlace(child_id, team, worker)


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


@transaction.atomic
def audit_start(
    *,
    user: Any,
    tool: AuditTool,
    auditor: Staff,
    child_id: str = "",
    staff: Staff | None = None,
    theme: str = "",
    due_date: dt.date | None = None,
) -> Audit:
    """Create an audit started by hand, allocated to `auditor`. Checks the rules again."""
    scope = user_scope(user)
    if tool.status != ToolStatus.ACTIVE:
        raise ValidationError({"tool": "This tool is not in use"})
    if tool.kind not in STAFF_KINDS | CHILD_KINDS:
        raise ValidationError({"tool": "Case audits come from the monthly random draw"})
    if not may_start(scope, tool.kind):
        raise ValidationError({"tool": "You cannot start this kind of audit"})
    in_scope = staff_in_scope(user)
    if not in_scope.filter(pk=auditor.pk).exists():
        raise ValidationError({"auditor": "Choose an auditor within your teams"})
    month = _month(today())
    if tool.kind in CHILD_KINDS:
        place = child_place(child_id)
        if place is None:
            raise ValidationError({"child_id": f"No child {child_id} is allocated to a team in the latest case data"})
        if not scope.covers_team(place.team.pk):
            raise ValidationError({"child_id": f"Child {child_id} is not in your teams"})
        return audit_create(
            tool=tool,
            team=place.team,
            auditor=auditor,
            month=month,
            child_id=child_id,
            practitioner=place.worker,
            theme=theme,
            due_date=due_date,
        )
    if staff is None:
        raise ValidationError({"staff": "Choose the member of staff"})
    if not in_scope.filter(pk=staff.pk).exists():
        raise ValidationError({"staff": "Choose a member of staff within your teams"})
    membership = Membership.objects.on(today()).filter(staff=staff).select_related("team").first()
    if membership is None:
        raise ValidationError({"staff": f"{staff.full_name} is not in a team at the moment"})
    return audit_create(
        tool=tool,
        team=membership.team,
        auditor=auditor,
        month=month,
        subject=staff.full_name,
        practitioner=staff,
        theme=theme,
        due_date=due_date,
    )
