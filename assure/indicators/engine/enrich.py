"""Who and what each unit is about: the authority, the worker and team who held the child's case on
the unit's date, the service area, and the child's characteristics.

Framework-free and vectorised. Children are numbered once per calculation, so each unit needs one
lookup by child id; everything after it is arithmetic on integers: an as-of join on a packed
(child, day) key for the allocation, and a gather by number for the child's characteristics, which
are labelled once per child rather than once per unit. Labels are enums, so the
roll-up groups small integers rather than text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

import polars as pl

from assure.casedata.allocation import allocation_rows, allocation_spans
from assure.indicators.engine.data import CaseData, date_key

AGE_BANDS = pl.Enum(["Unborn or not known", "Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"])
SEXES = pl.Enum(["Male", "Female", "Not known"])
ETHNIC_GROUPS = {"W": "White", "M": "Mixed", "A": "Asian or Asian British", "B": "Black or Black British",
                 "C": "Other ethnic group", "O": "Other ethnic group"}  # fmt: skip
ETHNICITIES = pl.Enum(["White", "Mixed", "Asian or Asian British", "Black or Black British", "Other ethnic group",
                       "Refused", "Not obtained"])  # fmt: skip
DISABILITIES = pl.Enum(["Disabled", "Not disabled"])
NOT_LOOKED_AFTER = "Not looked after"
LABELS = ("la_code", "worker_id", "team", "service_area", "age_band", "sex", "ethnicity", "disability", "legal_status")


def _codes(values: pl.Series) -> pl.Enum:
    return pl.Enum(values.drop_nulls().unique().sort())


def _known(data: CaseData, describe: bool) -> pl.DataFrame:
    """One row per child, in the order children are numbered: `data.people` when the characteristics
    are wanted, else just each child's authority (no look-up of disabilities)."""
    return data.people if describe else data.child_authorities


def _profiles(data: CaseData, *, describe: bool = True) -> pl.DataFrame:
    """One row per child of `_known`, in its order, then a row for a child not known there: the
    authority and (when `describe`) the characteristics' labels (a missing value gets the 'not
    known' label)."""
    people = _known(data, describe)
    unknown = pl.DataFrame({"child_id": [None], "la_code": [data.la_code]}, schema_overrides={"child_id": pl.String})
    everyone = pl.concat([people, unknown], how="diagonal_relaxed")
    authority = pl.col("la_code").fill_null(data.la_code).cast(_codes(everyone["la_code"].fill_null(data.la_code)))
    if not describe:
        return everyone.select(authority)
    ethnic = pl.col("ethnicity").fill_null("NOBT")
    group = (
        pl.when(ethnic == "REFU").then(pl.lit("Refused"))
        .when(ethnic == "NOBT").then(pl.lit("Not obtained"))
        .otherwise(ethnic.str.slice(0, 1).replace_strict(ETHNIC_GROUPS, default="Not obtained"))
    )  # fmt: skip
    disabled = pl.when(pl.col("disabled").fill_null(False)).then(pl.lit("Disabled")).otherwise(pl.lit("Not disabled"))
    sex = pl.col("sex").fill_null("U").replace_strict({"M": "Male", "F": "Female"}, default="Not known")
    return everyone.select(
        authority,
        "dob",
        date_key(pl.col("dob")).alias("dob_key"),
        sex.cast(SEXES),
        group.cast(ETHNICITIES).alias("ethnicity"),
        disabled.cast(DISABILITIES).alias("disability"),
    )


def _day_keys(days: pl.Series) -> pl.Series:
    """`date_key` of each date, worked out once for each day between the first and the last."""
    first, last = days.min(), days.max()
    if not isinstance(first, dt.date) or not isinstance(last, dt.date):
        return pl.Series([None] * len(days), dtype=pl.Int32)
    calendar = pl.Series("day", pl.date_range(first, last, eager=True)).to_frame().select(date_key(pl.col("day")))
    return calendar.to_series().gather(days.cast(pl.Int32) - days.cast(pl.Int32).min())


def _age_band(known: pl.DataFrame, days: pl.Series) -> pl.Series:
    """The age band on the unit's date: completed years from the two dates' yyyymmdd keys, as
    `age_on` counts them. Worked out as the band's number, which becomes the enum without text."""
    dob, day = pl.col("dob"), pl.col("day")
    age = (pl.col("day_key") - pl.col("dob_key")) // 10_000
    band = (
        pl.when(dob.is_null() | (dob > day)).then(0)  # unborn or not known
        .when(age < 1).then(1)
        .when(age < 5).then(2)
        .when(age < 10).then(3)
        .when(age < 16).then(4)
        .otherwise(5)
    )  # fmt: skip
    frame = pl.DataFrame({"dob": known["dob"], "dob_key": known["dob_key"], "day": days, "day_key": _day_keys(days)})
    return frame.select(band.cast(pl.UInt32).cat.to(AGE_BANDS).alias("age_band")).to_series()


