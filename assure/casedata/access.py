"""Who may import returns and look at snapshots.

Snapshots (what was imported, when, how many records) are for the performance team, senior leaders
and administrators. The data-quality list names children, so it is for those who see the whole
authority's child-level data, and each view or download is logged.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from assure.casedata.models import ColumnMapping, ImportDraft, Snapshot
from assure.organisation.roles import RoleCode
from assure.organisation.selectors import user_scope


def can_import_returns(user: Any) -> bool:
    return bool(user.is_superuser) or user_scope(user).has(RoleCode.PERFORMANCE_QA)


def can_view_snapshots(user: Any) -> bool:
    scope = user_scope(user)
    return scope.authority_wide or scope.is_admin


def require_import_returns(user: Any) -> None:
    if not can_import_returns(user):
        raise PermissionDenied("Only the performance and quality assurance team imports returns.")


def require_view_snapshots(user: Any) -> None:
    if not can_view_snapshots(user):
        raise PermissionDenied("Imported data is managed by the performance and quality assurance team.")


def get_snapshot_for_user(user: Any, pk: int) -> Snapshot:
    require_view_snapshots(user)
    return get_object_or_404(Snapshot, pk=pk)


def get_snapshot_children_for_user(user: Any, pk: int) -> Snapshot:
    """A snapshot's child-identifiable detail: only for people who see the whole authority's children."""
    if not user_scope(user).authority_wide:
        raise PermissionDenied("The data-quality list names children; your role does not cover the whole authority.")
    return get_object_or_404(Snapshot, pk=pk)


def get_import_draft_for_user(user: Any, pk: int) -> ImportDraft:
    """An import waiting for its columns to be matched: only the person who uploaded its files sees it."""
    require_import_returns(user)
    return get_object_or_404(ImportDraft, pk=pk, created_by=user)


def get_column_mapping_for_user(user: Any, pk: int) -> ColumnMapping:
    require_import_returns(user)
    return get_object_or_404(ColumnMapping, pk=pk)
