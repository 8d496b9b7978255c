"""Who may see and change audits. Views get audits and actions only through these helpers.

- Auditors see the audits allocated to them, and moderators the audits they moderate.
- Practitioners see the audits of their own cases and the actions on them.
- Team managers see their teams' audits; heads of service their service's.
- Performance and QA officers, assistant directors and the director see every audit.
Anyone else gets 404, so an audit's existence is not revealed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from assure.audits.models import Audit, AuditAction, Moderation
from assure.organisation.roles import RoleCode
from assure.organisation.selectors import Scope, user_scope


def audits_for_user(user: Any) -> QuerySet[Audit]:
    scope = user_scope(user)
    audits = Audit.objects.select_related("tool", "team", "team__service_area", "auditor", "practitioner")
    if scope.authority_wide:
        return audits
    if scope.staff_id is None:
        return audits.none()
    visible = (
        Q(auditor_id=scope.staff_id) | Q(practitioner_id=scope.staff_id) | Q(moderation__moderator_id=scope.staff_id)
    )
    if scope.has(RoleCode.HEAD_OF_SERVICE):
        visible |= Q(team__service_area_id__in=scope.service_area_ids)
    if scope.has(RoleCode.TEAM_MANAGER):
        visible |= Q(team_id__in=scope.team_ids)
    return audits.filter(visible).distinct()


def get_audit_for_user(user: Any, pk: int) -> Audit:
    audit = audits_for_user(user).filter(pk=pk).first()
    if audit is None:
        raise Http404("No such audit.")
    return audit


def get_audit_for_user_to_edit(user: Any, pk: int) -> Audit:
    """The audit, for its auditor to fill in; others who may see it are refused."""
    audit = get_audit_for_user(user, pk)
    if audit.auditor_id != user_scope(user).staff_id:
        raise PermissionDenied("Only the auditor fills in an audit.")
    return audit


def _manages(scope: Scope, audit: Audit) -> bool:
    return (scope.has(RoleCode.TEAM_MANAGER) and audit.team_id in scope.team_ids) or (
        scope.has(RoleCode.HEAD_OF_SERVICE) and audit.team.service_area_id in scope.service_area_ids
    )


def can_manage_actions(user: Any, audit: Audit) -> bool:
    scope = user_scope(user)
    return audit.auditor_id == scope.staff_id or _manages(scope, audit) or scope.has(RoleCode.PERFORMANCE_QA)


def can_comment(user: Any, audit: Audit) -> bool:
    scope = user_scope(user)
    return scope.staff_id in (audit.practitioner_id, audit.auditor_id) or _manages(scope, audit)


def get_audit_for_user_to_comment(user: Any, pk: int) -> Audit:
    audit = get_audit_for_user(user, pk)
    if not can_comment(user, audit):
        raise PermissionDenied("Comments are added by the practitioner, the auditor and the team's managers.")
    return audit


def get_audit_for_user_to_manage_actions(user: Any, pk: int) -> Audit:
    audit = get_audit_for_user(user, pk)
    if not can_manage_actions(user, audit):
        raise PermissionDenied("Actions are set by the auditor, the team's managers and the QA team.")
    return audit


def get_action_for_user_to_edit(user: Any, pk: int) -> AuditAction:
    """An action, for its owner or whoever may manage the audit's actions."""
    action = AuditAction.objects.select_related("audit", "owner").filter(pk=pk).first()
    if action is None or not audits_for_user(user).filter(pk=action.audit_id).exists():
        raise Http404("No such action.")
    if action.owner_id != user_scope(user).staff_id and not can_manage_actions(user, action.audit):
        raise PermissionDenied("Only the action's owner, the auditor and the team's managers update it.")
    return action


def can_view_compliance(user: Any) -> bool:
    scope = user_scope(user)
    return scope.authority_wide or scope.has(RoleCode.TEAM_MANAGER, RoleCode.HEAD_OF_SERVICE)


def require_view_compliance(user: Any) -> None:
    if not can_view_compliance(user):
        raise PermissionDenied("The compliance board is for managers and the quality assurance team.")


def can_manage_tools(user: Any) -> bool:
    scope = user_scope(user)
    return scope.has(RoleCode.PERFORMANCE_QA) or scope.is_admin


def require_manage_tools(user: Any) -> None:
    if not can_manage_tools(user):
        raise PermissionDenied("Audit tools are managed by the performance and quality assurance team.")


def require_moderate(user: Any) -> None:
    moderating = (RoleCode.PERFORMANCE_QA, RoleCode.HEAD_OF_SERVICE, RoleCode.ASSISTANT_DIRECTOR, RoleCode.DIRECTOR)
    if not user_scope(user).has(*moderating):
        raise PermissionDenied("Moderation is done by the QA team and senior managers.")


def get_moderation_for_user_to_edit(user: Any, pk: int) -> Moderation:
    """A moderation, for the moderator it was given to."""
    moderation = Moderation.objects.select_related("audit", "audit__tool", "audit__team").filter(pk=pk).first()
    if moderation is None or moderation.moderator_id != user_scope(user).staff_id:
        raise Http404("No such moderation.")
    return moderation
