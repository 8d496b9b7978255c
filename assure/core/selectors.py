"""Reads for the shell: the panels on each person's home page, background jobs and the daily jobs' runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from assure.alerts.selectors import home_tray
from assure.core.models import Job, ScheduledRun
from assure.core.scheduler import DailyJob, daily_jobs
from assure.organisation import selectors as org
from assure.organisation.models import ServiceArea, Team
from assure.organisation.roles import RoleCode


def home_panels(user: Any) -> list[dict[str, Any]]:
    """The panels a person's home page shows, one per kind of work their roles give them."""
    scope = org.user_scope(user)
    panels: list[dict[str, Any]] = []
    my_teams = list(Team.objects.filter(pk__in=scope.team_ids).order_by("name")) if not scope.authority_wide else []
    if scope.has(RoleCode.PRACTITIONER, RoleCode.ADVANCED_PRACTITIONER):
        panels.append({"key": "work_tray", "teams": my_teams, "tray": home_tray(scope.staff_id)})
    if scope.has(RoleCode.TEAM_MANAGER) and scope.staff_id is not None:
        own = [
            m.team
            for m in org.Membership.objects.on(org.today()).filter(staff_id=scope.staff_id).select_related("team")
        ]
        from assure.audits.selectors import audit_panel

        teams = list(org.team_list().filter(pk__in=[t.pk for t in own]))
        panels.append(
            {
                "key": "team_manager",
                "teams": teams,
                "tray": home_tray(scope.staff_id, [t.pk for t in teams]),
                "audits": audit_panel(scope.staff_id),
            }
        )
    if scope.has(RoleCode.HEAD_OF_SERVICE):
        areas = ServiceArea.objects.filter(pk__in=scope.service_area_ids).order_by("name")
        from assure.audits.selectors import audit_panel

        teams_in_areas = org.team_list().filter(service_area__in=areas)
        panels.append(
            {"key": "head_of_service", "areas": areas, "teams": teams_in_areas, "audits": audit_panel(scope.staff_id)}
        )
    if scope.has(RoleCode.DIRECTOR, RoleCode.ASSISTANT_DIRECTOR):
        panels.append({"key": "leadership", "counts": org.organisation_counts(), "areas": org.service_area_list()})
    if scope.has(RoleCode.PERFORMANCE_QA):
        from assure.casedata.selectors import snapshot_latest

        panels.append(
            {"key": "performance_qa", "jobs": Job.objects.select_related("created_by")[:5], "latest": snapshot_latest()}
        )
    if scope.has(RoleCode.IRO):
        panels.append({"key": "iro"})
    if scope.has(RoleCode.RISK_OWNER):
        from assure.risks.selectors import risks_owned_by

        panels.append({"key": "risk_owner", "risks": risks_owned_by(scope.staff_id)})
    if scope.has(RoleCode.HR_BUSINESS_PARTNER):
        panels.append({"key": "hr"})
    if scope.has(RoleCode.COMPLAINTS_OFFICER):
        panels.append({"key": "complaints"})
    if scope.has(RoleCode.BUSINESS_SUPPORT):
        panels.append({"key": "business_support"})
    if scope.has(RoleCode.BOARD_MEMBER):
        panels.append({"key": "board_member"})
    if scope.is_admin:
        panels.append({"key": "administrator", "counts": org.organisation_counts()})
    if not panels:
        panels.append({"key": "no_role"})
    return panels


def can_see_all_jobs(user: Any) -> bool:
    scope = org.user_scope(user)
    return scope.is_admin or scope.has(RoleCode.PERFORMANCE_QA)


def job_list_for_user(user: Any) -> QuerySet[Job]:
    jobs = Job.objects.select_related("created_by", "created_by__staff")
    return jobs if can_see_all_jobs(user) else jobs.filter(created_by=user)


def get_job_for_user(user: Any, pk: int) -> Job:
    """A job is visible to the person who started it, administrators and the performance team."""
    try:
        return job_list_for_user(user).get(pk=pk)
    except Job.DoesNotExist:
        raise Http404("No such job.") from None


@dataclass
class DailyJobState:
    job: DailyJob
    last: ScheduledRun | None


def daily_job_states(runs: list[ScheduledRun]) -> list[DailyJobState]:
    """Each daily job with its most recent run among `runs` (newest first)."""
    latest: dict[str, ScheduledRun] = {}
    for run in runs:
        latest.setdefault(run.job, run)
    return [DailyJobState(job=job, last=latest.get(job.name)) for job in daily_jobs()]


def scheduled_runs_recent(limit: int = 100) -> list[ScheduledRun]:
    return list(ScheduledRun.objects.order_by("-started_at")[:limit])
