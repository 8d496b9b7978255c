"""The demo year of audits: realistic grades, moderation disagreements, overdue actions, idempotent."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from assure.audits.demo import audits_demo_load
from assure.audits.models import Audit, AuditAction, Moderation, ProgrammeEntry
from assure.audits.moderation import agreement_tables
from assure.core.testing import Personas, make_person
from assure.organisation.roles import RoleCode

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 3, 20)


def test_a_year_of_audits_loads_once(case_data: Personas):
    make_person("pqa.two@test.example", [RoleCode.PERFORMANCE_QA], None)
    assert audits_demo_load(seed=4, on=ON)
    months = set(Audit.objects.values_list("month", flat=True))
    assert len(months) == 12 and max(months) == dt.date(2025, 3, 1)
    grades = Counter(Audit.objects.exclude(overall_grade=None).values_list("overall_grade", flat=True))
    assert grades[3] > grades[1]
    overdue = AuditAction.objects.filter(completed_on__isnull=True, due_date__lt=ON)
    assert overdue.exists()
    assert Moderation.objects.exists()
    rows = agreement_tables(Moderation.objects.all())["auditor"]
    assert any(r.result.raised + r.result.lowered for r in rows)
    assert ProgrammeEntry.objects.filter(kind="thematic").count() == 12
    beyond = Audit.objects.filter(month=dt.date(2025, 3, 1), counts_toward_quota=False, tool__kind="case")
    assert beyond.exists() and set(beyond.values_list("allocation_method", flat=True)) == {"additional"}
    picked = Audit.objects.filter(allocation_method="hand_picked", counts_toward_quota=True)
    assert picked.count() == 2 and all(a.allocation_reason for a in picked)
    count = Audit.objects.count()
    assert not audits_demo_load(seed=4, on=ON)
    assert Audit.objects.count() == count
