"""Reads for indicators: stored results as scorecards and histories, with targets and comparators."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from django.db.models import Q

from assure.casedata.models import Snapshot
from assure.casedata.selectors import newest_snapshot_first
from assure.indicators import suppression
from assure.indicators.engine import BREAKDOWNS, REGISTRY, Indicator, Polarity, Unit
from assure.indicators.engine.published import year_of
from assure.indicators.engine.registry import ordered
from assure.indicators.models import IndicatorRun, IndicatorValue, PublishedFigure, StatisticalNeighbour, Target
from assure.indicators.presentation import Figure, figure, value_text
from assure.indicators.suppression import Sum
from assure.organisation.models import ENGLISH_REGIONS, NEIGHBOUR_MODELS, LocalAuthority
from assure.organisation.selectors import team_service_areas

ORG_LEVELS = ("authority", "service_area", "team", "worker")


def run_latest() -> IndicatorRun | None:
    newest = newest_snapshot_first("snapshot")
    return IndicatorRun.objects.select_related("snapshot").order_by(*newest, "-computed_at").first()


def run_for_snapshot(snapshot: Snapshot) -> IndicatorRun | None:
    return snapshot.indicator_runs.order_by("-computed_at").first()


def rag(value: float | None, target: Target | None, polarity: Polarity) -> str:
    """Red, amber or green against the target in force (an empty string when there is none)."""
    if value is None or target is None or polarity == Polarity.NEUTRAL:
        return ""
    gap = value - target.target if polarity == Polarity.HIGHER else target.target - value
    if gap >= 0:
        return "green"
    return "amber" if -gap <= target.tolerance else "red"


def target_in_force(targets: list[Target], indicator_id: str, day: dt.date) -> Target | None:
    for target in targets:  # newest first
        current = target.effective_from <= day and (target.effective_to is None or target.effective_to >= day)
        if target.indicator_id == indicator_id and current:
            return target
    return None


def direction(indicator: Indicator, value: float | None, previous: float | None) -> str:
    if value is None or previous is None:
        return ""
    if abs(value - previous) < 1e-9:
        return "No change"
    if indicator.polarity == Polarity.NEUTRAL:
        return "Up" if value > previous else "Down"
    better = (value > previous) == (indicator.polarity == Polarity.HIGHER)
    return "Improving" if better else "Getting worse"


@dataclass
class Comparators:
    """DfE's published figures for a year: England, the region, the neighbours' average, the authority."""

    year: dt.date | None = None
    england: float | None = None
    region: float | None = None
    region_name: str = ""
    neighbours: float | None = None
    neighbour_count: int = 0
    own: float | None = None
    unit: Unit | None = None  # the indicator's, to show the figures as its own are shown

    @property
    def text(self) -> dict[str, str]:
        """england, region, neighbours and own as the indicator's own figures are shown ('' if none)."""
        shown = {"england": self.england, "region": self.region, "neighbours": self.neighbours, "own": self.own}
        return {name: "" if value is None else _in_unit(self.unit, value) for name, value in shown.items()}


def _in_unit(unit: Unit | None, value: float) -> str:
    return value_text(unit, value) if unit is not None else f"{value:,.1f}"


