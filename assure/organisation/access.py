"""Access helpers for the organisation's objects: views get objects only through these.

Everyone with a working role may read the organisation (structure, teams, staff directory); board
members, who see aggregates only, and people not yet given a role, may not. Only system administrators change it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.shortcuts import get_object_or_404

from assure.organisation.models import (
    Directorate,
    LocalAuthority,
    Membership,
    OrganisationImport,
    ServiceArea,
    Staff,
    Team,
)
from assure.organisation.selectors import user_scope


def can_view_organisation(user: Any) -> bool:
    return user_scope(user).has_working_role


def can_edit_organisation(user: Any) -> bool:
    return user_scope(user).is_admin


def require_view_organisation(user: Any) -> None:
    if not can_view_organisation(user):
        raise PermissionDenied("You do not have access to the organisation's details.")


def require_edit_organisation(user: Any) -> None:
    if not can_edit_organisation(user):
        raise PermissionDenied("Only system administrators can change the organisation.")


def _get[M: Model](model: type[M], user: Any, pk: int, *, edit: bool) -> M:
    if edit:
        require_edit_organisation(user)
    else:
        require_view_organisation(user)
    return get_object_or_404(model, pk=pk)


def get_authority_for_user(user: Any, pk: int) -> LocalAuthority:
    return _get(LocalAuthority, user, pk, edit=False)


def get_authority_for_user_to_edit(user: Any, pk: int) -> LocalAuthority:
    return _get(LocalAuthority, user, pk, edit=True)


def get_directorate_for_user_to_edit(user: Any, pk: int) -> Directorate:
    return _get(Directorate, user, pk, edit=True)


def get_service_area_for_user(user: Any, pk: int) -> ServiceArea:
    return _get(ServiceArea, user, pk, edit=False)


def get_service_area_for_user_to_edit(user: Any, pk: int) -> ServiceArea:
    return _get(ServiceArea, user, pk, edit=True)


def get_team_for_user(user: Any, pk: int) -> Team:
    return _get(Team, user, pk, edit=False)


def get_team_for_user_to_edit(user: Any, pk: int) -> Team:
    return _get(Team, user, pk, edit=True)


def get_staff_for_user(user: Any, pk: int) -> Staff:
    return _get(Staff, user, pk, edit=False)


def get_staff_for_user_to_edit(user: Any, pk: int) -> Staff:
    return _get(Staff, user, pk, edit=True)


def get_membership_for_user_to_edit(user: Any, pk: int) -> Membership:
    return _get(Membership, user, pk, edit=True)


def get_import_for_user_to_edit(user: Any, pk: int) -> OrganisationImport:
    """Imports are seen and applied only by system administrators (any of them, not only the uploader)."""
    return _get(OrganisationImport, user, pk, edit=True)
