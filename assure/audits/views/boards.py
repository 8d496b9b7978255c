"""The compliance board, moderation and analytics pages."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from assure.accounts.services import access_log_record
from assure.audits import access
from assure.audits.analytics import (
    analytics_sheets,
    audit_analytics,
    completed_audits,
    display_rows,
    months_back,
    overall_rows,
    suppressed_rows,
    trend,
)
from assure.audits.compliance import compliance_board
from assure.audits.forms import ProgrammeEntryForm
from assure.audits.models import ProgrammeKind
from assure.audits.programmes import programme_entry_add, programme_year, remedial_actions, themes_short
from assure.audits.selectors import scales
from assure.core.exports import xlsx_response
from assure.organisation.selectors import Scope, today, user_scope

QUALITY = ("Quality assurance", "/quality-assurance/")


def parse_month(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return default.replace(day=1)


@require_GET
def compliance(request: HttpRequest) -> HttpResponse:
    access.require_view_compliance(request.user)
    on = today()
    month = parse_month(request.GET.get("month"), on)
    board = compliance_board(scope=user_scope(request.user), month=month, on=on)
    if board.overdue_actions:
        access_log_record(
            request=request,
            object_type="audit-compliance",
            summary=f"compliance board for {month:%B %Y} with {len(board.overdue_actions)} overdue actions",
        )
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    context = {
        "page_title": f"Audit compliance, {month:%B %Y}",
        "board": board,
        "previous": previous,
        "following": following if following <= on else None,
        "today": on,
        "breadcrumbs": [QUALITY],
    }
    return render(request, "audits/compliance.html", context)


@require_GET
def analytics(request: HttpRequest) -> HttpResponse:
    scope = user_scope(request.user)
    if scope.aggregates_only:
        return _analytics_aggregates(request, scope)
    access.require_view_compliance(request.user)
    data = audit_analytics(scope=scope, on=today())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"audit-analytics-{today():%Y-%m-%d}.xlsx", analytics_sheets(data))
    tables = [
        (title, first, display_rows(rows, data.grades))
        for title, first, rows in [
            ("Overall judgements by month", "Month", data.by_month),
            ("Overall judgements by service", "Service", data.by_service),
            ("Overall judgements by team", "Team", data.by_team),
            ("Weakest evaluation areas", "Evaluation area", data.weakest_areas),
            ("Grades by evaluation area", "Evaluation area", data.by_area),
        ]
    ]
    context = {"page_title": "Audit analytics", "data": data, "tables": tables, "breadcrumbs": [QUALITY]}
    return render(request, "audits/analytics.html", context)


def _analytics_aggregates(request: HttpRequest, scope: Scope) -> HttpResponse:
    """For board members and councillors: the whole authority's grades by service area and month and
    the trend, small numbers hidden; no team, auditor or child, no links, no download."""
    on = today()
    since = months_back(on, 12)
    rows = overall_rows(completed_audits(scope=scope, since=since), since=since, on=on)
    grades = [(g.value, g.label) for g in scales()["four-point"].grades]
    values = [v for v, _ in grades]
    threshold = settings.SMALL_NUMBER_THRESHOLD
    by_month = list(rows["month"].values())
    tables = [
        ("Overall judgements by service area", "Service area", sorted(rows["service"].values(), key=lambda r: r.name)),
        ("Overall judgements by month", "Month", by_month),
    ]
    context = {
        "page_title": "Audit grades",
        "grades": grades,
        "tables": [(title, first, suppressed_rows(r, values, threshold=threshold)) for title, first, r in tables],
        "trend": trend(by_month, threshold=threshold),
        "threshold": threshold,
        "breadcrumbs": [("Home", "/")],
    }
    return render(request, "audits/analytics_board.html", context)


def programme(request: HttpRequest) -> HttpResponse:
    if not user_scope(request.user).has_working_role:
        raise PermissionDenied("The audit programme is for staff working in the service.")
    on = today()
    start = dt.date(on.year if on.month >= 4 else on.year - 1, 4, 1)  # the council's year, April to March
    can_edit = access.can_manage_tools(request.user)
    form = ProgrammeEntryForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        access.require_manage_tools(request.user)
        if form is not None and form.is_valid():
            programme_entry_add(**form.cleaned_data)
            messages.success(request, "Added to the programme.")
            return redirect("audits:programme")
    entries = list(programme_year(start=start))
    scope = user_scope(request.user)
    remedial_qs = remedial_actions(on)
    if not scope.authority_wide:
        remedial_qs = remedial_qs.filter(audit__team_id__in=scope.team_ids)
    remedial = list(remedial_qs[:100])
    if remedial:
        access_log_record(request=request, object_type="audit-remedial", summary=f"{len(remedial)} remedial actions")
    context = {
        "page_title": "Audit programme",
        "start": start,
        "focus": [e for e in entries if e.kind == ProgrammeKind.FOCUS],
        "thematic": [e for e in entries if e.kind == ProgrammeKind.THEMATIC],
        "short": themes_short(entries),
        "remedial": remedial,
        "today": on,
        "form": form,
        "breadcrumbs": [QUALITY],
    }
    return render(request, "audits/programme.html", context)