@dataclass
class Published:
    """Everything published that a scorecard compares with, read in a few queries."""

    la_code: str
    figures: dict[tuple[str, str, str], dict[dt.date, PublishedFigure]] = field(default_factory=dict)
    region_code: str = ""
    neighbours: dict[str, list[str]] = field(default_factory=dict)  # model → codes
    neighbours_of: str = ""  # whose neighbours they are: the authority's own LA code or a configured one
    neighbour_model: str = ""  # "2021" or "2025" for every year; empty picks the model by year

    def _model_for(self, year: dt.date) -> str:
        return self.neighbour_model or ("2025" if year.year >= 2025 else "2021")

    def for_period(self, indicator_id: str, period_end: dt.date) -> Comparators:
        national = self.figures.get((indicator_id, "national", "E92000001"), {})
        wanted = year_of(period_end)
        years = [y for y in national if y <= wanted]
        if not years:
            return Comparators()
        year = max(years)
        codes = self.neighbours_for(year)
        values = [self._value(indicator_id, "la", code, year) for code in codes]
        known = [v for v in values if v is not None]
        region = self.figures.get((indicator_id, "regional", self.region_code), {}).get(year)
        return Comparators(
            year=year,
            england=national[year].value,
            region=region.value if region else None,
            region_name=region.name if region else "",
            neighbours=mean(known) if known else None,
            neighbour_count=len(known),
            own=self._value(indicator_id, "la", self.la_code, year),
            unit=REGISTRY[indicator_id].unit if indicator_id in REGISTRY else None,
        )

    def neighbours_for(self, year: dt.date) -> list[str]:
        model = self._model_for(year)
        if self.neighbour_model:
            return self.neighbours.get(model, [])
        return self.neighbours.get(model) or self.neighbours.get("2025") or self.neighbours.get("2021") or []

    def figures_for_la(self, code: str) -> list[PublishedFigure]:
        return [f for (_, level, c), by_year in self.figures.items() if level == "la" and c == code
                for f in by_year.values()]  # fmt: skip

    def _value(self, indicator_id: str, level: str, code: str, year: dt.date) -> float | None:
        found = self.figures.get((indicator_id, level, code), {}).get(year)
        return found.value if found else None


def published_for_settings(la_code: str) -> Published:
    """Whom the authority with this LA code compares with, without the figures: its region and
    statistical neighbours as configured on the authority (an authority DfE does not list, like the
    demo, must be told), else as DfE's tables give them for its LA code."""
    authority = LocalAuthority.objects.filter(la_code=la_code).first()
    region = (authority.region_code if authority else "") or (
        PublishedFigure.objects.filter(level="la", code=la_code)
        .exclude(region_code="")
        .values_list("region_code", flat=True)
        .first()
    )
    neighbours_of = (authority.neighbours_of if authority else "") or la_code
    neighbours: dict[str, list[str]] = defaultdict(list)
    rows = StatisticalNeighbour.objects.filter(la_code=neighbours_of).order_by("model", "rank")
    for model, code in rows.values_list("model", "neighbour_code"):
        neighbours[model].append(code)
    return Published(
        la_code=la_code,
        region_code=region or "",
        neighbours=dict(neighbours),
        neighbours_of=neighbours_of,
        neighbour_model=authority.neighbour_model if authority else "",
    )


def published_for(la_code: str) -> Published:
    result = published_for_settings(la_code)
    codes = {la_code, result.neighbours_of, *(c for group in result.neighbours.values() for c in group)}
    wanted = Q(level="national") | Q(level="la", code__in=codes)
    if result.region_code:
        wanted |= Q(level="regional", code=result.region_code)
    for fig in PublishedFigure.objects.filter(wanted):
        result.figures.setdefault((fig.indicator_id, fig.level, fig.code), {})[fig.year_ending] = fig
    return result


def comparison_basis(published: Published) -> str:
    """One sentence saying which region and statistical neighbours the scorecards compare with."""
    region = dict(ENGLISH_REGIONS).get(published.region_code, published.region_code)
    parts = [f"the {region} region" if region else "no region (an administrator can set one)"]
    if not published.neighbours:
        whose = f"no statistical neighbours (DfE lists none for LA code {published.neighbours_of})"
    elif published.neighbours_of == published.la_code:
        whose = "the authority's own statistical neighbours"
    else:
        name = next((f.name for f in published.figures_for_la(published.neighbours_of)), "")
        whose = f"the statistical neighbours of LA code {published.neighbours_of}" + (f" ({name})" if name else "")
    model = dict(NEIGHBOUR_MODELS)[published.neighbour_model].lower() if published.neighbour_model else ""
    parts.append(f"{whose} ({model})" if model else whose)
    return "Compared with " + " and ".join(parts) + "."


