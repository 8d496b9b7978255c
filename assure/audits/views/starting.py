"""The page for starting an audit by hand."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from assure.accounts.services import access_log_record
from assure.audits import starting
from assure.audits.forms import StartAuditForm
from assure.organisation.models import Staff
from assure.organisation.selectors import user_scope

QUALITY = ("Quality assurance", "/quality-assurance/")


def audit_start(request: HttpRequest) -> HttpResponse:
    starting.require_start_any(request.user)
    scope = user_scope(request.user)
    staff = starting.staff_in_scope(request.user)
    initial = {"auditor": Staff.objects.filter(pk=scope.staff_id or 0).first()}
    form = StartAuditForm(
        request.POST or None, initial=initial, tools=starting.tools_startable(request.user), staff=staff
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        child_id = data["child_id"] if data["tool"].kind in starting.CHILD_KINDS else ""
        if child_id:
            access_log_record(
                request=request,
                object_type="audit-start",
                object_id=child_id,
                summary=f"audit started for child {child_id}",
            )
        try:
            audit = starting.audit_start(
                user=request.user,
                tool=data["tool"],
                auditor=data["auditor"],
                child_id=child_id,
                staff=data["staff"],
                theme=data["theme"],
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Audit {audit.pk} started and allocated to {audit.auditor.full_name}.")
            if audit.auditor_id == scope.staff_id:
                return redirect("audits:audit-edit", pk=audit.pk)
            return redirect("audits:audit-detail", pk=audit.pk)
    context = {
        "page_title": "Start an audit",
        "form": form,
        "breadcrumbs": [QUALITY, ("Audits", reverse("audits:audit-list"))],
    }
    return render(request, "audits/start_form.html", context)
