"""Importing returns and looking after snapshots: the list, an upload, one snapshot, data quality."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assure.accounts.models import AccessAction
from assure.accounts.services import access_log_record
from assure.casedata import access
from assure.casedata.drafts import (
    column_mapping_delete,
    import_draft_create,
    import_draft_discard,
    import_draft_next,
    import_draft_queue,
    upload_columns_match,
)
from assure.casedata.forms import (
    ExportForm,
    MappingChoiceForm,
    QualityFilterForm,
    ReturnUploadForm,
    column_match_form,
)
from assure.casedata.importing import ReturnFile, collection_year, needs_mapping
from assure.casedata.models import ColumnMapping, ImportDraft, ReturnUpload, Snapshot
from assure.casedata.parsers.generic import file_headers
from assure.casedata.parsers.generic_spec import LAYOUTS
from assure.casedata.selectors import (
    column_mappings_fitting,
    columns_proposed,
    layout_guessed,
    snapshot_compare,
    snapshot_history_note,
    snapshot_previous,
)
from assure.casedata.services import EXPORT_FORMATS, returns_export, returns_upload
from assure.core.exports import xlsx_response
from assure.organisation.selectors import authority_get

DATA = ("Imported data", "/data/")
QUALITY_COLUMNS = ["file", "row", "field", "value", "message", "code", "severity", "child_id", "source"]


def snapshot_list(request: HttpRequest) -> HttpResponse:
    access.require_view_snapshots(request.user)
    context = {
        "page_title": "Imported data",
        "snapshots": Snapshot.objects.select_related("created_by").defer("findings", "summary")[:200],
        "can_import": access.can_import_returns(request.user),
    }
    return render(request, "casedata/snapshot_list.html", context)


def upload(request: HttpRequest) -> HttpResponse:
    access.require_import_returns(request.user)
    form = ReturnUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [ReturnFile(f.name, f.read()) for f in form.cleaned_data["returns"]]
        files += [ReturnFile(f.name, f.read(), previous_year=True) for f in form.cleaned_data["previous"]]
        if any(needs_mapping(f) for f in files):
            draft = import_draft_create(files=files, as_at=form.cleaned_data["as_at"], user=request.user)
            return _after_matching(draft)
        job = returns_upload(files=files, as_at=form.cleaned_data["as_at"], user=request.user)
        return redirect("core:job-detail", pk=job.pk)
    return render(
        request, "casedata/upload.html", {"page_title": "Import returns", "form": form, "breadcrumbs": [DATA]}
    )


def _after_matching(draft: ImportDraft) -> HttpResponse:
    """The next file to match, or, when every file is matched, the import job."""
    upload = import_draft_next(draft)
    if upload is not None:
        return redirect("casedata:draft-columns", pk=draft.pk, upload_pk=upload.pk)
    job = import_draft_queue(draft=draft)
    return redirect("core:job-detail", pk=job.pk)


def draft_columns(request: HttpRequest, pk: int, upload_pk: int) -> HttpResponse:
    """Match the headers of a file in no known layout to the columns of a generic layout."""
    draft = access.get_import_draft_for_user(request.user, pk)
    if draft.job_id is not None:
        return redirect("core:job-detail", pk=draft.job_id)
    upload = get_object_or_404(draft.uploads, pk=upload_pk, needs_mapping=True)
    headers = [header for header in file_headers(upload.name, bytes(upload.content)) if header]
    saved = list(ColumnMapping.objects.all())
    default = _default_use(upload, headers)
    choice = MappingChoiceForm(request.GET if "use" in request.GET else None, saved=saved, initial={"use": default})
    if choice.is_bound and not choice.is_valid():
        choice = MappingChoiceForm(saved=saved, initial={"use": default})
    use = choice.cleaned_data["use"] if choice.is_bound else default
    table, mapping = _resolve_use(use, saved)
    if request.method == "POST":
        table = request.POST.get("table", "") if request.POST.get("table") in LAYOUTS else table
        form = column_match_form(table, headers)(request.POST)
        if form.is_valid():
            stored = upload_columns_match(
                upload=upload,
                table=table,
                columns=form.columns(),
                save_as=form.cleaned_data["save_as"],
                user=request.user,
            )
            if stored is not None:
                messages.success(request, f'The mapping "{stored.name}" is saved for your next import.')
            return _after_matching(draft)
    else:
        proposed = (
            {ours: theirs for theirs, ours in upload.mapping.items()}
            if upload.table == table and "use" not in request.GET
            else columns_proposed(headers, table, mapping)
        )
        initial = {"table": table, **{f"col_{ours}": theirs for ours, theirs in proposed.items() if theirs}}
        form = column_match_form(table, headers)(initial=initial)
    to_match = list(draft.uploads.filter(needs_mapping=True).order_by("pk").values_list("pk", flat=True))
    context = {
        "page_title": f"Match the columns of {upload.name}",
        "draft": draft,
        "upload": upload,
        "headers": headers,
        "layout": LAYOUTS[table],
        "choice": choice,
        "form": form,
        "position": to_match.index(upload.pk) + 1,
        "count": len(to_match),
        "action": request.get_full_path(),
        "breadcrumbs": [DATA, ("Import returns", reverse("casedata:upload"))],
    }
    return render(request, "casedata/draft_columns.html", context)


def _default_use(upload: ReturnUpload, headers: list[str]) -> str:
    if upload.table:
        return f"layout:{upload.table}"
    fitting = column_mappings_fitting(headers)
    return f"saved:{fitting[0].pk}" if fitting else f"layout:{layout_guessed(headers)}"


def _resolve_use(use: str, saved: list[ColumnMapping]) -> tuple[str, ColumnMapping | None]:
    kind, _, value = use.partition(":")
    if kind == "saved":
        mapping = next(m for m in saved if str(m.pk) == value)
        return mapping.table, mapping
    return value, None


@require_POST
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    draft = access.get_import_draft_for_user(request.user, pk)
    if draft.job_id is None:
        import_draft_discard(draft=draft)
        messages.info(request, "The import was cancelled and its files were deleted.")
    return redirect("casedata:upload")


def mapping_list(request: HttpRequest) -> HttpResponse:
    access.require_import_returns(request.user)
    rows = [
        (m, LAYOUTS[m.table].title if m.table in LAYOUTS else m.table)
        for m in ColumnMapping.objects.select_related("created_by")
    ]
    crumbs = [DATA, ("Import returns", reverse("casedata:upload"))]
    context = {"page_title": "Saved column mappings", "mappings": rows, "breadcrumbs": crumbs}
    return render(request, "casedata/mapping_list.html", context)


@require_POST
def mapping_delete(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = access.get_column_mapping_for_user(request.user, pk)
    column_mapping_delete(mapping=mapping)
    messages.info(request, f'The mapping "{mapping.name}" was deleted.')
    return redirect("casedata:mapping-list")


def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = access.get_snapshot_for_user(request.user, pk)
    previous = snapshot_previous(snapshot)
    context = {
        "page_title": str(snapshot),
        "snapshot": snapshot,
        "previous": previous,
        "comparison": snapshot_compare(previous, snapshot) if previous else None,
        "history_note": snapshot_history_note(snapshot),
        "finding_count": snapshot.finding_count,
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
