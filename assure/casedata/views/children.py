"""A child's record (who the child is, who holds the case, their journey, deadlines and audits) and
finding a child by ID. Every view and search is written to the access log."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from assure.accounts.models import AccessAction
from assure.accounts.services import access_log_record
from assure.alerts.selectors import child_deadlines, deadline_set_current
from assure.audits.access import audits_for_user
from assure.audits.selectors import audits_of_child
from assure.casedata import access
from assure.casedata.forms import ChildFindForm, ChildSnapshotForm
from assure.casedata.models import Snapshot
from assure.casedata.record import record_build, rows_in
from assure.casedata.selectors import ChildHistory

PERFORMANCE = ("Performance", "/performance/")
MAX_ID = 40  # CaseRecord.child_id


def _find_crumbs() -> list[tuple[str, str]]:
    return [PERFORMANCE, ("Find a child", reverse("casedata:child-find"))]


@require_GET
def child_find(request: HttpRequest) -> HttpResponse:
    access.require_child_records(request.user)
    form = ChildFindForm(request.GET if "id" in request.GET else None)
    found: ChildHistory | None = None
    searched = form.is_bound and form.is_valid()
    if searched:
        wanted = form.cleaned_data["id"].strip()
        try:
            found = access.get_child_for_user(request.user, wanted)
        except Http404:
            found = None
        outcome = "found" if found else "no child they can see"
        access_log_record(request=request, action=AccessAction.SEARCH, object_type="child", object_id=wanted[:64],
                          summary=f"Searched for child ID {wanted}: {outcome}")  # fmt: skip
    context = {
        "page_title": "Find a child",
        "form": form,
        "searched": searched,
        "found": found,
        "not_found": access.NO_CHILD if searched and found is None else "",
        "breadcrumbs": [PERFORMANCE],
    }
    return render(request, "casedata/child_find.html", context)


@require_GET
def child_record(request: HttpRequest, child_id: str) -> HttpResponse:
    access.require_child_records(request.user)
    try:
        history = access.get_child_for_user(request.user, child_id)
    except Http404:
        access_log_record(request=request, object_type="child", object_id=child_id[:64],
                          summary=f"Asked for the record of child {child_id}: no child they can see")  # fmt: skip
        form = ChildFindForm(initial={"id": child_id[:MAX_ID]})
        context = {"page_title": "Find a child", "form": form, "searched": True, "found": None,
                   "not_found": access.NO_CHILD, "breadcrumbs": [PERFORMANCE]}  # fmt: skip
        return render(request, "casedata/child_find.html", context, status=404)
    snapshot = _chosen_snapshot(request, history)
    access_log_record(request=request, object_type="child", object_id=child_id[:64],
                      summary=f"Viewed the record of child {child_id} as at {snapshot.as_at:%d/%m/%Y}")  # fmt: skip
    return render(request, "casedata/child_record.html", _record_context(request, history, snapshot))


def _chosen_snapshot(request: HttpRequest, history: ChildHistory) -> Snapshot:
    wanted = request.GET.get("snapshot", "")
    if not wanted:
        return history.latest
    chosen = next((s for s in history.snapshots if str(s.seq) == wanted), None)
    if chosen is None:
        raise Http404("This child is not in that snapshot.")
    return chosen


def _record_context(request: HttpRequest, history: ChildHistory, snapshot: Snapshot) -> dict[str, Any]:
    record = record_build(history.child_id, rows_in(history.versions, snapshot.seq), snapshot.as_at)
    parts = sorted({event.area for event in record.events})
    part = request.GET.get("part", "")
    events = [event for event in record.events if event.area == part] if part in parts else record.events
    deadline_set = deadline_set_current()
    return {
        "page_title": f"Child {history.child_id}",
        "record": record,
        "events": events,
        "parts": parts,
        "part": part if part in parts else "",
        "history": history,
        "snapshot": snapshot,
        "newest": history.newest,
        "not_in_newest": history.latest.pk != history.newest.pk,
        "earlier": snapshot.pk != history.latest.pk,
        "snapshot_form": ChildSnapshotForm(initial={"snapshot": snapshot.seq}, snapshots=history.snapshots),
        "deadline_set": deadline_set,
        "deadlines": child_deadlines(deadline_set, history.child_id),
        "audits": audits_of_child(audits_for_user(request.user), history.child_id),
        "breadcrumbs": _find_crumbs(),
    }
