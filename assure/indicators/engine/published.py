"""DfE's published tables (EES "tidy" CSVs) and statistical-neighbour models, read into figures.

Framework-free. Each recognised file gives rows of `indicator_id, year_ending, level, code, name,
region_code, numerator, denominator, value` at national, regional and local authority level, so
an authority's own figures sit beside England's, its region's and its neighbours'. Suppressed or
not applicable cells (c, z, x, k, low) become nulls. `time_period` 2025 is the year ending 31 March
2025; the ONS mid-year estimate for 2024 is the population behind rates for that year.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

POPULATION = "population_0_17"
LEVELS = {"National": "national", "Regional": "regional", "Local authority": "la"}
FIGURE_SCHEMA = {
    "indicator_id": pl.String,
    "year_ending": pl.Date,
    "level": pl.String,
    "code": pl.String,
    "name": pl.String,
    "region_code": pl.String,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "value": pl.Float64,
}


class UnrecognisedFile(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    """Rows of a table for one indicator: where the numerator (and denominator) come from."""

    indicator_id: str
    numerator: str
    denominator: str | None = None
    value: str | None = None
    where: tuple[tuple[str, str], ...] = ()  # rows for the numerator
    denominator_where: tuple[tuple[str, str], ...] | None = None  # other rows for the denominator
    number: str | None = None  # the column holding the figure when rows differ by `where`


def _rules() -> dict[str, list[Rule]]:
    cla = "population_type"
    stab = (("cla_group", "CLA on 31 March"),)
    long_term = (
        ("cla_group", "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"),
    )
    return {
        "At31_episodes": [Rule("cin_rate_per_10k", "At31_episodes")],
        "rereferral_count": [
            Rule("referrals_rereferral_12m", "rereferral_count", "referral_count", "rereferral_percent")
        ],
        "CPP_subsequent": [Rule("cp_repeat_plan", "CPP_subsequent", "CPP_start", "CPP_subsequent_percent")],
        "2_years_or_more": [
            Rule("cp_open_2yrs_plus", "2_years_or_more", "CPP_At31", "2_years_or_more_percent"),
            Rule("cp_rate_per_10k", "CPP_At31"),
        ],
        "rate_per_10000": [
            Rule("cla_rate_per_10k", "children_count", "population_estimate", "rate_per_10000",
                 where=((cla, "Children looked after on 31 March each year"),)),
            Rule("cla_count_31mar", "children_count", where=((cla, "Children looked after on 31 March each year"),)),
            Rule("cla_started", "children_count", where=((cla, "Children starting to be looked after each year"),)),
            Rule("cla_ceased", "children_count", where=((cla, "Children ceasing to be looked after each year"),)),
        ],
        "placement_stability": [
            Rule("cla_3plus_placements", "", number="children_count",
                 where=(*stab, ("placement_stability", "With 3 or more placements during the year")),
                 denominator_where=(*stab, ("placement_stability", "Total children"))),
            Rule("cla_long_term_stability", "", number="children_count",
                 where=(*long_term, ("placement_stability", "Living with the same carer for at least 2 years")),
                 denominator_where=(*long_term, ("placement_stability", "Total children"))),
        ],
        "care_leaver_count": [
            Rule(f"care_leavers_{kind}_{band}", "", number="care_leaver_count",
                 where=(("care_leaver_age", age), ("breakdown", top)),
                 denominator_where=(("care_leaver_age", age), ("breakdown", total)))
            for band, age in (("17_18", "17 to 18 years"), ("19_21", "19 to 21 years"))
            for kind, top, total in (
                ("eet", "Total in education, employment or training", "Total"),
                ("suitable_accom", "Accommodation considered suitable", "Suitability total"),
            )
        ],
        "CLA_group": [
            Rule("cla_missing", "", number="number",
                 where=(("CLA_group", "Children who had a missing incident during the year"),),
                 denominator_where=(("CLA_group", "Children looked after during the year"),)),
        ],
        "age_group": [Rule(POPULATION, "population_estimate")],
    }  # fmt: skip


def _number(column: str) -> pl.Expr:
    text = pl.col(column).cast(pl.String).str.strip_chars().str.replace_all(",", "")
    return text.cast(pl.Float64, strict=False)


def _matches(where: tuple[tuple[str, str], ...]) -> pl.Expr:
    expr = pl.lit(True)
    for column, value in where:
        expr = expr & (pl.col(column).str.strip_chars() == value)
    return expr


def _geography(frame: pl.DataFrame) -> pl.DataFrame:
    la = pl.col("old_la_code") if "old_la_code" in frame.columns else pl.lit(None)
    region = pl.col("region_code") if "region_code" in frame.columns else pl.lit(None)
    name = (
        pl.when(pl.col("level") == "la")
        .then(pl.col("la_name") if "la_name" in frame.columns else pl.lit(None))
        .when(pl.col("level") == "regional")
        .then(pl.col("region_name") if "region_name" in frame.columns else pl.lit(None))
        .otherwise(pl.col("country_name"))
    )
    return frame.with_columns(
        level=pl.col("geographic_level").replace_strict(LEVELS, default=None),
    ).with_columns(
        code=pl.when(pl.col("level") == "la").then(la).when(pl.col("level") == "regional").then(region)
        .otherwise(pl.col("country_code")).cast(pl.String),
        name=name.cast(pl.String),
        region_code=pl.when(region.cast(pl.String).str.strip_chars() != "").then(region.cast(pl.String)),
        year_ending=pl.date(pl.col("time_period").cast(pl.String).str.slice(0, 4).cast(pl.Int32), 3, 31),
    ).filter(pl.col("level").is_not_null())  # fmt: skip


def _apply(frame: pl.DataFrame, rule: Rule) -> pl.DataFrame:
    keys = ["year_ending", "level", "code", "name", "region_code"]
    if rule.number:
        top = frame.filter(_matches(rule.where)).select(*keys, numerator=_number(rule.number))
        bottom = frame.filter(_matches(rule.denominator_where or ())).select(*keys, denominator=_number(rule.number))
        joined = top.join(bottom, on=keys, how="left", nulls_equal=True)
        value = 100 * pl.col("numerator") / pl.col("denominator")
        return joined.with_columns(value=pl.when(pl.col("denominator") > 0).then(value))
    chosen = frame.filter(_matches(rule.where))
    numerator = _number(rule.numerator)
    denominator = _number(rule.denominator) if rule.denominator else pl.lit(None, dtype=pl.Float64)
    count = rule.denominator is None and not rule.indicator_id.endswith("_per_10k")
    value = _number(rule.value) if rule.value else (numerator if count else pl.lit(None))
    return chosen.select(*keys, numerator=numerator, denominator=denominator, value=value.cast(pl.Float64))


def read_table(name: str, content: bytes) -> pl.DataFrame:
    """The figures in one EES tidy CSV (plain or gzipped); raises UnrecognisedFile if it is not one."""
    if content[:2] == b"\x1f\x8b":
        content = gzip.decompress(content)
    try:
        frame = pl.read_csv(io.BytesIO(content), infer_schema_length=0, encoding="utf8-lossy")
    except pl.exceptions.PolarsError as error:
        raise UnrecognisedFile(f"{name}: not a readable CSV file ({error}).") from None
    frame = frame.rename({c: c.lstrip("\ufeff").strip() for c in frame.columns})
    needed = {"time_period", "geographic_level"}
    if not needed <= set(frame.columns):
        raise UnrecognisedFile(f"{name}: not an EES tidy file (it has no {', '.join(sorted(needed))} columns).")
    marker = next((column for column in _rules() if column in frame.columns), None)
    if marker is None:
        raise UnrecognisedFile(f"{name}: none of its columns match a table Assure knows (see docs/indicators.md).")
    located = _geography(frame)
    parts = [_apply(located, rule).with_columns(indicator_id=pl.lit(rule.indicator_id)) for rule in _rules()[marker]]
    return pl.concat(parts, how="diagonal_relaxed").select(list(FIGURE_SCHEMA)).cast(FIGURE_SCHEMA)  # type: ignore[arg-type]


def with_rates(figures: pl.DataFrame, populations: pl.DataFrame | None = None) -> pl.DataFrame:
    """Fill in rates per 10,000 that a table gives only as a number, from the 0-17 population of
    the mid-year before (ONS), taken from `figures` itself or from `populations`."""
    pops = pl.concat([figures, populations], how="diagonal_relaxed") if populations is not None else figures
    pop = (
        pops.filter(pl.col("indicator_id") == POPULATION)
        .select(
            pl.col("year_ending").dt.offset_by("1y").alias("year_ending"),
            "level",
            "code",
            population=pl.col("numerator"),
        )
        .unique(["year_ending", "level", "code"])
    )
    needs = pl.col("indicator_id").str.ends_with("_per_10k") & pl.col("value").is_null()
    joined = figures.join(pop, on=["year_ending", "level", "code"], how="left", nulls_equal=True)
    return joined.with_columns(
        denominator=pl.when(needs).then(pl.col("population")).otherwise(pl.col("denominator")),
        value=pl.when(needs & (pl.col("population") > 0))
        .then(10_000 * pl.col("numerator") / pl.col("population"))
        .otherwise(pl.col("value")),
    ).select(list(FIGURE_SCHEMA))


@dataclass(frozen=True)
class Neighbour:
    model: str
    la_code: str
    neighbour_code: str
    rank: int
    closeness: str


def read_neighbours(name: str, content: bytes) -> list[Neighbour]:
    """The statistical neighbours in DfE's 2021 grouping file or the 2025 model (ten per authority)."""
    text = content.decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise UnrecognisedFile(f"{name}: the file is empty.")
    header = [h.strip() for h in rows[0]]
    if "SN_1" in header:
        model, code_at, firsts = "2025", header.index("old_la_code"), [header.index(f"SN_{i}") for i in range(1, 11)]
    elif "SN1" in header:
        model, code_at, firsts = "2021", header.index("LA number"), [header.index(f"SN{i}") for i in range(1, 11)]
    else:
        raise UnrecognisedFile(f"{name}: not a statistical neighbour file (no SN_1 or SN1 column).")
    found = []
    for line, row in enumerate(rows[1:], start=2):
        if not row or not row[code_at].strip():
            continue
        for rank, at in enumerate(firsts, start=1):
            neighbour = row[at].strip() if at < len(row) else ""
            if not neighbour.isdigit():
                raise UnrecognisedFile(f"{name}, row {line}, column {header[at]}: {neighbour!r} is not an LA code.")
            closeness = row[at + 1].strip() if at + 1 < len(row) else ""
            found.append(Neighbour(model, row[code_at].strip(), neighbour, rank, closeness))
    return found


def read_any(path: Path) -> tuple[str, pl.DataFrame | list[Neighbour]]:
    """("figures", frame) or ("neighbours", list) for a file, whichever it is."""
    content = path.read_bytes()
    head = (gzip.decompress(content) if content[:2] == b"\x1f\x8b" else content)[:400].decode("utf-8", "replace")
    if "SN_1" in head or ",SN1," in head:
        return "neighbours", read_neighbours(path.name, content)
    return "figures", read_table(path.name, content)


def year_of(day: dt.date) -> dt.date:
    """The 31 March of the reporting year a date falls in (the year published figures are for)."""
    return dt.date(day.year + (1 if day.month > 3 else 0), 3, 31)