@dataclass
class ScorecardRow:
    indicator: Indicator
    latest: Figure
    previous: Figure | None
    history: list[Figure]
    rag: str
    target: Target | None
    direction: str
    comparators: Comparators
    later_empty: bool = False  # a later period has nothing counted yet (a return made once a year)


def _latest_with_data(history: list[Figure]) -> int:
    """The index of the newest figure that has something to show: a value, or one hidden as a small
    number. A year to date with nothing counted yet (care leavers are recorded once a year) gives
    way to the year before, so the scorecard does not lead with 'no data'."""
    for index in range(len(history) - 1, -1, -1):
        if history[index].value is not None or history[index].suppressed:
            return index
    return len(history) - 1


def _history(
    values: list[IndicatorValue], indicator: Indicator, threshold: int | None, hide: set[int] | None = None
) -> list[Figure]:
    ordered = sorted(values, key=lambda v: (v.period_end, v.period_start))
    return [figure(indicator, v, threshold, hide=v.pk in (hide or ())) for v in ordered]


def _sums(values: list[IndicatorValue], la_code: str, team_areas: dict[str, str]) -> list[Sum]:
    """The sums among one indicator's figures a reader can see: in each period the authority's is the
    sum of its service areas', of its teams' and of each breakdown's groups; a service area's is the
    sum of its teams' (by the teams' current service areas)."""
    periods: dict[tuple[dt.date, dt.date], dict[str, list[IndicatorValue]]] = defaultdict(lambda: defaultdict(list))
    for v in values:
        periods[(v.period_start, v.period_end)][v.level].append(v)
    sums: list[Sum] = []
    for levels in periods.values():
        authority = next((v for v in levels.get("authority", []) if v.org_unit == la_code), None)
        if authority is not None:
            sums += [
                Sum(authority, parts, headline=True)
                for level, parts in levels.items()
                if level not in ("authority", "worker")
            ]
        areas = {v.org_unit: v for v in levels.get("service_area", [])}
        teams: dict[str, list[IndicatorValue]] = defaultdict(list)
        for team in levels.get("team", []):
            if team_areas.get(team.org_unit) in areas:
                teams[team_areas[team.org_unit]].append(team)
        sums += [Sum(areas[area], parts) for area, parts in teams.items()]
    return sums


def _hidden_for_board(run: IndicatorRun, values: list[IndicatorValue], threshold: int | None) -> set[int]:
    """The stored figures among `values` that a reader seeing figures through `threshold` may not see:
    the small ones and those that would give one away (see `suppression`)."""
    if threshold is None:
        return set()
    by_indicator: dict[str, list[IndicatorValue]] = defaultdict(list)
    for value in values:
        by_indicator[value.indicator_id].append(value)
    team_areas = team_service_areas()
    return {
        pk
        for indicator_id, group in by_indicator.items()
        if indicator_id in REGISTRY
        for pk in suppression.hidden(REGISTRY[indicator_id], _sums(group, run.la_code, team_areas), threshold)
    }


