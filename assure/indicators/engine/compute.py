"""Computing the library: units per indicator and period, added up by organisation unit.

Framework-free and vectorised: every indicator's units for every period are gathered into one
frame, given the worker and team who held each child's case on the unit's date (an as-of join),
and summed with group-bys. The same enriched units list the children behind any figure.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import numpy as np
import polars as pl

from assure.indicators.engine import library  # noqa: F401 -- registers the indicators
from assure.indicators.engine.data import CaseData
from assure.indicators.engine.enrich import encoded, enrich
from assure.indicators.engine.periods import Period, periods_for
from assure.indicators.engine.registry import BREAKDOWNS, LEVELS, REGISTRY, UNITS_SCHEMA, Indicator, Unit

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


def _indicators(ids: Iterable[str] | None) -> list[Indicator]:
    if ids is None:
        return list(REGISTRY.values())
    unknown = [i for i in ids if i not in REGISTRY]
    if unknown:
        raise KeyError(f"No indicator has the id {unknown[0]!r}.")
    return [REGISTRY[i] for i in ids]


def _gathered(
    data: CaseData,
    *,
    as_at: dt.date,
    indicators: Iterable[str] | None = None,
    years: int = 3,
    periods: Mapping[str, list[Period]] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every unit of every indicator and period, numbered by `_slot`; and the slots: _slot,
    indicator_id, period_start, period_end (a number per unit is cheaper to carry than three keys)."""
    calls = [
        (ind, run)
        for ind in _indicators(indicators)
        for run in _split(ind, (periods or {}).get(ind.id) or periods_for(ind.period, as_at, years=years))
    ]
    frames: list[pl.DataFrame] = [pl.DataFrame(schema=_GATHERED)]
    slots: list[tuple[int, str, dt.date, dt.date]] = []
    numbers: list[np.ndarray] = []  # each frame's units' slots
    for (ind, run), frame in zip(calls, _counted(data, calls), strict=True):
        numbers.append(len(slots) + _period_of(frame, run, ind.id))
        frames.append(frame)
        slots.extend((len(slots), ind.id, period.start, period.end) for period in run)
    schema = {"_slot": pl.UInt32, **{k: OUTPUT_SCHEMA[k] for k in _KEYS}}
    numbered = pl.DataFrame(slots, schema=schema, orient="row")
    # The slot numbers are worked out with numpy: on an authority's data each query costs more to start
    # than to run, so no frame gets a query of its own for them.
    slot = pl.Series("_slot", np.concatenate([np.zeros(0, dtype=np.uint32), *numbers]), dtype=pl.UInt32)
    return pl.concat(frames, how="diagonal").insert_column(0, slot), numbered


COUNTING_THREADS = 2  # counters run side by side; see `_counted`


def _counted(data: CaseData, calls: list[tuple[Indicator, list[Period]]]) -> list[pl.DataFrame]:
    """Each call's units, in the calls' order, counted two at a time in threads (Polars lets go of the
    GIL while a query runs). On one authority's data a query costs more to start than to run and uses
    one core; at national scale many counters' queries still use one core for most of their time. Two
    at a time, the national benchmark runs about a quarter faster on 2 cores with the same peak memory
    (which comes later, in the roll-up); a region's time is the same either way."""

    def count(call: tuple[Indicator, list[Period]]) -> pl.DataFrame:
        ind, run = call
        return _typed(ind.counter(data, run[0].start, run[-1].end))

    threads = min(COUNTING_THREADS, os.cpu_count() or 1)
    if threads == 1 or len(calls) < 2:
        return [count(call) for call in calls]
    with ThreadPoolExecutor(threads, thread_name_prefix="indicators") as pool:
        return list(pool.map(count, calls))


def _split(ind: Indicator, periods: list[Period]) -> list[list[Period]]:
    """The periods as the indicator is counted: runs of adjoining ones when it is split by date,
    else one by one."""
    return _runs(periods) if ind.split_by_date else [[period] for period in periods]


