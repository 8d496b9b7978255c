"""The monthly allocation of audits: children open to each team on the first of the month, drawn at
random by the quotas, recorded with the seed that reproduces the draw."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from assure.audits.draw import Auditor, DrawResult, OpenCase, QuotaPlan, draw, load_quotas
from assure.audits.models import AllocationRun, AuditTool
from assure.audits.programmes import focus_theme
from assure.audits.selectors import audits_added_before_draw, audits_recently_audited, tool_active
from assure.audits.services import audit_create
from assure.casedata.allocation import allocation_on
from assure.casedata.selectors import snapshot_latest, snapshot_tables
from assure.organisation.models import Membership, ServiceArea, Staff
from assure.organisation.roles import RoleCode
from assure.organisation.selectors import staff_by_email, team_service_areas, teams_by_name


class AllocationError(Exception):
    pass


def _months_before(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def open_on(table: pl.DataFrame, day: dt.date) -> set[str]:
    if table.is_empty():
        return set()
    current = table.filter((pl.col("start_date") <= day) & (pl.col("end_date").is_null() | (pl.col("end_date") > day)))
    return set(current["child_id"].to_list())


def open_cases(month: dt.date) -> tuple[list[OpenCase], int]:
    """Children allocated to a known team on the first of the month, with their kind of case."""
    snapshot = snapshot_latest()
    if snapshot is None:
        raise AllocationError("No case data has been imported, so there are no open cases to draw from.")
    tables = snapshot_tables(snapshot, ["allocations", "cla_episodes", "cp_plans"])
    allocated = allocation_on(tables["allocations"], month)
    in_care = open_on(tables["cla_episodes"], month)
    on_plan = open_on(tables["cp_plans"], month)
    teams = team_service_areas()
    cases = []
    for row in allocated.iter_rows(named=True):
        team = row["team"]
        if team not in teams or not row["worker_id"]:
            continue
        child = row["child_id"]
        kind = "cla" if child in in_care else "cp" if child in on_plan else "cin"
        cases.append(OpenCase(child, team, teams[team], kind, str(row["worker_id"]).lower()))
    return cases, snapshot.seq


def auditors(month: dt.date, plan: QuotaPlan) -> list[Auditor]:
    """Team managers of the teams the per-team quotas cover, and heads of service with their services."""
    people = []
    memberships = Membership.objects.on(month).select_related("team", "team__service_area")
    team_types = {t for q in plan.quotas if q.role == RoleCode.TEAM_MANAGER for t in q.team_types}
    for staff in Staff.objects.filter(is_active=True, roles__code=RoleCode.TEAM_MANAGER).distinct():
        own = [m.team for m in memberships.filter(staff=staff)]
        teams = tuple(sorted(t.name for t in own if not team_types or t.team_type in team_types))
        if own and not teams:
            continue  # manages only teams the quota does not cover
        people.append(Auditor(staff.pk, staff.full_name, RoleCode.TEAM_MANAGER.value, teams=teams))
    for staff in Staff.objects.filter(is_active=True, roles__code=RoleCode.HEAD_OF_SERVICE).distinct():
        services = set(ServiceArea.objects.filter(head=staff).values_list("name", flat=True))
        services |= {m.team.service_area.name for m in memberships.filter(staff=staff)}
        people.append(
            Auditor(staff.pk, staff.full_name, RoleCode.HEAD_OF_SERVICE.value, services=tuple(sorted(services)))
        )
    return people


def allocation_draw(
    *, month: dt.date, seed: int | None = None, plan: QuotaPlan | None = None
) -> tuple[DrawResult, int]:
    """The draw for a month, without saving it."""
    plan = plan or load_quotas()
    cases, snapshot_seq = open_cases(month)
    excluded = audits_recently_audited(since=_months_before(month, plan.exclude_audited_within_months), before=month)
    # The month's own additional or hand-picked audits made before the draw count too (for a draw
    # already made, only those made before it, so its seed still gives the same draw).
    run = AllocationRun.objects.filter(month=month).first()
    excluded |= audits_added_before_draw(month=month, before=run.created_at if run else timezone.now())
    chosen_seed = seed if seed is not None else secrets.randbits(31)
    result = draw(open_cases=cases, auditors=auditors(month, plan), plan=plan, excluded=excluded, seed=chosen_seed)
    return result, snapshot_seq


def allocation_summary(result: DrawResult, *, month: dt.date) -> dict[str, Any]:
    """The draw's summary for people: auditors by name and e-mail rather than by id."""
    summary = result.summary()
    staff = {s.pk: s for s in Staff.objects.filter(pk__in=summary["per_auditor"])}
    summary["per_auditor"] = {
        f"{staff[pk].full_name} ({staff[pk].email})": n for pk, n in summary["per_auditor"].items()
    }
    summary["month"] = month.strftime("%Y-%m")
    return summary


@transaction.atomic
def audits_allocate(*, month: dt.date, seed: int | None = None, user: Any = None) -> tuple[AllocationRun, DrawResult]:
    """Draw and record a month's audits. A month is allocated once; its seed reproduces the draw."""
    month = month.replace(day=1)
    existing = AllocationRun.objects.filter(month=month).first()
    if existing is not None:
        raise AllocationError(f"{month:%B %Y} was already allocated (seed {existing.seed}).")
    result, snapshot_seq = allocation_draw(month=month, seed=seed)
    summary = result.summary()
    staff = {s.pk: s for s in Staff.objects.filter(pk__in=summary["per_auditor"])}
    summary["per_auditor"] = {
        f"{staff[pk].full_name} ({staff[pk].email})": n for pk, n in summary["per_auditor"].items()
    }
    summary["month"] = month.strftime("%Y-%m")
    run = AllocationRun.objects.create(
        month=month, seed=result.seed, snapshot_seq=snapshot_seq, summary=summary, created_by=user
    )
    teams = teams_by_name()
    workers = staff_by_email()
    tools: dict[str, AuditTool] = {}
    for drawn in result.drawn:
        tool = tools.setdefault(drawn.tool, tool_active(drawn.tool))
        audit_create(
            tool=tool,
            team=teams[drawn.team],
            auditor=staff.get(drawn.auditor_id) or Staff.objects.get(pk=drawn.auditor_id),
            month=month,
            child_id=drawn.child_id,
            case_kind=drawn.case_kind,
            practitioner=workers.get(drawn.worker),
            theme=focus_theme(service_area_id=teams[drawn.team].service_area_id, month=month),
            allocation_run=run,
        )
    return run, result
