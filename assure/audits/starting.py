"""Starting an audit by hand: observations of practice, supervision-file, HR, thematic and
multi-agency audits, and case audits beyond or instead of the random draw.

Who may start which kind:
- supervision and observation: team managers (staff in their teams), heads of service (their
  service), performance and QA (anyone);
- HR: HR business partners and performance and QA;
- thematic and multi-agency (of a child's record): IROs and performance and QA, for children
  allocated to a team within the person's scope on the latest snapshot;
- case audits: a team manager may add a Tier 1 audit of a case open to their team, on top of the
  draw (it does not count toward the quota); while an administrator allows hand-picking for the
  month and tool, an administrator or performance and QA officer may allocate a named child, which
  counts toward the quota and is recorded as hand-picked, with who and why. Otherwise refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from assure.audits.allocation import open_on
from assure.audits.handpicking import CASE_KIND, hand_picking_allowance
from assure.audits.models import AllocationMethod, Audit, AuditTool, ToolStatus
from assure.audits.services import audit_create
from assure.casedata.allocation import allocation_on
from assure.casedata.selectors import snapshot_latest, snapshot_tables
from assure.organisation.models import Membership, Staff, Team
from assure.organisation.roles import RoleCode
from assure.organisation.selectors import Scope, today, user_scope

STAFF_KINDS = frozenset({"supervision", "observation", "hr"})
CHILD_KINDS = frozenset({"thematic", "multi_agency", CASE_KIND})
TIER1_TOOLS = frozenset({"tier1-generic", "tier1-plo"})
STARTERS: dict[str, frozenset[RoleCode]] = {
    CASE_KIND: frozenset({RoleCode.TEAM_MANAGER, RoleCode.PERFORMANCE_QA, RoleCode.SYSTEM_ADMINISTRATOR}),
    "supervision": frozenset({RoleCode.TEAM_MANAGER, RoleCode.HEAD_OF_SERVICE, RoleCode.PERFORMANCE_QA}),
    "observation": frozenset({RoleCode.TEAM_MANAGER, RoleCode.HEAD_OF_SERVICE, RoleCode.PERFORMANCE_QA}),
    "hr": frozenset({RoleCode.HR_BUSINESS_PARTNER, RoleCode.PERFORMANCE_QA}),
    "thematic": frozenset({RoleCode.IRO, RoleCode.PERFORMANCE_QA}),
    "multi_agency": frozenset({RoleCode.IRO, RoleCode.PERFORMANCE_QA}),
}


def may_start(scope: Scope, kind: str) -> bool:
    return scope.staff_id is not None and scope.has(*STARTERS.get(kind, frozenset()))


def may_hand_pick(scope: Scope) -> bool:
    return scope.staff_id is not None and (scope.is_admin or scope.has(RoleCode.PERFORMANCE_QA))


def tools_startable(user: Any) -> QuerySet[AuditTool]:
    """Tools in use whose kind this person may start by hand (for team managers, Tier 1 case tools)."""
    scope = user_scope(user)
    kinds = [kind for kind in STARTERS if may_start(scope, kind)]
    tools = AuditTool.objects.filter(status=ToolStatus.ACTIVE, kind__in=kinds)
    if CASE_KIND in kinds and not may_hand_pick(scope):
        tools = tools.exclude(Q(kind=CASE_KIND) & ~Q(tool_id__in=TIER1_TOOLS))
    return tools.order_by("title")


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
    if not (scope.authority_wide or scope.is_admin or scope.has(RoleCode.HR_BUSINESS_PARTNER)):
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
    held = allocation_on(snapshot_tables(snapshot, ["allocations"], child_id=child_id)["allocations"], snapshot.as_at)
    if held.is_empty():
        return None
    row = held.row(0, named=True)
    team = Team.objects.filter(name=row["team"]).first()
    if team is None:
        return None
    worker = Staff.objects.filter(email__iexact=str(row["worker_id"] or "")).first()
    return ChildPlace(child_id, team, worker)


def _placed(child_id: str) -> ChildPlace:
    """`child_place`, or the form error saying the child is not allocated to a team."""
    place = child_place(child_id)
    if place is None:
        raise ValidationError({"child_id": f"No child {child_id} is allocated to a team in the latest case data"})
    return place


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
    reason: str = "",
) -> Audit:
    """Create an audit started by hand, allocated to `auditor`. Checks the rules again."""
    scope = user_scope(user)
    if tool.status != ToolStatus.ACTIVE:
        raise ValidationError({"tool": "This tool is not in use"})
    if tool.kind not in STAFF_KINDS | CHILD_KINDS:
        raise ValidationError({"tool": "This kind of audit cannot be started by hand"})
    if not may_start(scope, tool.kind):
        raise ValidationError({"tool": "You cannot start this kind of audit"})
    in_scope = staff_in_scope(user)
    if not in_scope.filter(pk=auditor.pk).exists():
        raise ValidationError({"auditor": "Choose an auditor within your teams"})
    month = _month(today())
    if tool.kind == CASE_KIND:
        return _case_audit_start(scope, tool, auditor, child_id, month=month, reason=reason, due_date=due_date)
    if tool.kind in CHILD_KINDS:
        place = _placed(child_id)
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


def case_kind_of(child_id: str) -> str:
    """Child in care, on a protection plan, or in need, on the latest snapshot (as the draw decides)."""
    snapshot = snapshot_latest()
    if snapshot is None:
        return ""
    tables = snapshot_tables(snapshot, ["cla_episodes", "cp_plans"], child_id=child_id)
    for kind, table in (("cla", tables["cla_episodes"]), ("cp", tables["cp_plans"])):
        if child_id in open_on(table, snapshot.as_at):
            return kind
    return "cin"


def _case_audit_start(
    scope: Scope,
    tool: AuditTool,
    auditor: Staff,
    child_id: str,
    *,
    month: dt.date,
    reason: str,
    due_date: dt.date | None,
) -> Audit:
    """A case audit outside the draw: hand-picked while an administrator allows it, or a team
    manager's additional Tier 1 audit of a case open to their team. Refused otherwise, saying why."""
    allowance = hand_picking_allowance(month=month, tool_id=tool.tool_id) if may_hand_pick(scope) else None
    if allowance is None and not scope.has(RoleCode.TEAM_MANAGER):
        raise ValidationError(
            {
                "tool": f"Hand-picking children for the {tool.title.lower()} is not allowed in {month:%B %Y}. "
                "Case audits come from the random draw unless an administrator allows hand-picking."
            }
        )
    if allowance is None and tool.tool_id not in TIER1_TOOLS:
        raise ValidationError({"tool": "Team managers may add Tier 1 case audits only"})
    if allowance is not None and not reason.strip():
        raise ValidationError({"reason": "Enter why this child is hand-picked for audit"})
    place = _placed(child_id)
    if allowance is None and place.team.pk not in scope.team_ids:
        raise ValidationError({"child_id": f"Child {child_id} is not open to a team you manage"})
    method = AllocationMethod.HAND_PICKED if allowance is not None else AllocationMethod.ADDITIONAL
    return audit_create(
        tool=tool,
        team=place.team,
        auditor=auditor,
        month=month,
        child_id=child_id,
        case_kind=case_kind_of(child_id),
        practitioner=place.worker,
        due_date=due_date,
        method=method,
        allocated_by=Staff.objects.filter(pk=scope.staff_id or 0).first(),
        reason=reason,
    )
