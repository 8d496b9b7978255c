"""Fixtures for the audit tests: a small authority with a year of synthetic case data."""

from __future__ import annotations

import datetime as dt

import pytest

from assure.audits.services import tools_install
from assure.casedata.generator import generate_authority
from assure.casedata.generator.staff import WorkerRef
from assure.casedata.services import snapshot_store
from assure.core.testing import Personas, make_person
from assure.organisation.roles import RoleCode


@pytest.fixture
def case_data(personas: Personas) -> Personas:
    tools_install()
    make_person("manager.b@test.example", [RoleCode.TEAM_MANAGER], personas.team_b)
    workers = [
        WorkerRef("worker.a@test.example", personas.team_a.name, "cin_cp"),
        WorkerRef("worker.a2@test.example", personas.team_a2.name, "assessment"),
        WorkerRef("worker.b@test.example", personas.team_b.name, "children_in_care"),
    ]
    tables = generate_authority(
        11, start=dt.date(2024, 4, 1), end=dt.date(2025, 3, 31), children_in_need_per_year=150, workers=workers
    )
    snapshot_store(tables=tables, as_at=dt.date(2025, 3, 31), sources=[{"name": "synthetic", "sha256": "x"}])
    return personas
