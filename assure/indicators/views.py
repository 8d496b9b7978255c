"""Indicator pages: the catalogue, scorecards, an indicator's detail, the children behind a figure, targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from assure.accounts.models import AccessAction
from assure.accounts.services import access_log_record
from assure.casedata.selectors import snapshot_tables
from assure.core.exports import table_download
from assure.indicators import access, selectors
from assure.indicators.engine import REGISTRY, CaseData, Indicator, Period, children_behind
from assure.indicators.engine.registry import ordered
from assure.indicators.forms import TargetForm
from assure.indicators.models import IndicatorRun, Target
from assure.indicators.presentation import sparkline
from assure.indicators.services import indicator_recalculation_request, target_save
from assure.organisation.history import history_for
from assure.organisation.models import ServiceArea, Staff, Team
from assure.organisation.selectors import staff_by_email, team_service_areas

PERFORMANCE = ("Performance", "/performance/")
CATALOGUE = ("Indicators", "/indicators/")
SCORECARD = ("Authority scorecard", "/indicators/scorecard/")


def _indicator(indicator_id: str) -> Indicator:
    if indicator_id not in REGISTRY:
        raise Http404("No such indicator.")
    return REGISTRY[indicator_id]


def _table_response(request: HttpRequest, name: str, headers: list[str], rows: list[list[Any]]) -> HttpResponse | None:
    """The table as CSV or XLSX when `?format=` asks for it."""
    return table_download(request.GET.get("format"), filename=name, headers=headers, rows=rows, sheet=name[:31])


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    groups = [
        ("National measures (published by DfE)", [i for i in ordered() if i.national]),
        ("Local measures (Performance Clinics)", [i for i in ordered() if not i.national]),
    ]
    context = {"page_title": "Indicators", "groups": groups, "breadcrumbs": [PERFORMANCE]}
    return render(request, "indicators/catalogue.html", context)


def _may_drill(request: HttpRequest, level: str, unit: Any) -> bool:
    scope = access.require_scorecards(request.user)
    if level == "authority":
        return scope.authority_wide and scope.sees_child_data
    try:
        access.require_children(request.user, level=level, unit=unit)
    except PermissionDenied:
        return False
    return True


def _scorecard(request: HttpRequest, *, level: str, org_unit: str, heading: str, links: dict[str, Any]) -> HttpResponse:
    run = selectors.run_latest()
    threshold = access.suppression_for(request.user)
    published = selectors.published_for(run.la_code) if run else None
    rows = (
        selectors.scorecard(run, level=level, org_unit=org_unit, threshold=threshold, published=published)
        if run
        else []
    )
    name = f"scorecard-{level}-{run.as_at:%Y-%m-%d}" if run else "scorecard"
    exported = _table_response(request, name, selectors.EXPORT_HEADERS, selectors.scorecard_rows_for_export(rows))
    if exported is not None:
        return exported
    for row in rows:
        row.spark = sparkline([f.value for f in row.history])  # type: ignore[attr-defined]
    context = {
        "page_title": heading,
        "run": run,
        "rows": rows,
        "level": level,
        "suppressed": threshold is not None,
        "threshold": threshold,
        "comparison": selectors.comparison_basis(published) if published else "",
        "may_drill": _may_drill(request, level, links.pop("unit", None)),
        "can_recalculate": level == "authority" and access.can_recalculate(request.user),
        "unit_slug": links.get("unit_key"),
        "breadcrumbs": [PERFORMANCE, CATALOGUE] + ([] if level == "authority" else [SCORECARD]),
        **links,
    }
    return render(request, "indicators/scorecard.html", context)


@require_GET
def scorecard_authority(request: HttpRequest) -> HttpResponse:
    scope = access.require_scorecards(request.user)
    areas = ServiceArea.objects.order_by("name") if scope.authority_wide or scope.aggregates_only else None
    run = selectors.run_latest()
    return _scorecard(
        request,
        level="authority",
        org_unit=run.la_code if run else "",
        heading="Authority scorecard",
        links={"areas": areas, "unit_key": "la"},
    )


@require_GET
def scorecard_area(request: HttpRequest, pk: int) -> HttpResponse:
    area = access.get_area_for_user(request.user, pk)
    teams = Team.objects.filter(service_area=area, is_active=True).order_by("name")
    return _scorecard(
        request, level="service_area", org_unit=area.name, heading=f"{area.name} scorecard",
        links={"teams": teams, "unit_key": area.pk, "unit": area},
    )  # fmt: skip


@require_GET
def scorecard_team(request: HttpRequest, pk: int) -> HttpResponse:
    team = access.get_team_for_user(request.user, pk)
    return _scorecard(request, level="team", org_unit=team.name, heading=f"{team.name} scorecard",
                      links={"unit_key": team.pk, "unit": team})  # fmt: skip


@require_GET
def scorecard_worker(request: HttpRequest, pk: int) -> HttpResponse:
    staff = access.get_worker_for_user(request.user, pk)
    return _scorecard(request, level="worker", org_unit=staff.email, heading=f"Scorecard for {staff}",
                      links={"unit_key": staff.pk, "unit": staff})  # fmt: skip


@require_GET
def indicator_detail(request: HttpRequest, indicator_id: str) -> HttpResponse:
    indicator = _indicator(indicator_id)
    scope = access.require_scorecards(request.user)
    run = selectors.run_latest()
    threshold = access.suppression_for(request.user)
    detail = selectors.indicator_detail(run, indicator, threshold=threshold) if run else None
    if detail is not None:
        headers = ["Period start", "Period end", "Numerator", "Denominator", "Value", "Year of DfE's figures",
                   "England", "Region", "Statistical neighbours"]  # fmt: skip
        rows = [
            [f.period_start, f.period_end, f.numerator_text, f.denominator_text, f.text,
             f"Year ending 31 March {c.year:%Y}" if c.year else None, c.england, c.region, c.neighbours]
            for f, c in zip(detail.history, detail.comparators, strict=True)
        ]  # fmt: skip
        exported = _table_response(request, f"{indicator.id}-history", headers, rows)
        if exported is not None:
            return exported
    context = {
        "page_title": indicator.title,
        "indicator": indicator,
        "run": run,
        "detail": detail,
        "history_rows": list(zip(detail.history, detail.comparators, strict=True)) if detail else [],
        "chart": _chart(detail.history) if detail else None,
        "may_drill": scope.authority_wide and scope.sees_child_data,
        "suppressed": threshold is not None,
        "breadcrumbs": [PERFORMANCE, CATALOGUE],
    }
    return render(request, "indicators/detail.html", context)


def _chart(history: list[Any]) -> dict[str, Any] | None:
    """Bars for the figures of the history, scaled to a 100-high box (the table beside gives the numbers)."""
    known = [f.value for f in history if f.value is not None]
    if not known:
        return None
    top = max(known) or 1.0
    width = 600 / max(1, len(history))
    bars = [
        {"x": i * width + 4, "width": width - 8, "height": (f.value or 0) / top * 100, "label": f.text,
         "period": f.period_label}
        for i, f in enumerate(history)
    ]  # fmt: skip
    for bar in bars:
        bar["y"] = 110 - bar["height"]
    return {"bars": bars, "top": top}


def _unit_for(request: HttpRequest, run: IndicatorRun, level: str, key: str) -> tuple[str, str, Any]:
    """(org_unit as stored, label, the object) for the figure asked for, through the access helpers."""
    if level == "authority":
        return run.la_code, "the authority", None
    if not key.isdigit():
        raise Http404("No such organisation unit.")
    if level == "service_area":
        area = access.get_area_for_user(request.user, int(key))
        return area.name, area.name, area
    if level == "team":
        team = access.get_team_for_user(request.user, int(key))
        return team.name, team.name, team
    if level == "worker":
        staff = access.get_worker_for_user(request.user, int(key))
        return staff.email, str(staff), staff
    raise Http404("No such level.")


def _dates(start: str, end: str) -> tuple[dt.date, dt.date]:
    try:
        return dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        raise Http404("Choose a figure from a scorecard or an indicator's page.") from None


def _worker(staff: dict[str, Staff], email: str | None) -> str:
    """The worker's name where the organisation knows the e-mail address case data gives."""
    found = staff.get((email or "").lower())
    return found.full_name if found else email or ""


