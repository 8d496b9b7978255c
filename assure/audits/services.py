"""Writes for audits: tools, the audit workflow, actions, amendments and moderation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assure.audits import rules
from assure.audits.models import (
    QUOTA_METHODS,
    AllocationMethod,
    Audit,
    AuditAction,
    AuditStatus,
    AuditTool,
    Moderation,
    ToolStatus,
)
from assure.audits.selectors import recipients_for, scales, tool_definition
from assure.audits.tool_xlsx import tool_from_xlsx
from assure.audits.tooldefs import (
    ToolDefinition,
    ToolDefinitionError,
    load_shipped_tools,
    load_tool_text,
    tool_compare,
)
from assure.core.notifications import notification_send
from assure.core.workdays import add_working_days
from assure.organisation.models import Staff, Team
from assure.organisation.selectors import today


def tools_install() -> int:
    """Store each shipped tool version newer than any stored, in use; returns how many were added.
    A version as new or newer already stored (the QA team's own, say) is left in use."""
    added = 0
    for definition in load_shipped_tools():
        if AuditTool.objects.filter(tool_id=definition.tool_id, version__gte=definition.version).exists():
            continue
        AuditTool.objects.filter(tool_id=definition.tool_id, status=ToolStatus.ACTIVE).update(status=ToolStatus.RETIRED)
        AuditTool.objects.create(
            tool_id=definition.tool_id,
            version=definition.version,
            title=definition.title,
            kind=definition.kind,
            status=ToolStatus.ACTIVE,
            definition=definition.raw,
        )
        added += 1
    return added


def tool_read(*, content: bytes, source: str) -> tuple[ToolDefinition, str]:
    """A definition from an uploaded YAML, JSON or Excel file, checked; and its text, kept as the source."""
    if source.lower().endswith(".xlsx"):
        definition = tool_from_xlsx(content, scales(), source=source)
        return definition, yaml.safe_dump(definition.raw, sort_keys=False, allow_unicode=True)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ToolDefinitionError(source, ["not a UTF-8 text file (YAML or JSON) or an .xlsx workbook"]) from None
    return load_tool_text(text, scales(), source=source), text


@transaction.atomic
def tool_draft(*, definition: ToolDefinition, text: str, source: str) -> AuditTool:
    """Store a checked definition as a draft version; `ToolDefinitionError` says what is wrong."""
    previous = AuditTool.objects.filter(tool_id=definition.tool_id).order_by("-version").first()
    if previous is not None:
        problems = tool_compare(tool_definition(previous), definition)
        if problems:
            raise ToolDefinitionError(source, problems)
    return AuditTool.objects.create(
        tool_id=definition.tool_id,
        version=definition.version,
        title=definition.title,
        kind=definition.kind,
        definition=definition.raw,
        source_text=text,
    )


@transaction.atomic
def tool_publish(*, tool: AuditTool) -> AuditTool:
    """Put a draft version in use; the version it replaces is retired (its audits keep it)."""
    AuditTool.objects.filter(tool_id=tool.tool_id, status=ToolStatus.ACTIVE).update(status=ToolStatus.RETIRED)
    tool.status = ToolStatus.ACTIVE
    tool.save(update_fields=["status", "updated_at"])
    return tool


def audit_create(
    *,
    tool: AuditTool,
    team: Team,
    auditor: Staff,
    month: dt.date,
    child_id: str = "",
    case_kind: str = "",
    subject: str = "",
    practitioner: Staff | None = None,
    theme: str = "",
    due_date: dt.date | None = None,
    allocation_run: Any = None,
    method: str = "",
    allocated_by: Staff | None = None,
    reason: str = "",
) -> Audit:
    """An audit, allocated by `method`: the draw (the default with a run), hand-picked, additional to
    the quota, or started by hand (the default without a run). Only the first two count toward quotas."""
    if not child_id and not subject:
        raise ValidationError("An audit is of a child's record or of a named member of staff or file.")
    method = method or (AllocationMethod.RANDOM if allocation_run is not None else AllocationMethod.BY_HAND)
    next_month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return Audit.objects.create(
        tool=tool,
        team=team,
        auditor=auditor,
        month=month,
        child_id=child_id,
        case_kind=case_kind,
        subject=subject,
        practitioner=practitioner,
        theme=theme,
        due_date=due_date or next_month - dt.timedelta(days=1),
        allocation_run=allocation_run,
        allocation_method=method,
        counts_toward_quota=method in QUOTA_METHODS,
        allocated_by=allocated_by,
        allocation_reason=reason.strip(),
    )


def _link(audit: Audit) -> str:
    return reverse("audits:audit-detail", kwargs={"pk": audit.pk})


def _about(audit: Audit) -> str:
    return f"child {audit.child_id}" if audit.child_id else "a staff file"


@transaction.atomic
def audit_save_draft(
    *,
    audit: Audit,
    answers: dict[str, Any],
    overall_grade: int | None,
    with_practitioner: bool | None,
    safeguarding_concern: bool,
    safeguarding_detail: str,
    learning_themes: list[str],
) -> Audit:
    """Keep what the auditor has typed so far; a newly flagged safeguarding concern alerts at once."""
    if not audit.is_open_for_editing:
        raise ValidationError("This audit is completed. Amend it as a new version, giving a reason.")
    newly_flagged = safeguarding_concern and not audit.safeguarding_concern
    audit.answers = answers
    audit.overall_grade = overall_grade
    audit.with_practitioner = with_practitioner
    audit.safeguarding_concern = safeguarding_concern
    audit.safeguarding_detail = safeguarding_detail
    audit.learning_themes = learning_themes
    audit.status = AuditStatus.IN_PROGRESS
    definition = tool_definition(audit.tool)
    audit.suggested_grade = rules.suggest_overall(definition, rules.area_grades(definition, answers, audit.case_kind))
    audit.save()
    if newly_flagged:
        _safeguarding_alert(audit)
    return audit


def _safeguarding_alert(audit: Audit) -> None:
    definition = tool_definition(audit.tool)
    notification_send(
        recipients=recipients_for(audit, definition.rules.safeguarding_alert),
        kind="audits.safeguarding",
        subject=f"Safeguarding concern raised in an audit of {_about(audit)}",
        body=f"{audit.auditor} flagged a safeguarding concern while auditing {_about(audit)} ({audit.team}). "
        "Act on it now: the concern is recorded on the audit.",
        link=_link(audit),
    )


@transaction.atomic
def audit_complete(*, audit: Audit, with_practitioner: bool) -> Audit:
    """Complete a drafted audit: check it against the tool's rules, escalate, create the rule's actions."""
    definition = tool_definition(audit.tool)
    missing = rules.missing_answers(definition, audit.answers, case_kind=audit.case_kind)
    if missing:
        titles = [definition.item(i).title for i in missing]  # type: ignore[union-attr]
        raise ValidationError([f"Answer “{t}” before completing the audit." for t in titles])
    grades = rules.area_grades(definition, audit.answers, audit.case_kind)
    if definition.rules.overall and audit.overall_grade is None:
        raise ValidationError("Choose the overall judgement before completing the audit.")
    problem = rules.overall_problem(definition, grades, audit.overall_grade)
    if problem:
        raise ValidationError(problem)
    outcome = rules.evaluate(definition, audit.answers, case_kind=audit.case_kind, overall=audit.overall_grade)
    audit.status = AuditStatus.COMPLETED
    audit.with_practitioner = with_practitioner
    audit.completed_at = timezone.now()
    audit.suggested_grade = outcome.suggested
    audit.escalated_to = list(outcome.escalate_to)
    audit.save()
    owner = audit.practitioner or audit.auditor
    for due in outcome.actions:
        AuditAction.objects.create(
            audit=audit,
            what=due.text,
            owner=owner,
            due_date=add_working_days(today(), due.due_working_days),
            created_by_rule=True,
        )
    if outcome.escalate_to:
        label = definition.scale.label(audit.overall_grade) or "no overall grade"
        notification_send(
            recipients=recipients_for(audit, outcome.escalate_to),
            kind="audits.escalation",
            subject=f"Audit of {_about(audit)} judged {label}",
            body=f"{audit.auditor} completed a {definition.title.lower()} of {_about(audit)} in {audit.team}, "
            f"judged {label}. The tool's escalation rules send it to you.",
            link=_link(audit),
        )
    return audit


@transaction.atomic
def audit_comment(*, audit: Audit, practitioner_comment: str, manager_comment: str) -> Audit:
    if audit.status not in (AuditStatus.COMPLETED, AuditStatus.CLOSED):
        raise ValidationError("Comments are added once the audit is completed.")
    audit.practitioner_comment = practitioner_comment
    audit.manager_comment = manager_comment
    audit.save(update_fields=["practitioner_comment", "manager_comment", "updated_at"])
    return audit


@transaction.atomic
def audit_amend(*, audit: Audit, reason: str) -> Audit:
    """Open a completed audit again as a new version; the old version is kept as it was."""
    if audit.status not in (AuditStatus.COMPLETED, AuditStatus.CLOSED) or not audit.is_current:
        raise ValidationError("Only the current version of a completed audit can be amended.")
    if not reason.strip():
        raise ValidationError("Give the reason for amending the audit.")
    Audit.objects.filter(pk=audit.pk).update(is_current=False)
    actions = list(audit.actions.all())
    audit.is_current = False
    new = Audit.objects.get(pk=audit.pk)
    new.pk = None
    new.id = None
    new.version = audit.version + 1
    new.supersedes = audit
    new.amendment_reason = reason.strip()
    new.status = AuditStatus.IN_PROGRESS
    new.is_current = True
    new.completed_at = None
    new.closed_at = None
    new.save()
    for action in actions:  # actions follow the audit to its current version
        action.audit = new
        action.save(update_fields=["audit", "updated_at"])
    return new


@transaction.atomic
def action_add(*, audit: Audit, what: str, owner: Staff, due_date: dt.date) -> AuditAction:
    if audit.status not in (AuditStatus.COMPLETED, AuditStatus.IN_PROGRESS, AuditStatus.ALLOCATED):
        raise ValidationError("This audit is closed. Amend it to add actions.")
    action = AuditAction.objects.create(audit=audit, what=what, owner=owner, due_date=due_date)
    return action


@transaction.atomic
def action_update(
    *, action: AuditAction, reviewed_on: dt.date | None, completed_on: dt.date | None, evidence: str
) -> AuditAction:
    """Record a review or completion; the audit closes when every action on it is done."""
    if completed_on is not None and not evidence.strip():
        raise ValidationError("Describe the evidence that the action is done.")
    action.reviewed_on = reviewed_on
    action.completed_on = completed_on
    action.evidence = evidence
    action.save()
    audit_close_if_done(audit=action.audit)
    return action


def audit_close_if_done(*, audit: Audit) -> bool:
    if audit.status != AuditStatus.COMPLETED or audit.actions.filter(completed_on__isnull=True).exists():
        if audit.status == AuditStatus.CLOSED and audit.actions.filter(completed_on__isnull=True).exists():
            audit.status = AuditStatus.COMPLETED
            audit.closed_at = None
            audit.save(update_fields=["status", "closed_at", "updated_at"])
        return False
    audit.status = AuditStatus.CLOSED
    audit.closed_at = timezone.now()
    audit.save(update_fields=["status", "closed_at", "updated_at"])
    return True


@transaction.atomic
def moderation_record(
    *, audit: Audit, moderator: Staff, area_grades: dict[str, int], overall_grade: int | None, comment: str
) -> Moderation:
    """Record a moderator's blind second grading of a completed audit."""
    if audit.status not in (AuditStatus.COMPLETED, AuditStatus.CLOSED):
        raise ValidationError("Only completed audits are moderated.")
    if moderator.pk == audit.auditor_id:
        raise ValidationError("An auditor cannot moderate their own audit.")
    moderation, _ = Moderation.objects.update_or_create(
        audit=audit,
        defaults={
            "moderator": moderator,
            "area_grades": area_grades,
            "overall_grade": overall_grade,
            "comment": comment,
            "completed_at": timezone.now(),
        },
    )
    return moderation