def _runs(periods: list[Period]) -> list[list[Period]]:
    """The periods in runs of adjoining ones (each starting the day after the one before ends),
    which one call can count together."""
    runs: list[list[Period]] = []
    for period in periods:
        if runs and runs[-1][-1].end + dt.timedelta(days=1) == period.start:
            runs[-1].append(period)
        else:
            runs.append([period])
    return runs


def _period_of(units: pl.DataFrame, run: list[Period], indicator_id: str) -> np.ndarray:
    """For each unit's date, the number of the period in `run` it falls in (0 for a single period)."""
    if len(run) == 1:
        return np.zeros(units.height, dtype=np.uint32)
    days = units.get_column("event_date")
    first, last = days.min(), days.max()
    if days.null_count() or (days.len() and not (run[0].start <= first <= last <= run[-1].end)):  # type: ignore[operator]
        raise ValueError(f"{indicator_id} is split by date, but some of its units are dated outside the periods.")
    starts = np.array([period.start for period in run[1:]], dtype="datetime64[D]").astype(np.int32)
    return np.searchsorted(starts, days.to_physical().to_numpy(), side="right").astype(np.uint32)


_GATHERED = {**UNITS_SCHEMA, "legal_status": pl.String}


def _typed(units: pl.DataFrame) -> pl.DataFrame:
    """A counter's units with the UNITS_SCHEMA types (cast only when they differ: `units_frame`
    already gives them) and `legal_status` when it has one."""
    missing = [name for name in UNITS_SCHEMA if name not in units.columns]
    if missing:
        raise ValueError(f"An indicator's units lack the column(s) {', '.join(missing)}.")
    wanted = {name: dtype for name, dtype in _GATHERED.items() if name in units.columns}
    if dict(units.schema) != wanted:  # in any order: the concatenation matches columns by name
        units = units.select(pl.col(name).cast(dtype) for name, dtype in wanted.items())
    return units


def gather_units(
    data: CaseData,
    *,
    as_at: dt.date,
    indicators: Iterable[str] | None = None,
    years: int = 3,
    periods: Mapping[str, list[Period]] | None = None,
) -> pl.DataFrame:
    """Every unit of every indicator and period, with indicator_id, period_start and period_end."""
    units, slots = _gathered(data, as_at=as_at, indicators=indicators, years=years, periods=periods)
    named = units.join(slots, on="_slot", how="left", maintain_order="left")
    return named.select(*_KEYS, pl.exclude(*_KEYS, "_slot"))


def _meta() -> pl.DataFrame:
    """indicator_id, level, its place among the levels' names, unit and scale (see _SCALES) for each
    organisation level and breakdown an indicator is given by; made again when the register changes."""
    return _meta_of(tuple(REGISTRY))


@cache
def _meta_of(ids: tuple[str, ...]) -> pl.DataFrame:
    names = sorted({level for i in ids for level in (*REGISTRY[i].levels, *REGISTRY[i].breakdowns)})
    rows = [
        (i, level, names.index(level), REGISTRY[i].unit.value, _SCALES.get(REGISTRY[i].unit, 1.0))
        for i in ids
        for level in (*REGISTRY[i].levels, *REGISTRY[i].breakdowns)
    ]
    schema = {"indicator_id": pl.String, "level": pl.String, "_level_order": pl.UInt32, "unit": pl.String,
              "scale": pl.Float64}  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row")


def _weights(units: pl.DataFrame, column: str) -> np.ndarray:
    """A units column to add up with numpy, a missing value as 0 (as a group-by's sum takes it)."""
    return units.get_column(column).fill_null(0.0).to_numpy()