CHILD_HEADERS = ["Child ID", "Date", "Counted in the numerator", "Value", "Worker", "Team", "Service area", "Age band"]


@require_GET
def children(request: HttpRequest, indicator_id: str, level: str, unit: str, start: str, end: str) -> HttpResponse:
    indicator = _indicator(indicator_id)
    scope = access.require_scorecards(request.user)
    if scope.aggregates_only:
        raise PermissionDenied("Board members see figures, not the children behind them.")
    run = selectors.run_latest()
    if run is None:
        raise Http404("No figures have been calculated yet.")
    org_unit, label, found = _unit_for(request, run, level, unit)
    if level == "authority":
        if not (scope.authority_wide and scope.sees_child_data):
            raise PermissionDenied("The children behind the authority's figures are for whole-authority roles.")
    else:
        access.require_children(request.user, level=level, unit=found)
    first, last = _dates(start, end)
    if not selectors.stored_period(run, indicator.id, first, last):
        raise Http404("There is no such figure.")
    wanted = sorted({*indicator.tables, "children", "disabilities", "allocations"})
    data = CaseData(snapshot_tables(run.snapshot, wanted), la_code=run.la_code)
    team_areas = team_service_areas()
    frame = children_behind(data, indicator_id=indicator.id, period=Period(first, last), level=level,
                            org_unit=org_unit, team_areas=team_areas)  # fmt: skip
    staff = staff_by_email()
    rows = [
        [r["child_id"], r["event_date"], "Yes" if r["counted"] else "No", r["num"], _worker(staff, r["worker_id"]),
         r["team"] or "", r["service_area"] or "", r["age_band"]]
        for r in frame.iter_rows(named=True)
    ]  # fmt: skip
    summary = f"Children behind {indicator.id} for {label}, {first:%d/%m/%Y} to {last:%d/%m/%Y} ({len(rows)} rows)"
    wanted_format = request.GET.get("format")
    action = AccessAction.EXPORT if wanted_format in {"csv", "xlsx"} else AccessAction.VIEW
    access_log_record(request=request, action=action, object_type="indicator figure", object_id=indicator.id,
                      summary=summary)  # fmt: skip
    exported = _table_response(request, f"{indicator.id}-children-{last:%Y-%m-%d}", CHILD_HEADERS, rows)
    if exported is not None:
        return exported
    context = {
        "page_title": f"Children behind the figure: {indicator.title}",
        "indicator": indicator,
        "label": label,
        "period": Period(first, last),
        "rows": rows,
        "counted": sum(1 for r in rows if r[2] == "Yes"),
        "breadcrumbs": [PERFORMANCE, CATALOGUE, (indicator.title, reverse("indicators:detail", args=[indicator.id]))],
    }
    return render(request, "indicators/children.html", context)


