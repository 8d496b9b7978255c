"""The compliance board, moderation and analytics pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assure.accounts.services import access_log_record
from assure.audits import access
from assure.audits.compliance import compliance_board
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
