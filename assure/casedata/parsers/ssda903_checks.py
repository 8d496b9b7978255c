"""Structural checks on the 903 text tables, before they become canonical tables.

Framework-free and vectorised: each check is a Polars filter over a whole table; only the (few) rows
that fail become `Finding`s. Codes (the `code` of each finding):

- `value-missing`: a row without its child id (CHILD) or its key date (DECOM, REVIEW, MIS_START…)
- `date-invalid`: not DD/MM/YYYY, or not a real date (31/02/2025)
- `code-unknown`: a value not in the DfE code list (ETHNIC, RNE, LS, CIN, PLACE, PLACE_PROVIDER, REC,
  REVIEW_CODE, MISSING, SEX); `sex-old-code` (a warning): SEX 1 or 2, the codes used up to 2023/24
- `value-invalid` (a warning): a 0/1 field or a whole number that is neither; it is imported as blank
- `date-order`: an end before its start (DEC before DECOM, MIS_END before MIS_START…)
- `child-duplicate`: a child twice in the Header; `child-orphan`: a row for a child not in the Header;
  `header-missing`: no Header table although other tables were given
- `episode-overlap`: an episode that ends after the child's next episode starts, or is still open
"""

from __future__ import annotations

from typing import Any

import polars as pl

from assure.casedata import codes
from assure.casedata.findings import Finding, Severity
from assure.casedata.parsers.common import FILE, ROW, Findings, bad_date, bad_date_message, date_expr
from assure.casedata.parsers.ssda903_spec import CODE_LISTS, DATES, FLAGS, PERIODS, REQUIRED, WHOLE

Frames = dict[str, pl.DataFrame]


def check_tables(raw: Frames, out: Findings) -> None:
    """Add to `out` what is wrong with the 903 tables in `raw` (text tables with `_file` and `_row`)."""
    for table, frame in raw.items():
        _check_required(table, frame, out)
        _check_values(frame, out)
        _check_period(table, frame, out)
    header = raw.get("Header")
    if header is None:
        if any(not frame.is_empty() for frame in raw.values()):
            given = ", ".join(sorted(raw))
            message = f"There is no Header table (CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB); given: {given}."
            out.add(Finding("", None, "", "", message, "header-missing"))
    else:
        _check_sex(header, out)
        _check_duplicates(header, out)
        for table, frame in raw.items():
            if table != "Header":
                _check_orphans(table, frame, header, out)
    if "Episodes" in raw:
        _check_overlaps(raw["Episodes"], out)


def _report(out: Findings, frame: pl.DataFrame, mask: pl.Expr, **how: Any) -> None:
    out.report(frame, mask, child="CHILD", **how)


def _check_required(table: str, frame: pl.DataFrame, out: Findings) -> None:
    for column in ("CHILD", *REQUIRED.get(table, ())):
        if column in frame.columns:
            message = f"is blank: every {table} row needs a {column}."
            _report(out, frame, pl.col(column).is_null(), field=column, code="value-missing", message=message)


def _check_values(frame: pl.DataFrame, out: Findings) -> None:
    for column in frame.columns:
        if column in DATES:
            _report(out, frame, bad_date(column), field=column, code="date-invalid", message=bad_date_message(column))
        elif column in CODE_LISTS:
            allowed = sorted(CODE_LISTS[column])
            known = pl.col(column).is_null() | pl.col(column).is_in(allowed)
            message = f"is not a known {column} code; expected one of {', '.join(allowed)}."
            _report(out, frame, ~known, field=column, code="code-unknown", message=message)
        elif column in FLAGS:
            known = pl.col(column).is_null() | pl.col(column).is_in(["0", "1", "0.0", "1.0"])
            message = "is not 0 or 1, so it is imported as blank."
            _report(out, frame, ~known, field=column, code="value-invalid", message=message, severity=Severity.WARNING)
        elif column in WHOLE:
            known = pl.col(column).is_null() | pl.col(column).str.contains(r"^\d+$")
            message = "is not a whole number, so it is imported as blank."
            _report(out, frame, ~known, field=column, code="value-invalid", message=message, severity=Severity.WARNING)


