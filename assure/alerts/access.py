"""Who may see which deadlines.

Deadlines name children, so lists follow `user_scope`: a person sees the deadlines of the teams
their scope covers (practitioners and managers their own teams, heads of service their service
areas, the performance team and senior leaders the whole authority). Everyone with a working role
has their own work tray. Board members see counts per service area only, small numbers hidden.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from assure.organisation.models import Team
from assure.organisation.selectors import Scope, user_scope


def require_work_tray(user: Any) -> Scope:
    scope = user_scope(user)
    if not scope.has_working_role or scope.staff_id is None:
        raise PermissionDenied("The work tray lists the deadlines of your own cases; your role has none.")
    return scope


def require_summary(user: Any) -> Scope:
    scope = user_scope(user)
    if not (scope.sees_child_data or scope.aggregates_only):
        raise PermissionDenied("Deadline summaries are for staff whose role covers children's cases.")
    return scope


def get_team_deadlines_for_user(user: Any, pk: int) -> Team:
    """A team whose deadlines (naming children) the person may list; others answer 404."""
    scope = user_scope(user)
    if not scope.sees_child_data:
        raise PermissionDenied("Deadline lists name children; your role shows counts only.")
    if not scope.covers_team(pk):
        raise Http404("No such team.")
    try:
        return Team.objects.select_related("service_area").get(pk=pk)
    except Team.DoesNotExist:
        raise Http404("No such team.") from None


def can_recompute(user: Any) -> bool:
    from assure.casedata.access import can_import_returns

    return can_import_returns(user)
