"""Who may see which scorecard, the children behind a figure, and who sets targets.

Scorecards are aggregates: staff with a working role see the authority's, and board members see
it with small numbers hidden. A service area's or team's scorecard is for the people whose scope
covers it; a worker's is for the worker, their managers and the whole-authority roles. The children
behind a figure are child-level data: only for people whose scope covers the organisation unit,
never for board members, and each view is logged by the view.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from assure.organisation.models import Membership, ServiceArea, Staff, Team
from assure.organisation.roles import RoleCode
from assure.organisation.selectors import Scope, today, user_scope

MANAGING_ROLES = (RoleCode.TEAM_MANAGER, RoleCode.HEAD_OF_SERVICE, RoleCode.ADVANCED_PRACTITIONER)


def require_scorecards(user: Any) -> Scope:
    scope = user_scope(user)
    if not (scope.has_working_role or scope.aggregates_only):
        raise PermissionDenied("Scorecards are for staff working in the service and board members.")
    return scope


def suppression_for(user: Any) -> int | None:
    """The small-number threshold a person sees figures through (None: they see them whole)."""
    from django.conf import settings

    return settings.SMALL_NUMBER_THRESHOLD if user_scope(user).aggregates_only else None


def get_area_for_user(user: Any, pk: int) -> ServiceArea:
    scope = require_scorecards(user)
    area = get_object_or_404(ServiceArea, pk=pk)
    if scope.authority_wide or scope.aggregates_only or area.pk in scope.service_area_ids:
        return area
    raise Http404("No such service area.")


def get_team_for_user(user: Any, pk: int) -> Team:
    scope = require_scorecards(user)
    team = get_object_or_404(Team.objects.select_related("service_area"), pk=pk)
    if scope.authority_wide or scope.aggregates_only or team.pk in scope.team_ids:
        return team
    raise Http404("No such team.")


def _worker_teams(staff: Staff) -> set[int]:
    return set(Membership.objects.on(today()).filter(staff=staff).values_list("team_id", flat=True))


def get_worker_for_user(user: Any, pk: int) -> Staff:
    """A worker's own figures: for them, their managers and whole-authority roles; not for the board."""
    scope = require_scorecards(user)
    staff = get_object_or_404(Staff, pk=pk)
    if scope.staff_id == staff.pk or scope.authority_wide:
        return staff
    if scope.has(*MANAGING_ROLES) and _worker_teams(staff) & scope.team_ids:
        return staff
    raise Http404("No such worker.")


def require_children(user: Any, *, level: str, unit: Any) -> None:
    """Refuse the children behind a figure unless the person's scope covers the whole of it."""
    scope = user_scope(user)
    allowed = scope.sees_child_data and (
        scope.authority_wide
        or (level == "service_area" and unit.pk in scope.service_area_ids)
        or (level == "team" and unit.pk in scope.team_ids)
        or (level == "worker" and (scope.staff_id == unit.pk or bool(_worker_teams(unit) & scope.team_ids)))
    )
    if not allowed:
        raise PermissionDenied("The children behind this figure are outside the part of the service you cover.")


def can_edit_targets(user: Any) -> bool:
    return bool(user.is_superuser) or user_scope(user).has(RoleCode.PERFORMANCE_QA)


def require_edit_targets(user: Any) -> None:
    if not can_edit_targets(user):
        raise PermissionDenied("Targets are set by the performance and quality assurance team.")


def can_recalculate(user: Any) -> bool:
    """The performance and QA team and administrators may queue the figures' recalculation."""
    scope = user_scope(user)
    return scope.is_admin or scope.has(RoleCode.PERFORMANCE_QA)


def require_recalculate(user: Any) -> None:
    if not can_recalculate(user):
        raise PermissionDenied("Figures are recalculated by the performance and quality assurance team.")