def _check_period(table: str, frame: pl.DataFrame, out: Findings) -> None:
    if table not in PERIODS:
        return
    start, end = PERIODS[table]
    message = pl.format(f"is before {start} {{}}.", pl.col(start))
    _report(out, frame, date_expr(end) < date_expr(start), field=end, code="date-order", message=message)


def _check_sex(header: pl.DataFrame, out: Findings) -> None:
    old = pl.col("SEX").is_in(list(codes.SEX_OLD))
    message = pl.format(
        "uses the pre-2024/25 code; from 2024/25 SEX is M, F or U. It is imported as {}.",
        pl.col("SEX").replace(codes.SEX_OLD),
    )
    _report(out, header, old, field="SEX", code="sex-old-code", message=message, severity=Severity.WARNING)
    known = pl.col("SEX").is_null() | pl.col("SEX").is_in(sorted(codes.SEX)) | old
    message_unknown = "is not a SEX code: expected M, F or U (or 1 or 2 before 2024/25)."
    _report(out, header, ~known, field="SEX", code="code-unknown", message=message_unknown)


def _check_duplicates(header: pl.DataFrame, out: Findings) -> None:
    child = pl.col("CHILD")
    first = header.filter(child.is_not_null()).with_columns(
        pl.col(ROW).first().over("CHILD").alias("_first"), pl.col(FILE).first().over("CHILD").alias("_first_file")
    )
    message = pl.format("is already in the Header ({} row {}): each child must appear once.", "_first_file", "_first")
    repeated = ~child.is_first_distinct()
    _report(out, first, repeated, field="CHILD", code="child-duplicate", message=message)


def _check_orphans(table: str, frame: pl.DataFrame, header: pl.DataFrame, out: Findings) -> None:
    if "CHILD" not in frame.columns or frame.is_empty():
        return
    known = header.select(pl.col("CHILD").drop_nulls().unique())
    orphans = frame.filter(pl.col("CHILD").is_not_null()).join(known, on="CHILD", how="anti")
    message = f"is not a child in the Header, so this {table} row belongs to no one."
    _report(out, orphans, pl.lit(True), field="CHILD", code="child-orphan", message=message)


def _check_overlaps(episodes: pl.DataFrame, out: Findings) -> None:
    """An episode must end on or before the day the child's next episode starts (X1 ends the same day)."""
    ordered = (
        episodes.with_columns(date_expr("DECOM").alias("_start"), date_expr("DEC").alias("_end"))
        .filter(pl.col("CHILD").is_not_null() & pl.col("_start").is_not_null())
        .sort("CHILD", "_start", ROW)
        .with_columns(
            pl.col("_start").shift(-1).over("CHILD").alias("_next"),
            pl.col(ROW).shift(-1).over("CHILD").alias("_next_row"),
        )
    )
    next_start = pl.col("_next").dt.strftime("%d/%m/%Y")
    overlaps = pl.col("_next").is_not_null() & (
        pl.col("_end").is_null() | (pl.col("_end") > pl.col("_next")) | (pl.col("_next") == pl.col("_start"))
    )
    message = (
        pl.when(pl.col("_next") == pl.col("_start"))
        .then(pl.format("the child has another episode starting the same day, {} (row {}).", next_start, "_next_row"))
        .when(pl.col("_end").is_null())
        .then(
            pl.format(
                "is blank (still open) but the child's next episode starts on {} (row {}).", next_start, "_next_row"
            )
        )
        .otherwise(pl.format("is after the start of the child's next episode, {} (row {}).", next_start, "_next_row"))
    )
    _report(out, ordered, overlaps, field="DEC", code="episode-overlap", message=message)
