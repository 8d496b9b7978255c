"""Change history (who, when, field, old → new) for the organisation's objects, by django-auditlog."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.db.models.fields import AutoFieldMixin

from assure.organisation.selectors import staff_names_by_email


def register() -> None:
    from assure.organisation.models import Directorate, LocalAuthority, Membership, Role, ServiceArea, Staff, Team

    for model in (LocalAuthority, Directorate, ServiceArea, Team, Membership, Role):
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=["created_at", "updated_at"])
    if not auditlog.contains(Staff):
        auditlog.register(Staff, exclude_fields=["created_at", "updated_at"], m2m_fields={"roles"})


def history_for(obj: Model) -> list[dict[str, Any]]:
    """The object's changes, newest first, as rows of who, when, what, and field: old → new. Values
    are as people read them: a team's or person's name rather than its number, a choice's label, a
    date in the house format; a structured field (an audit's answers) just says it was updated."""
    return _rows(LogEntry.objects.get_for_object(obj), obj)


def history_for_all(objects: QuerySet[Any]) -> list[dict[str, Any]]:
    """`history_for` of several objects of one model, merged newest first, in one query."""
    return _rows(LogEntry.objects.get_for_objects(objects), objects.model)


def _rows(entries: QuerySet[LogEntry], obj: Model | type[Model]) -> list[dict[str, Any]]:
    rows = []
    chosen = list(entries.select_related("actor__staff").order_by("-timestamp", "-pk")[:200])
    named = staff_names_by_email(e.actor_email for e in chosen if e.actor is None and e.actor_email)
    for entry in chosen:
        changes = _changes(entry, obj)
        if entry.action == LogEntry.Action.CREATE:
            # What it was made with: the values given, not the empty ones nor its database number.
            changes = [c for c in changes if c["new"] and not c.get("key")]
        rows.append(
            {
                "when": entry.timestamp,
                "who": _who(entry, named),
                "action": entry.get_action_display(),
                "changes": changes,
            }
        )
    return rows


def _who(entry: LogEntry, named: dict[str, str]) -> str:
    """Who made the change: the person signed in, or the member of staff it was recorded for (someone
    without an account, named by e-mail address), or the system."""
    if entry.actor is not None:
        return str(entry.actor.display_name)
    if entry.actor_email:
        return named.get(entry.actor_email.lower(), entry.actor_email)
    return "System"


def _changes(entry: LogEntry, obj: Model | type[Model]) -> list[dict[str, Any]]:
    readable = entry.changes_display_dict
    created = entry.action == LogEntry.Action.CREATE
    changes: list[dict[str, Any]] = []
    for name, change in (entry.changes_dict or {}).items():
        found = _lookup(obj, name)
        field = found if getattr(found, "concrete", False) else None  # not a reverse relation
        label = str(field.verbose_name) if field is not None else name.replace("_", " ")
        if isinstance(change, dict):  # many-to-many: {"type": "m2m", "operation": "add", "objects": [...]}
            verb = {"add": "added", "delete": "removed", "clear": "removed all"}.get(
                change.get("operation", ""), "changed"
            )
            changes.append({"field": label, "old": "", "new": f"{verb} {', '.join(change.get('objects', []))}"})
        elif field is None and found is not None:
            continue  # another model's link to this one (auditlog names it): nothing a reader can use
        elif field is not None and field.get_internal_type() == "JSONField":
            new = change[1] if isinstance(change, list | tuple) and len(change) == 2 else None
            empty = _blank(new) in ("", "{}", "[]")
            changes.append({"field": label, "old": "", "new": "" if created and empty else "updated"})
        else:
            old, new = readable.get(label, change)
            key = isinstance(field, AutoFieldMixin)  # a database number; a chosen key (a role's code) stays
            changes.append({"field": label, "old": _blank(old), "new": _blank(new), "key": key})
    return changes


def _lookup(obj: Model | type[Model], name: str) -> Any:
    """The model's field of this name, or None for a field since removed (its change is still shown,
    under its old name)."""
    try:
        return obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _blank(value: Any) -> str:
    """auditlog writes an empty value as "None" and a yes/no as "True"/"False"."""
    return {"None": "", "True": "Yes", "False": "No"}.get(str(value), str(value)) if value is not None else ""
