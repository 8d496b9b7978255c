"""Hand-made canonical tables for indicator tests."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import polars as pl

from assure.casedata.schema import SCHEMA, conform
from assure.indicators.engine import REGISTRY, CaseData, Period

if TYPE_CHECKING:
    from assure.core.testing import Personas
    from assure.indicators.models import IndicatorRun


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


AS_AT = dt.date(2025, 3, 31)


def run_for_personas(p: Personas, *, size: int = 150) -> IndicatorRun:
    """Three years of generated case data allocated to the personas' teams, stored as a snapshot,
    with its figures calculated (for an authority of 2,600 children aged 0 to 17)."""
    from assure.casedata.generator import WorkerRef, generate_authority
    from assure.casedata.services import snapshot_store
    from assure.indicators.services import indicator_results_compute

    workers = [
        WorkerRef(p.practitioner_a.email, p.team_a.name, "cin_cp"),
        WorkerRef(p.manager_a.email, p.team_a.name, "cin_cp"),
        WorkerRef("assessor.one@test.example", p.team_a2.name, "assessment"),
        WorkerRef("assessor.one@test.example", p.team_a2.name, "front_door"),
        WorkerRef(p.practitioner_b.email, p.team_b.name, "children_in_care"),
        WorkerRef(p.practitioner_b.email, p.team_b.name, "care_leavers"),
    ]
    tables = generate_authority(3, start=AS_AT.replace(year=2022), end=AS_AT, children_in_need_per_year=size,
                                workers=workers)  # fmt: skip
    source = {"name": "synthetic", "format": "synthetic", "sha256": f"test-indicators-{size}", "size": 0}
    snapshot, _ = snapshot_store(tables=tables, as_at=AS_AT, sources=[source])
    return indicator_results_compute(snapshot=snapshot, population=2_600)