def _in_order(slots: pl.DataFrame) -> pl.DataFrame:
    """The slots with `_slot_order`: their place in order of indicator_id and period_end."""
    ids, ends = slots.get_column("indicator_id").to_list(), slots.get_column("period_end").to_list()
    place = sorted(range(slots.height), key=lambda row: (ids[row], ends[row]))
    order = np.empty(slots.height, dtype=np.uint32)
    order[place] = np.arange(slots.height, dtype=np.uint32)
    return slots.hstack([pl.Series("_slot_order", order, dtype=pl.UInt32)])


_SCALES = {Unit.PERCENT: 100.0, Unit.RATE_PER_10K: 10_000.0}  # value = scale × numerator ÷ denominator


PER_WORKER_IDS = [i.id for i in REGISTRY.values() if i.unit == Unit.PER_WORKER]
ORGANISATION = {"authority": "la_code", "service_area": "service_area", "team": "team", "worker": "worker_id"}


def _cube(units: pl.DataFrame, columns: Iterable[str]) -> pl.DataFrame:
    """Units added up by slot, authority and `columns` once; each level is then added up from this
    much smaller frame."""
    return units.group_by("_slot", "la_code", *columns).agg(num=pl.col("num").sum(), den=pl.col("den").sum())


def _sum(cube: pl.DataFrame, level: str, column: str, per_worker: pl.Series | None = None) -> pl.DataFrame:
    keys = ["_slot", "la_code"] if column == "la_code" else ["_slot", "la_code", column]
    present = cube.filter(pl.col(column).is_not_null())
    summed = present.group_by(keys).agg(numerator=pl.col("num").sum(), den_sum=pl.col("den").sum())
    if per_worker is not None:  # workers are counted only where a figure is per worker (caseloads)
        workers = present.filter(pl.col("_slot").is_in(per_worker.implode())).group_by(keys)
        summed = summed.join(workers.agg(workers=pl.col("worker_id").n_unique()), on=keys, how="left")
    return summed.select(
        "_slot",
        pl.col("la_code").cast(pl.String),
        pl.lit(level).alias("level"),
        pl.col(column).cast(pl.String).alias("org_unit"),
        "numerator",
        "den_sum",
        *(["workers"] if per_worker is not None else []),
    )


def aggregate(
    units: pl.DataFrame,
    slots: pl.DataFrame,
    *,
    populations: Mapping[str, int] | None = None,
    levels: Iterable[str] = LEVELS,
    breakdowns: Iterable[str] = BREAKDOWNS,
    authorities: Iterable[str] = (),
) -> pl.DataFrame:
    """Add encoded units (see `enrich.encoded`, numbered by `slots`) up into the long results frame
    (see OUTPUT_SCHEMA). Each of `authorities` gets a row for every slot, even with nothing counted."""
    levels, breakdowns, authorities = tuple(levels), tuple(breakdowns), tuple(authorities)
    pairs = zip(slots.get_column("_slot").to_list(), slots.get_column("indicator_id").to_list(), strict=True)
    caseloads = [slot for slot, indicator_id in pairs if indicator_id in PER_WORKER_IDS]  # a few hundred slots
    per_worker = pl.Series(caseloads, dtype=pl.UInt32) if caseloads else None  # workers only for caseloads
    if per_worker is None and all(level == "authority" for level in levels):
        parts = [_by_authority(units, slots.height, authorities)]
    else:
        organisation = _cube(units, ["worker_id", "team", "service_area"])
        every = pl.DataFrame({"la_code": authorities}, schema={"la_code": pl.String})
        skeleton = slots.select("_slot").join(every, how="cross")
        skeleton = skeleton.with_columns(level=pl.lit("authority"), org_unit=pl.col("la_code"))
        by_authority = _sum(organisation, "authority", "la_code", per_worker)
        parts = [skeleton.join(by_authority, on=["_slot", "la_code", "level", "org_unit"], how="full", coalesce=True)]
        parts += [
            _sum(organisation, level, ORGANISATION[level], per_worker) for level in levels if level != "authority"
        ]
    if breakdowns:
        described = _cube(units, breakdowns)
        parts += [_sum(described, name, name) for name in breakdowns]
    given = _in_order(slots).join(_meta(), on="indicator_id", how="inner")  # small, so joined before the units
    joined = pl.concat(parts, how="diagonal").join(given, on=["_slot", "level"], how="inner")
    population = pl.col("la_code").replace_strict(dict(populations or {}), default=None, return_dtype=pl.Float64)
    workers = pl.col("workers").fill_null(0).cast(pl.Float64) if per_worker is not None else pl.lit(0.0)
    unit = pl.col("unit")
    # A count has no denominator; a value is scale × numerator ÷ denominator, none when that is 0.
    denominator = (
        pl.when(unit == Unit.RATE_PER_10K.value).then(population)
        .when(unit == Unit.PER_WORKER.value).then(workers)
        .when(unit != Unit.COUNT.value).then(pl.col("den_sum").fill_null(0.0))
    )  # fmt: skip
    counted = joined.with_columns(numerator=pl.col("numerator").fill_null(0.0), denominator=denominator)
    num, den = pl.col("numerator"), pl.col("denominator")
    value = pl.when(unit == Unit.COUNT.value).then(num).when(den != 0).then(num * pl.col("scale") / den)
    # In order of indicator_id, period_end, level, org_unit and la_code (authorities' breakdowns), with
    # the first three as small numbers: sorting strings is most of the time at national scale.
    ordered = counted.sort("_slot_order", "_level_order", "org_unit", "la_code")
    columns = {name: pl.col(name) for name in OUTPUT_SCHEMA} | {"value": value}
    return ordered.select(expression.cast(OUTPUT_SCHEMA[name]).alias(name) for name, expression in columns.items())