@require_GET
def target_list(request: HttpRequest) -> HttpResponse:
    access.require_edit_targets(request.user)
    targets = Target.objects.select_related("created_by")
    titled = [(t, REGISTRY[t.indicator_id].title if t.indicator_id in REGISTRY else t.indicator_id) for t in targets]
    context = {"page_title": "Targets", "targets": titled, "breadcrumbs": [PERFORMANCE, CATALOGUE]}
    return render(request, "indicators/target_list.html", context)


def target_add(request: HttpRequest) -> HttpResponse:
    return _target_form(request, None)


def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_edit_targets(request.user)
    return _target_form(request, get_object_or_404(Target, pk=pk))


def _target_form(request: HttpRequest, existing: Target | None) -> HttpResponse:
    access.require_edit_targets(request.user)
    initial = (
        {
            f: getattr(existing, f)
            for f in ("indicator_id", "target", "tolerance", "effective_from", "effective_to", "note")
        }
        if existing
        else {}
    )
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        target_save(**form.cleaned_data, user=request.user, existing=existing)
        return redirect("indicators:target-list")
    action = reverse("indicators:target-edit", args=[existing.pk]) if existing else reverse("indicators:target-add")
    context = {
        "page_title": "Change a target" if existing else "Add a target",
        "form": form,
        "action": action,
        "target": existing,
        "history": history_for(existing) if existing else [],
        "breadcrumbs": [PERFORMANCE, CATALOGUE, ("Targets", reverse("indicators:target-list"))],
    }
    return render(request, "indicators/target_form.html", context)


@require_POST
def recalculate(request: HttpRequest) -> HttpResponse:
    """Queue the latest import's figures to be calculated again, and show the job's progress."""
    access.require_recalculate(request.user)
    job = indicator_recalculation_request(user=request.user)
    if job is None:
        messages.error(request, "There is nothing to recalculate: no child-level data has been imported yet.")
        return redirect("indicators:scorecard")
    return redirect("core:job-detail", pk=job.pk)
