"""The compliance board, moderation and analytics pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assure.accounts.services import access_log_record
from assure.audits import access
from assure.audits.analytics import analytics_sheets, audit_analytics, display_rows
from assure.audits.compliance import compliance_board
from assure.core.exports import xlsx_response
from assure.organisation.selectors import today, user_scope

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
    access.require_view_compliance(request.user)
    data = audit_analytics(scope=user_scope(request.user), on=today())
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
