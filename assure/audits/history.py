"""Change history for audits and their actions, by django-auditlog."""

from __future__ import annotations

from auditlog.registry import auditlog


def register() -> None:
    from assure.audits.models import Audit, AuditAction, AuditTool, HandPickingAllowance, Moderation, ProgrammeEntry

    for model in (AuditTool, Audit, AuditAction, Moderation, ProgrammeEntry, HandPickingAllowance):
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=["created_at", "updated_at"])
