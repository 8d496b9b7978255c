"""Access helpers for risk registers: views get registers, risks, actions and versions only through these.

Everyone with a working role reads the registers. Performance and QA officers edit every register;
a register's owner edits that register and its risks; a risk's owners and its manager edit that
risk. Board members read published versions only (the public part, without confidential risks).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from assure.organisation.roles import RoleCode
from assure.organisation.selectors import user_scope
from assure.risks.models import Action, Register, RegisterVersion, Risk, RiskImport


def can_read_registers(user: Any) -> bool:
    return user_scope(user).has_working_role


def can_read_versions(user: Any) -> bool:
    scope = user_scope(user)
    return scope.has_working_role or scope.has(RoleCode.BOARD_MEMBER)


def sees_exempt_versions(user: Any) -> bool:
    """Officers see the exempt (full) version; board members see the public one."""
    return user_scope(user).has_working_role


def edits_all_risks(user: Any) -> bool:
    return user_scope(user).has(RoleCode.PERFORMANCE_QA)


def can_edit_register(user: Any, register: Register) -> bool:
    scope = user_scope(user)
    return edits_all_risks(user) or (scope.staff_id is not None and register.owner_id == scope.staff_id)


def can_edit_risk(user: Any, risk: Risk) -> bool:
    scope = user_scope(user)
    if can_edit_register(user, risk.register):
        return True
    if scope.staff_id is None:
        return False
    return risk.manager_id == scope.staff_id or risk.owners.filter(pk=scope.staff_id).exists()


def require_create_register(user: Any) -> None:
    if not edits_all_risks(user):
        raise PermissionDenied("Only performance and QA officers set up new registers.")


def require_read_registers(user: Any) -> None:
    if not can_read_registers(user):
        raise PermissionDenied(
            "Risk registers are for staff working in the service; board members read published versions."
        )


def get_register_for_user(user: Any, pk: int) -> Register:
    require_read_registers(user)
    return get_object_or_404(Register.objects.select_related("owner", "escalates_to"), pk=pk)


def get_register_for_user_to_edit(user: Any, pk: int) -> Register:
    register = get_register_for_user(user, pk)
    if not can_edit_register(user, register):
        raise PermissionDenied("Only the register's owner and performance and QA officers can change this register.")
    return register


def get_risk_for_user(user: Any, pk: int) -> Risk:
    require_read_registers(user)
    return get_object_or_404(Risk.objects.select_related("register", "category", "manager"), pk=pk)


def get_risk_for_user_to_edit(user: Any, pk: int) -> Risk:
    risk = get_risk_for_user(user, pk)
    if not can_edit_risk(user, risk):
        raise PermissionDenied(
            "Only the risk's owners, its manager, the register's owner and performance and QA officers can change it."
        )
    return risk


def get_action_for_user_to_edit(user: Any, pk: int) -> Action:
    require_read_registers(user)
    action = get_object_or_404(Action.objects.select_related("risk__register"), pk=pk)
    scope = user_scope(user)
    if not (can_edit_risk(user, action.risk) or (scope.staff_id is not None and action.owner_id == scope.staff_id)):
        raise PermissionDenied("Only the action's owner and the people who edit its risk can complete it.")
    return action


def get_version_for_user(user: Any, pk: int) -> RegisterVersion:
    if not can_read_versions(user):
        raise PermissionDenied("Published risk registers are for staff and board members.")
    return get_object_or_404(RegisterVersion.objects.select_related("register", "completed_by"), pk=pk)


def get_import_for_user_to_edit(user: Any, pk: int) -> RiskImport:
    upload = get_object_or_404(RiskImport.objects.select_related("register"), pk=pk)
    if not can_edit_register(user, upload.register):
        raise PermissionDenied("Only the register's owner and performance and QA officers can import into it.")
    return upload
