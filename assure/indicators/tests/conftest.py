"""A snapshot of generated case data allocated to the personas' teams, with its figures calculated."""

from __future__ import annotations

import datetime as dt

import pytest

from assure.casedata.generator import WorkerRef, generate_authority
from assure.casedata.services import snapshot_store
from assure.core.testing import Personas
from assure.indicators.models import IndicatorRun
from assure.indicators.services import indicator_results_compute

AS_AT = dt.date(2025, 3, 31)


def persona_workers(p: Personas) -> list[WorkerRef]:
    return [
        WorkerRef(p.practitioner_a.email, p.team_a.name, "cin_cp"),
        WorkerRef(p.manager_a.email, p.team_a.name, "cin_cp"),
        WorkerRef("assessor.one@test.example", p.team_a2.name, "assessment"),
        WorkerRef("assessor.one@test.example", p.team_a2.name, "front_door"),
        WorkerRef(p.practitioner_b.email, p.team_b.name, "children_in_care"),
        WorkerRef(p.practitioner_b.email, p.team_b.name, "care_leavers"),
    ]


@pytest.fixture
def run(personas: Personas) -> IndicatorRun:
    tables = generate_authority(
        3, start=AS_AT.replace(year=2022), end=AS_AT, children_in_need_per_year=150, workers=persona_workers(personas)
    )
    source = {"name": "synthetic", "format": "synthetic", "sha256": "test-indicators", "size": 0}
    snapshot, _ = snapshot_store(tables=tables, as_at=AS_AT, sources=[source])
    return indicator_results_compute(snapshot=snapshot, population=2_600)
