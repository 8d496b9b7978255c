"""Deadlines worked out from a small hand-made snapshot, for the personas' teams."""

from __future__ import annotations

import pytest

from assure.alerts.models import DeadlineSet
from assure.alerts.tests.factories import deadline_set_load
from assure.core.testing import Personas


@pytest.fixture
def deadline_set(personas: Personas) -> DeadlineSet:
    return deadline_set_load()
