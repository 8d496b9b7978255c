"""Importing returns and looking after snapshots: the list, an upload, one snapshot, data quality."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from assure.accounts.models import AccessAction
from assure.accounts.services import access_log_record
from assure.casedata import access
from assure.casedata.forms import ExportForm, QualityFilterForm, ReturnUploadForm
from assure.casedata.importing import ReturnFile, collection_year
from assure.casedata.models import Snapshot
from assure.casedata.selectors import snapshot_compare, snapshot_history_note, snapshot_previous
from assure.casedata.services import EXPORT_FORMATS, returns_export, returns_upload
from assure.core.exports import xlsx_response
from assure.organisation.selectors import authority_get

DATA = ("Imported data", "/data/")
QUALITY_COLUMNS = ["file", "row", "field", "value", "message", "code", "severity", "child_id", "source"]


def snapshot_list(request: HttpRequest) -> HttpResponse:
    access.require_view_snapshots(request.user)
    context = {
        "page_title": "Imported data",
        "snapshots": Snapshot.objects.select_related("created_by")[:200],
        "can_import": access.can_import_returns(request.user),
    }
    return render(request, "casedata/snapshot_list.html", context)


def upload(request: HttpRequest) -> HttpResponse:
    access.require_import_returns(request.user)
    form = ReturnUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [ReturnFile(f.name, f.read()) for f in form.cleaned_data["returns"]]
        files += [ReturnFile(f.name, f.read(), previous_year=True) for f in form.cleaned_data["previous"]]
        job = returns_upload(files=files, as_at=form.cleaned_data["as_at"], user=request.user)
        return redirect("core:job-detail", pk=job.pk)
    return render(
        request, "casedata/upload.html", {"page_title": "Import returns", "form": form, "breadcrumbs": [DATA]}
    )


def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = access.get_snapshot_for_user(request.user, pk)
    previous = snapshot_previous(snapshot)
    context = {
        "page_title": str(snapshot),
        "snapshot": snapshot,
        "previous": previous,
        "comparison": snapshot_compare(previous, snapshot) if previous else None,
        "history_note": snapshot_history_note(snapshot),
        "finding_count": len(snapshot.findings),
        "breadcrumbs": [DATA],
    }
    return render(request, "casedata/snapshot_detail.html", context)


def snapshot_quality(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = access.get_snapshot_children_for_user(request.user, pk)
    findings: list[dict[str, Any]] = snapshot.findings
    rules = sorted({f["code"] for f in findings})
    files = sorted({f["file"] for f in findings if f["file"]})
    form = QualityFilterForm(request.GET or None, rules=[(r, r) for r in rules], files=files)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        findings = [
            f
            for f in findings
            if (not data["rule"] or f["code"] == data["rule"])
            and (not data["file"] or f["file"] == data["file"])
            and (not data["child"] or f.get("child_id") == data["child"].strip())
        ]
    exporting = request.GET.get("format") == "xlsx"
    access_log_record(
        request=request,
        action=AccessAction.EXPORT if exporting else AccessAction.VIEW,
        object_type="snapshot-quality",
        object_id=snapshot.pk,
        summary=f"data-quality findings of {snapshot}",
    )
    if exporting:
        rows = ([f.get(c, "") for c in QUALITY_COLUMNS] for f in findings)
        return xlsx_response(f"data-quality-snapshot-{snapshot.seq}.xlsx", {"Findings": (QUALITY_COLUMNS, rows)})
    page = Paginator(findings, 100).get_page(request.GET.get("page"))
    by_child = Counter(f.get("child_id") for f in findings if f.get("child_id")).most_common(20)
    context = {
        "page_title": f"Data quality: snapshot {snapshot.seq}",
        "snapshot": snapshot,
        "form": form,
        "page": page,
        "by_rule": Counter(f["code"] for f in findings).most_common(),
        "by_child": by_child,
        "download": f"{request.path}?{_with_format(request)}",
        "breadcrumbs": [DATA, (str(snapshot), reverse("casedata:snapshot-detail", args=[snapshot.pk]))],
    }
    return render(request, "casedata/snapshot_quality.html", context)


def _with_format(request: HttpRequest) -> str:
    query = request.GET.copy()
    query["format"] = "xlsx"
    query.pop("page", None)
    return query.urlencode()


def snapshot_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a statutory return for a collection year, built from the snapshot."""
    snapshot = access.get_snapshot_children_for_user(request.user, pk)
    latest = collection_year(snapshot.as_at)
    form = ExportForm(request.GET or None, formats=EXPORT_FORMATS, years=list(range(latest, latest - 4, -1)))
    if form.is_bound and form.is_valid():
        authority = authority_get()
        fmt, year = form.cleaned_data["fmt"], form.cleaned_data["collection_year"]
        name, content, content_type = returns_export(
            snapshot=snapshot, fmt=fmt, collection_year=year, la_code=authority.la_code if authority else "999"
        )
        access_log_record(
            request=request,
            action=AccessAction.EXPORT,
            object_type="snapshot-return",
            object_id=snapshot.pk,
            summary=f"{EXPORT_FORMATS[fmt]} for {year} from {snapshot}",
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    crumbs = [DATA, (str(snapshot), reverse("casedata:snapshot-detail", args=[snapshot.pk]))]
    context = {"page_title": "Download a return", "snapshot": snapshot, "form": form, "breadcrumbs": crumbs}
    return render(request, "casedata/snapshot_export.html", context)
