"""Change history (who, when, field, old → new) for the organisation's objects, by django-auditlog."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db.models import Model


def register() -> None:
    from assure.organisation.models import Directorate, LocalAuthority, Membership, Role, ServiceArea, Staff, Team

    for model in (LocalAuthority, Directorate, ServiceArea, Team, Membership, Role):
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=["created_at", "updated_at"])
    if not auditlog.contains(Staff):
        auditlog.register(Staff, exclude_fields=["created_at", "updated_at"], m2m_fields={"roles"})


def history_for(obj: Model) -> list[dict[str, Any]]:
    """The object's changes, newest first, as rows of who, when, what, and field: old → new."""
    rows = []
    entries = LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")[:200]
    for entry in entries:
        changes = []
        for field, change in (entry.changes_dict or {}).items():
            if isinstance(change, dict):  # many-to-many: {"type": "m2m", "operation": "add", "objects": [...]}
                verb = {"add": "added", "delete": "removed", "clear": "removed all"}.get(
                    change.get("operation", ""), "changed"
                )
                changes.append({"field": field, "old": "", "new": f"{verb} {', '.join(change.get('objects', []))}"})
            else:
                old, new = change
                changes.append({"field": field.replace("_", " "), "old": old, "new": new})
        rows.append(
            {"when": entry.timestamp, "who": entry.actor, "action": entry.get_action_display(), "changes": changes}
        )
    return rows
