"""Moderation pages: the moderator's list, the blind grading form, and agreement statistics."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assure.accounts.services import access_log_record
from assure.audits import access, services
from assure.audits.forms import ModerationForm
from assure.audits.models import Moderation
from assure.audits.moderation import agreement_tables, moderation_sample
from assure.audits.selectors import month_start, staff_with_role, tool_definition
from assure.organisation.roles import RoleCode
from assure.organisation.selectors import today, user_scope

QUALITY = ("Quality assurance", "/quality-assurance/")
MODERATION = ("Moderation", "/audits/moderation/")


def moderation_list(request: HttpRequest) -> HttpResponse:
    access.require_moderate(request.user)
    scope = user_scope(request.user)
    moderations = Moderation.objects.select_related("audit", "audit__tool", "audit__team", "moderator")
    if not scope.authority_wide:
        moderations = moderations.filter(audit__team_id__in=scope.team_ids) | moderations.filter(
            moderator_id=scope.staff_id
        )
    tables = agreement_tables(moderations)
    context = {
        "page_title": "Moderation",
        "to_do": moderations.filter(moderator_id=scope.staff_id, completed_at__isnull=True),
        "tables": [("By auditor", tables["auditor"]), ("By team", tables["team"]), ("By area", tables["area"])],
        "can_sample": scope.has(RoleCode.PERFORMANCE_QA),
        "breadcrumbs": [QUALITY],
    }
    return render(request, "audits/moderation_list.html", context)


@require_POST
def moderation_sample_start(request: HttpRequest) -> HttpResponse:
    if not user_scope(request.user).has(RoleCode.PERFORMANCE_QA):
        access.require_manage_tools(request.user)
    last_month = month_start(month_start(today()) - dt.timedelta(days=1))
    created = moderation_sample(
        month=last_month, moderators=staff_with_role(RoleCode.PERFORMANCE_QA), share=0.1, seed=last_month.toordinal()
    )
    messages.success(request, f"{len(created)} audits from {last_month:%B %Y} were chosen for moderation.")
    return redirect("audits:moderation-list")


def moderation_grade(request: HttpRequest, pk: int) -> HttpResponse:
    moderation = access.get_moderation_for_user_to_edit(request.user, pk)
    audit = moderation.audit
    if audit.child_id:
        access_log_record(
            request=request,
            object_type="audit-moderation",
            object_id=audit.pk,
            summary=f"moderation of child {audit.child_id}",
        )
    definition = tool_definition(audit.tool)
    initial = {**moderation.area_grades, "overall_grade": moderation.overall_grade, "comment": moderation.comment}
    form = ModerationForm(request.POST or None, initial=initial, audit=audit, definition=definition)
    if request.method == "POST" and form.is_valid():
        try:
            services.moderation_record(
                audit=audit,
                moderator=moderation.moderator,
                area_grades=form.area_grades(),
                overall_grade=form.cleaned_data["overall_grade"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your grades are saved and compared with the auditor's.")
            return redirect("audits:audit-detail", pk=audit.pk)
    context = {
        "page_title": f"Moderate the audit of child {audit.child_id}" if audit.child_id else "Moderate an audit",
        "form": form,
        "audit": audit,
        "breadcrumbs": [QUALITY, MODERATION],
    }
    return render(request, "audits/moderation_form.html", context)