def scorecard(
    run: IndicatorRun, *, level: str, org_unit: str, threshold: int | None, published: Published | None = None
) -> list[ScorecardRow]:
    """One row per indicator that has a figure for this organisation unit, in the library's order."""
    by_indicator: dict[str, list[IndicatorValue]] = defaultdict(list)
    for value in IndicatorValue.objects.filter(run=run, level=level, org_unit=org_unit):
        by_indicator[value.indicator_id].append(value)
    hide: set[int] = set()
    if threshold is not None and level in ("service_area", "team"):  # the authority's own are never hidden for others
        organisation = IndicatorValue.objects.filter(run=run, level__in=["authority", "service_area", "team"])
        hide = _hidden_for_board(run, list(organisation), threshold)
    targets = list(Target.objects.order_by("-effective_from"))
    published = published or published_for(run.la_code)
    rows = []
    for indicator in ordered():
        values = by_indicator.get(indicator.id)
        if not values:
            continue
        history = _history(values, indicator, threshold, hide)
        shown = _latest_with_data(history)
        latest, previous = history[shown], (history[shown - 1] if shown > 0 else None)
        target = target_in_force(targets, indicator.id, latest.period_end)
        rows.append(
            ScorecardRow(
                indicator=indicator,
                latest=latest,
                previous=previous,
                history=history,
                rag=rag(latest.value, target, indicator.polarity) if not latest.suppressed else "",
                target=target,
                direction=direction(indicator, latest.value, previous.value if previous else None)
                if not latest.suppressed
                else "",
                comparators=published.for_period(indicator.id, latest.period_end),
                later_empty=shown < len(history) - 1,
            )
        )
    return rows


@dataclass
class Detail:
    history: list[Figure]
    comparators: list[Comparators]
    breakdowns: dict[str, list[tuple[str, Figure]]]
    units: dict[str, list[tuple[str, Figure]]]  # service areas and teams at the latest period
    period_label: str = ""  # the period the breakdowns and units are for: the newest with a figure


def indicator_detail(run: IndicatorRun, indicator: Indicator, *, threshold: int | None) -> Detail:
    values = list(IndicatorValue.objects.filter(run=run, indicator_id=indicator.id).exclude(level="worker"))
    authority = [v for v in values if v.level == "authority" and v.org_unit == run.la_code]
    history = _history(authority, indicator, threshold)
    published = published_for(run.la_code)
    shown = history[_latest_with_data(history)] if history else None  # the period the scorecard leads with
    latest_end = shown.period_end if shown else None
    shown_values = [v for v in values if v.period_end == latest_end and v.level != "authority"]
    hide = _hidden_for_board(run, [v for v in values if v.period_end == latest_end], threshold)
    grouped: dict[str, list[tuple[str, Figure]]] = defaultdict(list)
    for v in sorted(shown_values, key=lambda v: v.org_unit):
        grouped[v.level].append((v.org_unit, figure(indicator, v, threshold, hide=v.pk in hide)))
    return Detail(
        history=history,
        comparators=[published.for_period(indicator.id, f.period_end) for f in history],
        breakdowns={
            level.replace("_", " "): sorted(grouped[level], key=_group_order)
            for level in BREAKDOWNS
            if grouped.get(level)
        },
        units={level: grouped[level] for level in ("service_area", "team") if grouped.get(level)},
        period_label=shown.period_label if shown else "",
    )


AGE_ORDER = ("Unborn or not known", "Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over")


def _group_order(item: tuple[str, Figure]) -> tuple[int, str]:
    name = item[0]
    return (AGE_ORDER.index(name) if name in AGE_ORDER else len(AGE_ORDER), name)


def stored_period(run: IndicatorRun, indicator_id: str, start: dt.date, end: dt.date) -> bool:
    return IndicatorValue.objects.filter(
        run=run, indicator_id=indicator_id, period_start=start, period_end=end, level="authority"
    ).exists()


def scorecard_rows_for_export(rows: list[ScorecardRow]) -> list[list[Any]]:
    return [
        [
            r.indicator.id,
            r.indicator.title,
            r.latest.period_start,
            r.latest.period_end,
            r.latest.numerator_text,
            r.latest.denominator_text,
            r.latest.text,
            r.previous.text if r.previous else "",
            r.rag.capitalize(),
            r.direction,
            _rounded(r.comparators.england),
            _rounded(r.comparators.region),
            _rounded(r.comparators.neighbours),
        ]
        for r in rows
    ]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


EXPORT_HEADERS = [
    "Indicator ID", "Indicator", "Period start", "Period end", "Numerator", "Denominator", "Value",
    "Previous period", "Against target (RAG)", "Direction of travel", "England", "Region", "Statistical neighbours",
]  # fmt: skip