def _by_authority(units: pl.DataFrame, slots: int, authorities: tuple[str, ...]) -> pl.DataFrame:
    """Units added up by slot and authority (with numpy: on an authority's data a group-by costs
    more to start than to run), with a row for each of `authorities` in every slot."""
    codes = units.get_column("la_code")
    assert isinstance(codes.dtype, pl.Enum)
    names = codes.dtype.categories.to_list()
    key = units.get_column("_slot").to_numpy().astype(np.int64) * len(names) + codes.to_physical().to_numpy()
    size = slots * len(names)
    # Each authority of the data has a row in every slot; another code (children the data does not
    # place) only where something was counted.
    keep = (np.bincount(key, minlength=size) > 0) | np.tile(np.isin(names, list(authorities)), slots)
    rows = np.flatnonzero(keep)
    code = pl.Series(names, dtype=pl.String).gather(rows % len(names))
    return pl.DataFrame(
        {
            "_slot": (rows // len(names)).astype(np.uint32),
            "la_code": code,
            "level": np.full(len(rows), "authority", dtype=object),
            "org_unit": code,
            "numerator": np.bincount(key, weights=_weights(units, "num"), minlength=size)[rows],
            "den_sum": np.bincount(key, weights=_weights(units, "den"), minlength=size)[rows],
        },
        schema={
            "_slot": pl.UInt32,
            "la_code": pl.String,
            "level": pl.String,
            "org_unit": pl.String,
            "numerator": pl.Float64,
            "den_sum": pl.Float64,
        },
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
    gathered, slots = _gathered(data, as_at=as_at, indicators=chosen, years=years)
    data.forget_derived()  # every indicator is counted: what follows needs only the children and allocations
    units = encoded(data, gathered, team_areas, allocate=allocate, describe=bool(breakdowns))
    authorities = data.authorities or [data.la_code]
    return aggregate(
        units, slots, populations=populations, levels=levels, breakdowns=breakdowns, authorities=authorities
    )


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
    column = ORGANISATION.get(level, level)
    if org_unit is not None:
        units = units.filter(pl.col(column) == org_unit)
    return units.with_columns(counted=pl.col("num") > 0).sort("event_date", "child_id")
