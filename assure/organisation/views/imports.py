"""Import of structure and staff from CSV or XLSX: upload, preview with row errors, confirm."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from assure.organisation import access, import_plan, imports, services
from assure.organisation.forms import ImportConfirmForm, ImportUploadForm
from assure.organisation.models import EmploymentType, ImportStatus, TeamType
from assure.organisation.roles import ROLE_LABELS
from assure.organisation.views.structure import ORG

SUMMARY_LIMIT = 20  # problems listed in the error summary; the table below lists them all


def import_upload(request: HttpRequest) -> HttpResponse:
    access.require_edit_organisation(request.user)
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        organisation_import = services.organisation_import_check(user=request.user, files=form.uploaded())
        return redirect("organisation:import-preview", pk=organisation_import.pk)
    context = {
        "page_title": "Import structure or staff",
        "form": form,
        "roles": [(code.value, label) for code, label in ROLE_LABELS.items()],
        "team_types": TeamType.choices,
        "employment_types": EmploymentType.choices,
        "breadcrumbs": [ORG],
    }
    return render(request, "organisation/import_upload.html", context)


def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """A CSV with the column names and an example row, saved with a byte order mark so Excel reads it as UTF-8."""
    access.require_edit_organisation(request.user)
    if kind not in imports.COLUMNS:
        raise Http404("No such template.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
    response.write("\ufeff")
    csv.writer(response).writerows(imports.template_rows(kind))
    return response


def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    organisation_import = access.get_import_for_user_to_edit(request.user, pk)
    if request.method == "POST":
        try:
            job = services.organisation_import_confirm(organisation_import=organisation_import, user=request.user)
        except ValidationError as exc:
            messages.info(request, exc.messages[0])
            return redirect("organisation:import-preview", pk=organisation_import.pk)
        return redirect("core:job-detail", pk=job.pk)
    plan = import_plan.import_review(organisation_import) if organisation_import.can_apply else None
    problems = plan.problems if plan else import_plan.import_problems(organisation_import)
    listed = [str(problem) for problem in problems[:SUMMARY_LIMIT]]
    if len(problems) > SUMMARY_LIMIT:
        listed.append(f"And {len(problems) - SUMMARY_LIMIT} more problems, listed in the table below.")
    running = organisation_import.job is not None and not organisation_import.job.is_finished
    context = {
        "page_title": _title(organisation_import.status, bool(problems), running),
        "upload": organisation_import,
        "plan": plan,
        "tables": _tables(plan) if plan else {},
        "problems": problems,
        "running": running,
        "form": ImportConfirmForm.showing(listed),
        "breadcrumbs": [ORG, ("Import structure or staff", reverse("organisation:import"))],
    }
    return render(request, "organisation/import_preview.html", context)


def _title(status: str, has_problems: bool, running: bool) -> str:
    if status == ImportStatus.APPLIED:
        return "This import has been applied"
    if has_problems:
        return "There is a problem with your import"
    if running:
        return "This import is being applied"
    return "Check the changes before you import them"


def _tables(plan: import_plan.Plan) -> dict[str, list[dict[str, Any]]]:
    """The plan's new rows with labels and dates for display."""
    return {
        "new_teams": [
            {"row": row, "type": TeamType(row.team_type).label, "new_area": _new_area(plan, row.service_area)}
            for row in plan.new_teams
        ],
        "new_staff": [
            {
                "row": row,
                "roles": import_plan.role_labels(row.roles),
                "start": dt.date.fromisoformat(row.start_date) if row.start_date else None,
            }
            for row in plan.new_staff
        ],
    }


def _new_area(plan: import_plan.Plan, name: str) -> bool:
    return any(imports.fold(area) == imports.fold(name) for area, _ in plan.service_areas)
