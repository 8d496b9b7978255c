"""The demo's audit histories, dated as the demo year tells them.

The demo builds a year of audits in a few seconds, so each change is first recorded as made by the
system today. Here each audit's, action's, moderation's and hand-picking allowance's change history
is given the day and the person the story says: the allowance on the morning of its month, the
monthly draw on the first of the month, the auditor's grading on the day the audit was completed,
actions done on the day they were completed. Demo data only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from assure.audits.models import Audit, AuditAction, HandPickingAllowance, Moderation
from assure.organisation.models import Staff


def _at(day: dt.date, hour: int, latest: dt.datetime) -> dt.datetime:
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))), latest)


def _entries(model: type[Any], pks: list[int]) -> dict[int, list[LogEntry]]:
    entries: dict[int, list[LogEntry]] = defaultdict(list)
    content_type = ContentType.objects.get_for_model(model)
    for entry in LogEntry.objects.filter(content_type=content_type, object_id__in=pks).order_by("pk"):
        entries[int(entry.object_id)].append(entry)
    return entries


def _by(entry: LogEntry, when: dt.datetime, staff: Staff | None) -> LogEntry:
    """The entry as made at `when` by `staff` (through their account, or by address if they have none)."""
    entry.timestamp = when
    entry.actor = getattr(staff, "user", None) if staff is not None else None
    entry.actor_email = staff.email if staff is not None else None
    return entry


def _audit_step(audit: Audit, entry: LogEntry, latest: dt.datetime) -> tuple[dt.datetime, Staff | None]:
    """When and by whom one change to a demo audit was made."""
    if entry.action == LogEntry.Action.CREATE:  # the monthly draw, or the person who chose the case
        return _at(audit.month, 9, latest), audit.allocated_by
    status = (entry.changes_dict or {}).get("status", [None, None])[-1]
    auditor = audit.auditor
    if status == "closed" and audit.closed_at:
        return min(audit.closed_at, latest), auditor
    if audit.completed_at:
        return min(audit.completed_at, latest), auditor
    return _at(audit.month + dt.timedelta(days=10), 14, latest), auditor  # still in progress


def demo_histories_date(*, on: dt.date) -> int:
    """Date and attribute the change histories of the demo's audits, actions and moderations; the
    number of history entries changed."""
    latest = min(timezone.make_aware(dt.datetime.combine(on, dt.time(17))), timezone.now())  # never ahead
    audits = {a.pk: a for a in Audit.objects.select_related("auditor__user", "allocated_by__user")}
    changed: list[LogEntry] = []
    for pk, entries in _entries(Audit, list(audits)).items():
        for entry in entries:
            changed.append(_by(entry, *_audit_step(audits[pk], entry, latest)))
    actions = {a.pk: a for a in AuditAction.objects.all()}
    for pk, entries in _entries(AuditAction, list(actions)).items():
        action = actions[pk]
        audit = audits[action.audit_id]
        for entry in entries:
            done_on = action.completed_on if entry.action != LogEntry.Action.CREATE else None
            when = _at(done_on, 15, latest) if done_on else (audit.completed_at or latest)
            changed.append(_by(entry, min(when, latest), audit.auditor))
    moderations = {m.pk: m for m in Moderation.objects.select_related("moderator__user")}
    for pk, entries in _entries(Moderation, list(moderations)).items():
        moderation = moderations[pk]
        for entry in entries:
            changed.append(_by(entry, min(moderation.completed_at or latest, latest), moderation.moderator))
    changed += _allowances_date(latest)
    LogEntry.objects.bulk_update(changed, ["timestamp", "actor", "actor_email"], batch_size=500)
    return len(changed)


def _allowances_date(latest: dt.datetime) -> list[LogEntry]:
    """Hand-picking allowances, given on the morning of their month, before the audits they allowed."""
    changed = []
    allowances = {
        a.pk: a for a in HandPickingAllowance.objects.filter(month__isnull=False).select_related("allowed_by")
    }
    for pk, entries in _entries(HandPickingAllowance, list(allowances)).items():
        allowance = allowances[pk]
        assert allowance.month is not None
        when = _at(allowance.month, 8, latest)
        HandPickingAllowance.objects.filter(pk=pk).update(created_at=when, updated_at=when)
        for entry in entries:
            entry.timestamp, entry.actor, entry.actor_email = when, allowance.allowed_by, allowance.allowed_by.email
            changed.append(entry)
    return changed
