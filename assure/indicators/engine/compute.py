"""Computing the library: units per indicator and period, added up by organisation unit.

Framework-free and vectorised: every indicator's units for every period are gathered into one
frame, given the worker and team who held each child's case on the unit's date (an as-of join),
and summed with group-bys. The same enriched units list the children behind any figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import polars as pl

from assure.casedata.allocation import allocation_at_events
from assure.indicators.engine import library  # noqa: F401 -- registers the indicators
from assure.indicators.engine.data import CaseData, age_on
from assure.indicators.engine.periods import Period, periods_for
from assure.indicators.engine.registry import BREAKDOWNS, LEVELS, REGISTRY, Indicator, Unit

OUTPUT_SCHEMA = {
    "indicator_id": pl.String,
    "period_start": pl.Date,
    "period_end": pl.Date,
    "level": pl.String,
    "org_unit": pl.String,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "value": pl.Float64,
}
_KEYS = ["indicator_id", "period_start", "period_end"]
ETHNIC_GROUPS = {"W": "White", "M": "Mixed", "A": "Asian or Asian British", "B": "Black or Black British",
                 "C": "Other ethnic group", "O": "Other ethnic group"}  # fmt: skip


def _indicators(ids: Iterable[str] | None) -> list[Indicator]:
    if ids is None:
        return list(REGISTRY.values())
    unknown = [i for i in ids if i not in REGISTRY]
    if unknown:
        raise KeyError(f"No indicator has the id {unknown[0]!r}.")
    return [REGISTRY[i] for i in ids]


def gather_units(
    data: CaseData,
    *,
    as_at: dt.date,
    indicators: Iterable[str] | None = None,
    years: int = 3,
    periods: Mapping[str, list[Period]] | None = None,
) -> pl.DataFrame:
    """Every unit of every indicator and period, with indicator_id, period_start and period_end."""
    frames = []
    for ind in _indicators(indicators):
        for period in (periods or {}).get(ind.id) or periods_for(ind.period, as_at, years=years):
            units = ind.units(data, period.start, period.end)
            if "legal_status" not in units.columns:
                units = units.with_columns(legal_status=pl.lit(None, dtype=pl.String))
            frames.append(
                units.select(
                    pl.lit(ind.id).alias("indicator_id"),
                    pl.lit(period.start).alias("period_start"),
                    pl.lit(period.end).alias("period_end"),
                    "child_id",
                    "event_date",
                    "num",
                    "den",
                    "legal_status",
                )
            )
    if not frames:
        return pl.DataFrame(schema={**{k: OUTPUT_SCHEMA[k] for k in _KEYS}, "child_id": pl.String})
    return pl.concat(frames)


def enrich(
    data: CaseData,
    units: pl.DataFrame,
    team_areas: Mapping[str, str] | None = None,
    *,
    allocate: bool = True,
    describe: bool = True,
) -> pl.DataFrame:
    """Units with the authority, worker, team, service area and the child's characteristics (the
    worker and team left empty when `allocate` is false, for figures wanted by authority only)."""
    if allocate:  # each child and date once: many units share them (every unit of a date-based figure)
        keys = units.select("child_id", "event_date").unique()
        held = allocation_at_events(data["allocations"], keys, date_column="event_date")
        placed = units.join(held, on=["child_id", "event_date"], how="left", nulls_equal=True)
    else:
        placed = units.with_columns(worker_id=pl.lit(None, dtype=pl.String), team=pl.lit(None, dtype=pl.String))
    area = pl.col("team").replace_strict(dict(team_areas or {}), default=None, return_dtype=pl.String)
    if not describe:  # only organisation units are wanted: the authority's code, nothing about the child
        if not data.many_authorities:
            return placed.with_columns(la_code=pl.lit(data.la_code), service_area=area)
        codes = data.people.select("child_id", "la_code")
        joined_codes = placed.join(codes, on="child_id", how="left")
        return joined_codes.with_columns(pl.col("la_code").fill_null(data.la_code), service_area=area)
    joined = placed.join(data.people, on="child_id", how="left")
    age = age_on(pl.col("dob"), pl.col("event_date"))
    band = (
        pl.when(pl.col("dob").is_null() | (pl.col("dob") > pl.col("event_date"))).then(pl.lit("Unborn or not known"))
        .when(age < 1).then(pl.lit("Under 1"))
        .when(age < 5).then(pl.lit("1 to 4"))
        .when(age < 10).then(pl.lit("5 to 9"))
        .when(age < 16).then(pl.lit("10 to 15"))
    )  # fmt: skip
    ethnic = pl.col("ethnicity").fill_null("NOBT")
    group = (
        pl.when(ethnic == "REFU").then(pl.lit("Refused"))
        .when(ethnic == "NOBT").then(pl.lit("Not obtained"))
        .otherwise(ethnic.str.slice(0, 1).replace_strict(ETHNIC_GROUPS, default="Not obtained"))
    )  # fmt: skip
    return joined.with_columns(
        la_code=pl.col("la_code").fill_null(data.la_code),
        service_area=area,
        age_band=band.otherwise(pl.lit("16 and over")),
        sex=pl.col("sex").fill_null("U").replace_strict({"M": "Male", "F": "Female"}, default="Not known"),
        ethnicity=group,
        disability=pl.when(pl.col("disabled").fill_null(False))
        .then(pl.lit("Disabled"))
        .otherwise(pl.lit("Not disabled")),
        legal_status=pl.col("legal_status").fill_null("Not looked after"),
    )


def _meta() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "indicator_id": list(REGISTRY),
            "unit": [i.unit.value for i in REGISTRY.values()],
            "levels": [list(i.levels) for i in REGISTRY.values()],
            "breakdowns": [list(i.breakdowns) for i in REGISTRY.values()],
        }
    )


PER_WORKER_IDS = [i.id for i in REGISTRY.values() if i.unit == Unit.PER_WORKER]


def _sum(units: pl.DataFrame, level: str, column: str) -> pl.DataFrame:
    keys = [*_KEYS, "la_code", column]
    present = units.filter(pl.col(column).is_not_null())
    summed = present.group_by(keys).agg(numerator=pl.col("num").sum(), den_sum=pl.col("den").sum())
    # Workers are counted only where a figure is per worker (caseloads): n_unique is costly.
    per_worker = present.filter(pl.col("indicator_id").is_in(PER_WORKER_IDS))
    workers = per_worker.group_by(keys).agg(workers=pl.col("worker_id").n_unique())
    summed = summed.join(workers, on=keys, how="left", nulls_equal=True)
    if level == "authority":
        return summed.with_columns(level=pl.lit(level), org_unit=pl.col("la_code")).drop(column)
    return summed.with_columns(level=pl.lit(level), org_unit=pl.col(column).cast(pl.String)).drop(column)


def aggregate(
    units: pl.DataFrame,
    *,
    populations: Mapping[str, int] | None = None,
    levels: Iterable[str] = LEVELS,
    breakdowns: Iterable[str] = BREAKDOWNS,
    skeleton: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Add enriched units up into the long results frame (see OUTPUT_SCHEMA)."""
    columns = {"authority": "la_code", "service_area": "service_area", "team": "team", "worker": "worker_id"}
    parts = [_sum(units.with_columns(_authority=pl.col("la_code")), "authority", "_authority")]
    parts += [_sum(units, level, columns[level]) for level in levels if level != "authority"]
    parts += [_sum(units, name, name) for name in breakdowns]
    summed = pl.concat(parts)
    if skeleton is not None:  # every authority has a row for every indicator and period, even with nothing
        summed = pl.concat(
            [summed, skeleton.join(summed, on=[*_KEYS, "level", "org_unit"], how="anti")], how="diagonal"
        )
    population = pl.col("la_code").replace_strict(dict(populations or {}), default=None, return_dtype=pl.Float64)
    meta = _meta()
    joined = summed.join(meta, on="indicator_id", how="left").filter(
        pl.col("levels").list.contains(pl.col("level")) | pl.col("breakdowns").list.contains(pl.col("level"))
    )
    numerator = pl.col("numerator").fill_null(0.0)
    denominator = (
        pl.when(pl.col("unit") == Unit.COUNT.value).then(pl.lit(None, dtype=pl.Float64))
        .when(pl.col("unit") == Unit.RATE_PER_10K.value).then(population)
        .when(pl.col("unit") == Unit.PER_WORKER.value).then(pl.col("workers").fill_null(0).cast(pl.Float64))
        .otherwise(pl.col("den_sum").fill_null(0.0))
    )  # fmt: skip
    value = (
        pl.when(pl.col("unit") == Unit.COUNT.value).then(numerator)
        .when(pl.col("denominator").is_null() | (pl.col("denominator") == 0)).then(pl.lit(None, dtype=pl.Float64))
        .when(pl.col("unit") == Unit.PERCENT.value).then(100 * numerator / pl.col("denominator"))
        .when(pl.col("unit") == Unit.RATE_PER_10K.value).then(10_000 * numerator / pl.col("denominator"))
        .otherwise(numerator / pl.col("denominator"))
    )  # fmt: skip
    return (
        joined.with_columns(numerator=numerator, denominator=denominator)
        .with_columns(value=value)
        .select(list(OUTPUT_SCHEMA))
        .cast(OUTPUT_SCHEMA)  # type: ignore[arg-type]
        .sort("indicator_id", "period_end", "level", "org_unit")
    )


