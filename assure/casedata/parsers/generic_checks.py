"""Checks on a generic-layout table, and its conversion to the canonical table.

Framework-free and vectorised: each check is a Polars filter over the whole table (text columns named as
our columns, with `_file` and `_row`); only the rows that fail become `Finding`s.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from assure.casedata.findings import Severity
from assure.casedata.parsers.common import ROW, Findings
from assure.casedata.parsers.generic_spec import Layout
from assure.casedata.schema import KEYS, conform

_DMY = r"^\d{1,2}/\d{1,2}/\d{4}$"
_ISO = r"^\d{4}-\d{1,2}-\d{1,2}$"
_YES = ("y", "yes", "1", "1.0", "true")
_NO = ("n", "no", "0", "0.0", "false")
_FLAGS = {**dict.fromkeys(_YES, True), **dict.fromkeys(_NO, False)}


def date_expr(column: str) -> pl.Expr:
    """DD/MM/YYYY or YYYY-MM-DD text as dates: null when blank, in neither form, or not a real date."""
    text = pl.col(column)
    return (
        pl.when(text.str.contains(_DMY))
        .then(text.str.to_date("%d/%m/%Y", strict=False))
        .when(text.str.contains(_ISO))
        .then(text.str.to_date("%Y-%m-%d", strict=False))
        .alias(column)
    )


def flag_expr(column: str) -> pl.Expr:
    """Y/N, Yes/No, 1/0, True/False (any case) as booleans; null when blank or anything else."""
    lower = pl.col(column).str.to_lowercase()
    return lower.replace_strict(_FLAGS, default=None, return_dtype=pl.Boolean).alias(column)


def check_table(layout: Layout, frame: pl.DataFrame, out: Findings) -> None:
    """Add to `out` what is wrong with the rows of `frame`, a table in `layout`."""
    for column in layout.columns:
        if column.name not in frame.columns:
            continue
        if column.required:
            message = f"is blank: every row needs a {column.name}."
            _report(out, frame, pl.col(column.name).is_null(), field=column.name, code="value-missing", message=message)
        if column.kind == "date":
            _check_date(frame, column.name, out)
        elif column.kind == "flag":
            known = pl.col(column.name).is_null() | flag_expr(column.name).is_not_null()
            message = "is not yes or no (Y, N, Yes, No, 1, 0, True, False), so it is imported as blank."
            field = column.name
            _report(out, frame, ~known, field=field, code="value-invalid", message=message, severity=Severity.WARNING)
    for start, end in layout.periods:
        if start in frame.columns and end in frame.columns:
            order = pl.format(f"is before {start} {{}}.", pl.col(start))
            _report(out, frame, date_expr(end) < date_expr(start), field=end, code="date-order", message=order)
    _check_duplicates(layout, frame, out)


def _check_date(frame: pl.DataFrame, column: str, out: Findings) -> None:
    text = pl.col(column)
    bad = text.is_not_null() & date_expr(column).is_null()
    message = (
        pl.when(text.str.contains(_DMY) | text.str.contains(_ISO))
        .then(pl.lit("is not a real date."))
        .otherwise(pl.lit("is not a date in the form DD/MM/YYYY or YYYY-MM-DD."))
    )
    _report(out, frame, bad, field=column, code="date-invalid", message=message)


def _check_duplicates(layout: Layout, frame: pl.DataFrame, out: Findings) -> None:
    """The same natural key twice; dates compare as dates, so 03/02/2025 and 2025-02-03 are the same."""
    key = [column for column in KEYS[layout.table] if column in frame.columns]
    same = [
        (date_expr(column) if layout.column(column).kind == "date" else pl.col(column)).alias(f"_key_{column}")
        for column in key
    ]
    keyed = frame.filter(pl.col("child_id").is_not_null()).with_columns(same)
    keyed = keyed.with_columns(pl.col(ROW).first().over([f"_key_{column}" for column in key]).alias("_first"))
    message = pl.format(f"is the same {', '.join(key)} as row {{}}: each record must appear once.", "_first")
    repeated = pl.col(ROW) != pl.col("_first")
    _report(out, keyed, repeated, field=key[min(1, len(key) - 1)], code="record-duplicate", message=message)


def _report(out: Findings, frame: pl.DataFrame, mask: pl.Expr, **how: Any) -> None:
    out.report(frame, mask, child="child_id", **how)


def convert(layout: Layout, frame: pl.DataFrame) -> pl.DataFrame:
    """The canonical table: dates and flags converted (bad values become blank)."""
    conversions = []
    for column in layout.columns:
        if column.name not in frame.columns:
            continue
        if column.kind == "date":
            conversions.append(date_expr(column.name))
        elif column.kind == "flag":
            conversions.append(flag_expr(column.name))
    return conform(layout.table, frame.with_columns(conversions))
