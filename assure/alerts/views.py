"""Deadlines: my work tray, summaries per service and team with the lists behind them, the rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assure.accounts.models import AccessAction
from assure.accounts.services import access_log_record
from assure.alerts import access, selectors
from assure.alerts.models import ALERTING, OPEN, Deadline, DeadlineSet, DeadlineStatus
from assure.alerts.services import deadlines_recompute_start
from assure.casedata.selectors import snapshot_latest
from assure.core.aggregates import suppress_count
from assure.core.exports import EXPORT_FORMATS, table_download
from assure.core.workdays import working_days_between
from assure.organisation.selectors import staff_names_by_email

HOME = ("Performance", "/performance/")
STATUS_CHOICES = {"alerting": ALERTING, "open": OPEN, **{s.value: (s,) for s in DeadlineStatus}}
# "On the tray of" is who must act (a team manager for management oversight); "Case held by" is the
# worker the case data names.
COLUMNS = ["Child ID", "Rule ID", "Deadline", "Started on", "Due on", "Met on", "Status", "On the tray of",
           "Case held by", "Team"]  # fmt: skip


def work_tray(request: HttpRequest) -> HttpResponse:
    scope = access.require_work_tray(request.user)
    deadline_set = selectors.deadline_set_current()
    assert scope.staff_id is not None
    deadlines = selectors.work_tray(deadline_set, scope.staff_id, statuses=_statuses(request, "alerting"))
    title = "My work tray"
    download = _download(request, deadlines, "work-tray", "own work tray", scope.staff_id)
    if download:
        return download
    access_log_record(
        request=request, object_type="work-tray", object_id=scope.staff_id, summary="Listed own work tray"
    )
    context = {
        "page_title": title,
        "deadline_set": deadline_set,
        "page": _page(request, deadlines.select_related("staff", "team"), deadline_set),
        "status": request.GET.get("status", "alerting"),
        "status_filters": _status_filters(),
        "breadcrumbs": [HOME],
    }
    return render(request, "alerts/work_tray.html", context)


def summary(request: HttpRequest) -> HttpResponse:
    scope = access.require_summary(request.user)
    deadline_set = selectors.deadline_set_current()
    context: dict[str, Any] = {
        "page_title": "Deadlines by team",
        "deadline_set": deadline_set,
        "statuses": selectors.COUNTED,
        "labels": dict(DeadlineStatus.choices),
        "breadcrumbs": [HOME],
        "can_recompute": access.can_recompute(request.user) and snapshot_latest() is not None,
    }
    if scope.sees_child_data:
        context["groups"] = selectors.service_summary(deadline_set, scope)
    else:
        threshold = settings.SMALL_NUMBER_THRESHOLD
        context["page_title"] = "Deadlines by service area"
        context["areas"] = [
            (row.label, [suppress_count(row.counts[s], threshold=threshold).text for s in selectors.COUNTED])
            for row in selectors.area_summary(deadline_set)
        ]
        context["threshold"] = threshold
    return render(request, "alerts/summary.html", context)


def team(request: HttpRequest, pk: int) -> HttpResponse:
    team = access.get_team_deadlines_for_user(request.user, pk)
    deadline_set = selectors.deadline_set_current()
    deadlines = selectors.deadlines_in(deadline_set).filter(team=team, status__in=_statuses(request, "open"))
    worker = request.GET.get("worker", "")
    if worker == "none":
        deadlines = deadlines.filter(staff__isnull=True)
    elif worker.isdigit():
        deadlines = deadlines.filter(staff_id=int(worker))
    deadlines = deadlines.select_related("staff", "team").order_by("due_date", "child_id")
    download = _download(request, deadlines, f"team-{team.pk}", f"deadlines of {team.name}", team.pk)
    if download:
        return download
    access_log_record(
        request=request, object_type="team-deadlines", object_id=team.pk, summary=f"Listed deadlines of {team.name}"
    )
    context = {
        "page_title": f"Deadlines: {team.name}",
        "team": team,
        "deadline_set": deadline_set,
        "rows": selectors.team_summary(deadline_set, team),
        "by_rule": selectors.rule_summary(deadline_set, team),
        "statuses": selectors.COUNTED,
        "labels": dict(DeadlineStatus.choices),
        "page": _page(request, deadlines, deadline_set),
        "status": request.GET.get("status", "open"),
        "worker": worker,
        "status_filters": _status_filters(),
        "breadcrumbs": [HOME, ("Deadlines by team", reverse("alerts:summary"))],
    }
    return render(request, "alerts/team.html", context)


def rules(request: HttpRequest) -> HttpResponse:
    context = {"page_title": "Timescale rules", "rules": selectors.rules().rules, "breadcrumbs": [HOME]}
    return render(request, "alerts/rules.html", context)


@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    if not access.can_recompute(request.user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only the performance and quality assurance team recomputes deadlines.")
    snapshot = snapshot_latest()
    if snapshot is None:
        return redirect("alerts:summary")
    job = deadlines_recompute_start(snapshot=snapshot, user=request.user)
    return redirect("core:job-detail", pk=job.pk)


def _page(request: HttpRequest, deadlines: QuerySet[Deadline], deadline_set: DeadlineSet | None) -> Any:
    page = Paginator(deadlines, 100).get_page(request.GET.get("page"))
    titles = selectors.rule_titles()
    as_at = deadline_set.as_at if deadline_set else None
    for deadline in page.object_list:
        deadline.rule_title = titles.get(deadline.rule_id, deadline.rule_id)  # type: ignore[attr-defined]
        late_on = deadline.met_date or as_at
        late = working_days_between(deadline.due_date, late_on) if late_on else 0
        deadline.working_days_late = max(0, late)  # type: ignore[attr-defined]
    _name_case_holders(page.object_list)
    return page


def _name_case_holders(deadlines: Iterable[Deadline]) -> None:
    """Give each deadline on someone else's tray (a manager's oversight) `held_by`: the name of the
    worker holding the case, or the worker as the case data names them; '' for the rest."""
    holders = [(deadline, _held_by_someone_else(deadline)) for deadline in deadlines]
    names = staff_names_by_email(worker for _, worker in holders if worker)
    for deadline, worker in holders:
        deadline.held_by = names.get(worker.lower(), worker)  # type: ignore[attr-defined]


def _held_by_someone_else(deadline: Deadline) -> str:
    """The worker holding the case when the deadline is on someone else's tray (a team manager's
    management oversight), else nothing."""
    owner = deadline.staff
    if owner is None or not deadline.worker_id or deadline.worker_id.lower() == owner.email.lower():
        return ""
    return deadline.worker_id


def _statuses(request: HttpRequest, default: str) -> tuple[str, ...]:
    return tuple(STATUS_CHOICES.get(request.GET.get("status", default), STATUS_CHOICES[default]))


def _status_filters() -> list[tuple[str, str]]:
    return [
        ("alerting", "Overdue or due within 5 working days"),
        ("open", "All open"),
        *((s.value, s.label) for s in DeadlineStatus),
    ]


def _rows(deadlines: QuerySet[Deadline]) -> Iterable[list[Any]]:
    titles = selectors.rule_titles()
    names = staff_names_by_email(deadlines.exclude(worker_id="").values_list("worker_id", flat=True).distinct())
    for d in deadlines:
        yield [
            d.child_id,
            d.rule_id,
            titles.get(d.rule_id, d.rule_id),
            d.trigger_date,
            d.due_date,
            d.met_date,
            d.get_status_display(),
            d.staff.full_name if d.staff else "",
            names.get(d.worker_id.lower(), d.worker_id) if d.worker_id else "Unallocated",
            d.team.name if d.team else d.team_name,
        ]


def _download(
    request: HttpRequest, deadlines: QuerySet[Deadline], stem: str, what: str, object_id: int
) -> HttpResponse | None:
    fmt = request.GET.get("format")
    if fmt not in EXPORT_FORMATS:
        return None
    deadlines = deadlines.select_related("staff", "team")
    access_log_record(
        request=request,
        action=AccessAction.EXPORT,
        object_type=stem.split("-")[0],
        object_id=object_id,
        summary=f"Downloaded {what} ({fmt.upper()})",
    )
    return table_download(fmt, filename=f"deadlines-{stem}", headers=COLUMNS, rows=_rows(deadlines), sheet="Deadlines")