def compute(
    tables: CaseData | Mapping[str, pl.DataFrame],
    *,
    as_at: dt.date,
    la_code: str = "999",
    populations: Mapping[str, int] | None = None,
    team_areas: Mapping[str, str] | None = None,
    indicators: Iterable[str] | None = None,
    levels: Iterable[str] = LEVELS,
    breakdowns: Iterable[str] = BREAKDOWNS,
    years: int = 3,
) -> pl.DataFrame:
    """The library's figures for every period to `as_at`, by authority (its LA code), service area,
    team, worker and the breakdowns, as one long frame:
    indicator_id, period_start, period_end, level, org_unit, numerator, denominator, value.

    `tables` may hold many authorities when `children` has a `la_code` column; `populations` gives
    each authority's 0-17 population (rates per 10,000 are empty without it); `team_areas` maps team
    names to service area names.
    """
    data = tables if isinstance(tables, CaseData) else CaseData(tables, la_code=la_code)
    chosen = [i.id for i in _indicators(indicators)]
    levels, breakdowns = tuple(levels), tuple(breakdowns)
    allocate = any(level != "authority" for level in levels) or "caseload_per_worker" in chosen
    gathered = gather_units(data, as_at=as_at, indicators=chosen, years=years)
    units = enrich(data, gathered, team_areas, allocate=allocate, describe=bool(breakdowns))
    codes = data.people.select("la_code").unique().to_series().to_list() or [data.la_code]
    skeleton = pl.DataFrame(
        [
            (i, p.start, p.end, "authority", code, code)
            for i in chosen
            for p in periods_for(REGISTRY[i].period, as_at, years=years)
            for code in codes
        ],
        schema={
            **{k: OUTPUT_SCHEMA[k] for k in _KEYS},
            "level": pl.String,
            "org_unit": pl.String,
            "la_code": pl.String,
        },
        orient="row",
    )
    return aggregate(units, populations=populations, levels=levels, breakdowns=breakdowns, skeleton=skeleton)


def children_behind(
    tables: CaseData | Mapping[str, pl.DataFrame],
    *,
    indicator_id: str,
    period: Period,
    level: str = "authority",
    org_unit: str | None = None,
    la_code: str = "999",
    team_areas: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """The units behind one figure (one row per thing counted), with `counted` true for those in the
    numerator, and the child's worker, team, service area and characteristics."""
    data = tables if isinstance(tables, CaseData) else CaseData(tables, la_code=la_code)
    units = enrich(data, gather_units(data, as_at=period.end, indicators=[indicator_id],
                                      periods={indicator_id: [period]}), team_areas)  # fmt: skip
    column = {"authority": "la_code", "service_area": "service_area", "team": "team", "worker": "worker_id"}.get(
        level, level
    )
    if org_unit is not None:
        units = units.filter(pl.col(column) == org_unit)
    return units.with_columns(counted=pl.col("num") > 0).sort("event_date", "child_id")
