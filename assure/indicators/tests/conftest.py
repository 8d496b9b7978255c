"""A snapshot of generated case data allocated to the personas' teams, with its figures calculated."""

from __future__ import annotations

import pytest

from assure.core.testing import Personas
from assure.indicators.models import IndicatorRun
from assure.indicators.tests.factories import run_for_personas


@pytest.fixture
def run(personas: Personas) -> IndicatorRun:
    return run_for_personas(personas)
