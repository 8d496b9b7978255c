"""The database and Polars analytics and compliance board give the very figures the first, pure
Python version gave, on a demo-like year of audits, for every kind of reader."""

from __future__ import annotations

import datetime as dt

import pytest

from assure.audits.analytics import audit_analytics
from assure.audits.compliance import compliance_board
from assure.audits.demo import audits_demo_load
from assure.audits.models import Audit, AuditStatus
from assure.audits.services import audit_amend
from assure.core.testing import Personas, make_person
from assure.organisation.roles import RoleCode
from assure.organisation.selectors import user_scope
from benchmarks.audits_python import audit_analytics_python, compliance_board_python

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 3, 20)


def awkward_cases() -> None:
    """Rows that trip up a careless rewrite: a grade stored as text, an amended audit, repeated and
    shared themes, an audit with no overall grade."""
    done = list(Audit.objects.filter(status=AuditStatus.COMPLETED, tool__tool_id="tier1-generic").order_by("pk")[:4])
    text_grade, amended, themed, ungraded = done
    text_grade.answers = {**text_grade.answers, "voice_of_child": "3"}
    text_grade.save()
    audit_amend(audit=amended, reason="Wrong child's chronology read")
    themed.learning_themes = ["drift", "drift", "Voice of the child"]
    themed.save()
    ungraded.overall_grade = None
    ungraded.save()


def as_compared(data: object) -> object:
    themes = [(t, n, list(kinds.items())) for t, n, kinds in data.themes]  # type: ignore[attr-defined]
    return data, themes


def test_analytics_figures_are_the_same_for_every_reader(case_data: Personas):
    make_person("pqa.two@test.example", [RoleCode.PERFORMANCE_QA], None)
    assert audits_demo_load(seed=4, on=ON)
    awkward_cases()
    for persona in ("performance_qa", "manager_a", "head_of_service_a", "board_member"):
        scope = user_scope(getattr(case_data, persona))
        new = audit_analytics(scope=scope, on=ON)
        old = audit_analytics_python(scope=scope, on=ON)
        assert as_compared(new) == as_compared(old), persona
        assert sum(r.total for r in new.by_area) > 0 and new.themes
    everyone = audit_analytics(scope=user_scope(case_data.performance_qa), on=ON)
    assert sum(r.total for r in everyone.by_month) > 100


def test_compliance_boards_are_the_same_every_month(case_data: Personas):
    make_person("pqa.two@test.example", [RoleCode.PERFORMANCE_QA], None)
    assert audits_demo_load(seed=4, on=ON)
    for persona in ("performance_qa", "manager_a"):
        scope = user_scope(getattr(case_data, persona))
        for month in sorted(set(Audit.objects.values_list("month", flat=True))):
            new = compliance_board(scope=scope, month=month, on=ON)
            old = compliance_board_python(scope=scope, month=month, on=ON)
            assert new == old, (persona, month)
    assert compliance_board(scope=user_scope(case_data.performance_qa), month=dt.date(2025, 3, 1), on=ON).total.due
