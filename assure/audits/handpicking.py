"""Hand-picked allocation. Case audits that count toward the quotas come from the random draw; an
administrator may allow named children to be allocated instead, for a month, a tool, or a tool in a
month, giving the reason. Each allowance and its withdrawal is kept in the change history, and every
audit allocated under one is marked hand-picked with who picked it and why."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from assure.audits.models import AuditTool, HandPickingAllowance, ToolStatus
from assure.organisation.selectors import user_scope

CASE_KIND = "case"


def can_allow_hand_picking(user: Any) -> bool:
    return user_scope(user).is_admin


def require_allow_hand_picking(user: Any) -> None:
    if not can_allow_hand_picking(user):
        raise PermissionDenied("Only an administrator may allow hand-picked allocation of audits.")


def case_tools() -> dict[str, str]:
    """Case-audit tools in use: tool id → title."""
    tools = AuditTool.objects.filter(kind=CASE_KIND, status=ToolStatus.ACTIVE).order_by("title")
    return dict(tools.values_list("tool_id", "title"))


def allowances_current() -> QuerySet[HandPickingAllowance]:
    return HandPickingAllowance.objects.filter(withdrawn_at__isnull=True).select_related("allowed_by")


def allowances_all() -> QuerySet[HandPickingAllowance]:
    return HandPickingAllowance.objects.select_related("allowed_by", "withdrawn_by")


def hand_picking_allowance(*, month: dt.date, tool_id: str) -> HandPickingAllowance | None:
    """The allowance in force for this tool in this month, if an administrator gave one."""
    return (
        allowances_current()
        .filter(Q(month__isnull=True) | Q(month=month.replace(day=1)), Q(tool_id="") | Q(tool_id=tool_id))
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def hand_picking_allow(*, user: Any, month: dt.date | None, tool_id: str, reason: str) -> HandPickingAllowance:
    require_allow_hand_picking(user)
    if month is None and not tool_id:
        raise ValidationError({"month": "Choose a month, a tool, or both: hand-picking is never allowed for all"})
    if tool_id and tool_id not in case_tools():
        raise ValidationError({"tool_id": "Choose a case-audit tool that is in use"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why hand-picked allocation is allowed"})
    return HandPickingAllowance.objects.create(
        month=month.replace(day=1) if month else None, tool_id=tool_id, reason=reason.strip(), allowed_by=user
    )


@transaction.atomic
def hand_picking_withdraw(*, user: Any, allowance: HandPickingAllowance) -> HandPickingAllowance:
    require_allow_hand_picking(user)
    if allowance.withdrawn_at is None:
        allowance.withdrawn_at = timezone.now()
        allowance.withdrawn_by = user
        allowance.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    return allowance
