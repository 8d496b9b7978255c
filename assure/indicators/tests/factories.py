"""Hand-made canonical tables for indicator tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from assure.casedata.schema import SCHEMA, conform
from assure.indicators.engine import REGISTRY, CaseData, Period


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def tables(**rows: list[dict[str, Any]]) -> CaseData:
    """CaseData from rows given per table (dates as ISO text); other tables are empty."""
    frames = {}
    for name, records in rows.items():
        dates = [c for c, t in SCHEMA[name].items() if t == pl.Date]
        fixed = [{k: (d(v) if k in dates and isinstance(v, str) else v) for k, v in r.items()} for r in records]
        frames[name] = conform(name, pl.DataFrame(fixed, infer_schema_length=None))
    return CaseData(frames)


def units(indicator_id: str, data: CaseData, start: str, end: str) -> pl.DataFrame:
    return REGISTRY[indicator_id].units(data, d(start), d(end))


def counted(indicator_id: str, data: CaseData, start: str, end: str) -> tuple[float, float]:
    """(numerator, denominator) of an indicator's units for one period."""
    frame = units(indicator_id, data, start, end)
    return float(frame["num"].sum()), float(frame["den"].sum())


def year(ending: int) -> Period:
    return Period(dt.date(ending - 1, 4, 1), dt.date(ending, 3, 31))
