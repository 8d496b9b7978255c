"""Who may import returns, look at snapshots, and open a child's record.

Snapshots (what was imported, when, how many records) are for the performance team, senior leaders
and administrators. The data-quality list names children, so it is for those who see the whole
authority's child-level data, and each view or download is logged.

A child's record is for the people whose scope covers the child, as the deadline lists and the
children behind a figure decide it: whole-authority roles; the team holding the case in the newest
snapshot that has the child (its members, its managers, the head of its service); the worker holding
it (their work tray links here); and whoever may see an audit of the child (the auditor, the
practitioner, the moderator). Board members never see it (403); a child the person may not see
answers exactly as an unknown ID does (404), so its existence is not revealed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from assure.casedata.models import ColumnMapping, ImportDraft, Snapshot
from assure.casedata.selectors import ChildHistory, child_history
from assure.organisation.roles import RoleCode
from assure.organisation.selectors import Scope, user_scope

NO_CHILD = "No child you can see has that ID."


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


def require_child_records(user: Any) -> Scope:
    scope = user_scope(user)
    if not scope.sees_child_data:
        raise PermissionDenied("Children's records are for staff whose role covers children's cases.")
    return scope


def child_covered(user: Any, history: ChildHistory) -> bool:
    scope = user_scope(user)
    if scope.authority_wide:
        return True
    if history.worker is not None and history.worker.pk == scope.staff_id:
        return True
    if history.team is not None and history.team.pk in scope.team_ids:
        return True
    from assure.audits.access import audits_for_user  # audits build on case data, not the other way

    return audits_for_user(user).filter(child_id=history.child_id).exists()


def get_child_for_user(user: Any, child_id: str) -> ChildHistory:
    """The child's history, if the person's scope covers the child; otherwise 404, as for no such child."""
    require_child_records(user)
    history = child_history(child_id)
    if history is None or not child_covered(user, history):
        raise Http404(NO_CHILD)
    return history
