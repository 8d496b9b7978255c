"""Reads for audits: tool definitions, who an escalation reaches, and the lists people work from."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db.models import Count, Q, QuerySet

from assure.audits.models import Audit, AuditAction, AuditStatus, AuditTool, ToolStatus
from assure.audits.tooldefs import GradeScale, ToolDefinition, load_scales, tool_parse
from assure.casedata.selectors import child_iro
from assure.organisation.models import Membership, Staff, Team
from assure.organisation.roles import RoleCode
from assure.organisation.selectors import today


@lru_cache(maxsize=1)
def scales() -> dict[str, GradeScale]:
    return load_scales()


@lru_cache(maxsize=256)
def _definition(pk: int, updated: dt.datetime) -> ToolDefinition:
    tool = AuditTool.objects.get(pk=pk)
    return tool_parse(tool.definition, scales(), source=f"{tool.tool_id} version {tool.version}")


def tool_definition(tool: AuditTool) -> ToolDefinition:
    """The checked definition of a stored tool version (cached until the row changes)."""
    return _definition(tool.pk, tool.updated_at)


def tool_active(tool_id: str) -> AuditTool:
    return AuditTool.objects.get(tool_id=tool_id, status=ToolStatus.ACTIVE)


def tool_list() -> QuerySet[AuditTool]:
    return AuditTool.objects.order_by("title", "-version")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def team_managers(team: Team, on: dt.date | None = None) -> list[Staff]:
    ids = Membership.objects.on(on or today()).filter(team=team).values("staff_id")
    return list(Staff.objects.filter(pk__in=ids, is_active=True, roles__code=RoleCode.TEAM_MANAGER).distinct())


def staff_with_role(role: RoleCode) -> list[Staff]:
    return list(Staff.objects.filter(is_active=True, roles__code=role).distinct().order_by("last_name"))


def recipients_for(audit: Audit, routes: tuple[str, ...] | list[str]) -> list[Staff]:
    """The people each route names for this audit's team: the team's managers, the head of its
    service, the assistant directors, the child's IRO (where the case data records one; otherwise the
    IROs in the team), the practitioner, or the performance team."""
    people: list[Staff] = []
    for route in routes:
        if route == "team_manager":
            people += team_managers(audit.team)
        elif route == "head_of_service" and audit.team.service_area.head is not None:
            people.append(audit.team.service_area.head)
        elif route == "assistant_director":
            people += staff_with_role(RoleCode.ASSISTANT_DIRECTOR)
        elif route == "iro":
            people += _iros(audit)
        elif route == "practitioner" and audit.practitioner is not None:
            people.append(audit.practitioner)
        elif route == "performance_qa":
            people += staff_with_role(RoleCode.PERFORMANCE_QA)
    return people


def _iros(audit: Audit) -> list[Staff]:
    iro = child_iro(audit.child_id, today()) if audit.child_id else None
    if iro is not None and iro.is_active:
        return [iro]
    members = set(Membership.objects.on(today()).filter(team=audit.team).values_list("staff_id", flat=True))
    return [s for s in staff_with_role(RoleCode.IRO) if s.pk in members]


def audits_recently_audited(*, since: dt.date, before: dt.date) -> set[str]:
    """Children whose records were audited in the months from `since` up to (not including) `before`."""
    return set(
        Audit.objects.filter(month__gte=since, month__lt=before)
        .exclude(child_id="")
        .values_list("child_id", flat=True)
        .distinct()
    )


def audits_added_before_draw(*, month: dt.date, before: dt.datetime) -> set[str]:
    """Children with an audit in `month` that no draw made (a manager's additional audit, a
    hand-picked one), started before `before`."""
    audits = Audit.objects.filter(month=month, allocation_run__isnull=True, created_at__lt=before)
    return set(audits.exclude(child_id="").values_list("child_id", flat=True).distinct())


def overdue_actions(actions: QuerySet[AuditAction], on: dt.date | None = None) -> QuerySet[AuditAction]:
    return actions.filter(completed_on__isnull=True, due_date__lt=on or today())


def audit_versions(audit: Audit) -> list[Audit]:
    """Every version of an audit, newest first."""
    chain = [audit]
    while chain[-1].supersedes_id is not None:
        chain.append(Audit.objects.get(pk=chain[-1].supersedes_id))
    newer = audit
    while hasattr(newer, "superseded_by"):
        newer = newer.superseded_by
        chain.insert(0, newer)
    return chain


OPEN_STATUSES = (AuditStatus.ALLOCATED, AuditStatus.IN_PROGRESS)
DONE_STATUSES = (AuditStatus.COMPLETED, AuditStatus.CLOSED)


def audit_panel(staff_id: int | None, on: dt.date | None = None) -> dict[str, int]:
    """A person's own audits this month for their home page: due, done and overdue, and their open actions."""
    on = on or today()
    mine = Audit.objects.filter(auditor_id=staff_id, month=month_start(on), is_current=True)
    return {
        "due": mine.count(),
        "done": mine.filter(status__in=DONE_STATUSES).count(),
        "overdue": mine.filter(status__in=OPEN_STATUSES, due_date__lt=on).count(),
        "actions_open": AuditAction.objects.filter(owner_id=staff_id, completed_on__isnull=True).count(),
    }


def audits_of_child(visible: QuerySet[Audit], child_id: str, on: dt.date | None = None) -> list[Audit]:
    """The current audits of one child among `visible` (what a person may see), newest first, each with
    its grade's label and its open and overdue actions counted."""
    on = on or today()
    audits: list[Audit] = list(
        visible.filter(child_id=child_id, is_current=True)
        .annotate(
            open_actions=Count("actions", filter=Q(actions__completed_on__isnull=True)),
            overdue_actions=Count("actions", filter=Q(actions__completed_on__isnull=True, actions__due_date__lt=on)),
        )
        .order_by("-month", "-pk")
    )
    for audit in audits:
        scale = tool_definition(audit.tool).scale
        audit.grade_label = scale.label(audit.overall_grade)  # type: ignore[attr-defined]
        audit.grade_colour = scale.colour(audit.overall_grade)  # type: ignore[attr-defined]
    return audits
