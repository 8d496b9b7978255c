"""The register page and a risk page cost the same number of queries however many risks there are."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.core.testing import Personas
from assure.risks.services import action_add, control_add
from assure.risks.testing import register_build, risk_build

pytestmark = pytest.mark.django_db


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add_risks(personas: Personas, start: int, count: int) -> None:
    for n in range(start, start + count):
        risk = risk_build(personas, reference=f"Q{n:03d}")
        control_add(risk=risk, description="A control", effectiveness="effective")
        action_add(risk=risk, description="An action", owner=personas.manager_a.staff, due_date=None)


def test_register_page_queries_do_not_grow_with_risks(client: Any, personas: Personas) -> None:
    register = register_build(personas)
    client.force_login(personas.practitioner_a)
    url = reverse("risks:register-detail", args=[register.pk])
    _add_risks(personas, 0, 2)
    few = _queries(client, url)
    _add_risks(personas, 2, 10)
    assert _queries(client, url) == few
    assert few <= 25