def _numbers(data: CaseData, allocate: bool, describe: bool) -> tuple[pl.DataFrame, pl.Series]:
    """Children numbered in `_known` order, then any allocated child not there; and the number of
    each allocation's child."""
    numbers = _known(data, describe).select("child_id").with_row_index("_child")
    if not allocate:
        return numbers, pl.Series([], dtype=pl.UInt32)
    allocations = data["allocations"].select("child_id")
    child = allocations.join(numbers, on="child_id", how="left", maintain_order="left")["_child"]
    if child.null_count():
        extra = allocations.filter(child.is_null()).unique(maintain_order=True)
        numbers = pl.concat([numbers, extra.with_row_index("_child", offset=numbers.height)])
        child = allocations.join(numbers, on="child_id", how="left", maintain_order="left")["_child"]
    return numbers, child


def _allocated(data: CaseData, units: pl.DataFrame, allocated: pl.Series, child: pl.Series) -> pl.DataFrame:
    """worker_id and team (enums) for each unit, in the units' order."""
    allocations = data["allocations"]
    workers, teams = _codes(allocations["worker_id"]), _codes(allocations["team"])
    # Enums before the cut: a span's worker and team are then small integers to gather, not text.
    allocations = allocations.with_columns(pl.col("worker_id").cast(workers), pl.col("team").cast(teams))
    spans = allocation_spans(allocations, allocated)
    rows = allocation_rows(spans, child, units["event_date"])
    return spans.select(pl.col("worker_id", "team").gather(rows))


def _service_areas(team: pl.Series, team_areas: Mapping[str, str] | None) -> pl.Series:
    """Each unit's service area, looked up once per team (teams are an enum, empty when nobody is allocated)."""
    assert isinstance(team.dtype, pl.Enum)
    names = team.dtype.categories
    areas = names.replace_strict(dict(team_areas or {}), default=None, return_dtype=pl.String)
    return areas.cast(_codes(areas)).gather(team.to_physical()).alias("service_area")


def encoded(
    data: CaseData,
    units: pl.DataFrame,
    team_areas: Mapping[str, str] | None = None,
    *,
    allocate: bool = True,
    describe: bool = True,
) -> pl.DataFrame:
    """`units` (in their order) with the LABELS columns as enums; without the
    child's characteristics when `describe` is false, and with no worker or team when `allocate` is."""
    if not (allocate or describe) and data.authorities in ([], [data.la_code]):
        # One authority's figures, by authority only: every unit is the authority's.
        authority = pl.Enum([data.la_code])
        empty = pl.lit(None, dtype=pl.Enum([]))
        return units.with_columns(
            la_code=pl.lit(data.la_code, dtype=authority), worker_id=empty, team=empty, service_area=empty
        )
    numbers, allocated = _numbers(data, allocate, describe)
    child = units.select("child_id").join(numbers, on="child_id", how="left", maintain_order="left")["_child"]
    people = _known(data, describe).height
    row = child.fill_null(people).clip(upper_bound=people)  # numbered after the people: not known
    with ThreadPoolExecutor(1, thread_name_prefix="allocation") as pool:
        # The allocation look-up is mostly numpy and Polars, which let go of the GIL: it runs beside
        # the characteristics' (at national scale each takes seconds).
        allocation = pool.submit(_allocated, data, units, allocated, child) if allocate else None
        known = _profiles(data, describe=describe).select(pl.all().gather(row))
        age_band = _age_band(known, units["event_date"]) if describe else None
        if allocation is not None:
            held = allocation.result()
            area = _service_areas(held["team"], team_areas)
        else:
            nobody = pl.Series([None] * units.height, dtype=pl.Enum([]))
            held = pl.DataFrame({"worker_id": nobody, "team": nobody})
            area = nobody.alias("service_area")
    out = units.with_columns(known["la_code"], *held.get_columns(), area)
    if age_band is None:
        return out
    statuses = pl.Enum(sorted({*units["legal_status"].drop_nulls().unique(), NOT_LOOKED_AFTER}))
    return out.with_columns(
        age_band=age_band,
        sex=known["sex"],
        ethnicity=known["ethnicity"],
        disability=known["disability"],
        legal_status=pl.col("legal_status").cast(statuses).fill_null(pl.lit(NOT_LOOKED_AFTER, dtype=statuses)),
    )


def enrich(
    data: CaseData,
    units: pl.DataFrame,
    team_areas: Mapping[str, str] | None = None,
    *,
    allocate: bool = True,
    describe: bool = True,
) -> pl.DataFrame:
    """Units with the authority, worker, team, service area and the child's characteristics as text
    (the worker and team left empty when `allocate` is false, for figures wanted by authority only)."""
    labelled = encoded(data, units, team_areas, allocate=allocate, describe=describe)
    return labelled.with_columns(pl.col(name).cast(pl.String) for name in LABELS if name in labelled.columns)
