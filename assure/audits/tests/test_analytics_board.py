"""Board members and councillors see audit grades as aggregates only: by service area and month, and
the trend, with small numbers hidden; never a team, an auditor, a child or a link to an audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assure.audits.analytics import GradeRow, suppressed_rows, trend
from assure.audits.models import AuditStatus
from assure.audits.tests.factories import make_audit
from assure.core.testing import Personas

pytestmark = pytest.mark.django_db


def completed(p: Personas, child_id: str, grade: int, **kwargs: Any) -> None:
    audit = make_audit(p, child_id=child_id, **kwargs)
    audit.status = AuditStatus.COMPLETED
    audit.overall_grade = grade
    audit.save()


def test_board_member_sees_suppressed_aggregates_and_nothing_that_names_anyone(client: Any, personas: Personas):
    p = personas
    for n in range(6):
        completed(p, f"SECRETA{n}", 3)
    for n in range(2):
        completed(p, f"SECRETB{n}", 2, team=p.team_b, auditor=p.head_of_service_a.staff, practitioner=None)
    client.force_login(p.board_member)
    response = client.get(reverse("audits:analytics"))
    assert response.status_code == 200
    page = response.content.decode()
    tables = {title: rows for title, _, rows in response.context["tables"]}
    services = {r["name"]: r for r in tables["Overall judgements by service area"]}
    assert services["Safeguarding"]["counts"] == ["0", "0", "6", "0"]
    assert services["Safeguarding"]["total"] == "6" and services["Safeguarding"]["below_good"] == "100%"
    assert services["Children in Care"]["counts"] == ["0", "fewer than 5", "0", "0"]
    assert services["Children in Care"]["total"] == "hidden (small numbers)"
    this_month = tables["Overall judgements by month"][-1]
    assert this_month["counts"] == ["0", "fewer than 5", "6", "0"] and this_month["total"] == "hidden (small numbers)"
    for secret in ["SECRETA", "SECRETB", p.team_a.name, p.team_b.name, str(p.manager_a.staff), "Hos", "Worker"]:
        assert secret not in page, secret
    assert 'href="/audits/' not in page and "xlsx" not in page.lower()
    download = client.get(reverse("audits:analytics"), {"format": "xlsx"})
    assert download["Content-Type"].startswith("text/html")


def test_councillor_home_links_to_the_aggregates(client: Any, personas: Personas):
    client.force_login(personas.board_member)
    assert reverse("audits:analytics") in client.get(reverse("core:home")).content.decode()


def test_a_lone_hidden_count_in_a_grade_hides_the_next_smallest_too():
    rows = [GradeRow("A", {3: 2, 2: 10}), GradeRow("B", {3: 7}), GradeRow("C", {3: 9, 2: 12})]
    shown = suppressed_rows(rows, [1, 2, 3, 4], threshold=5)
    assert [r["counts"][2] for r in shown] == ["fewer than 5", "hidden (small numbers)", "9"]
    assert [r["total"] for r in shown] == ["hidden (small numbers)", "hidden (small numbers)", "21"]
    assert shown[2]["below_good"] == "43%"
    assert [r["counts"][1] for r in shown] == ["10", "0", "12"]


def test_trend_compares_the_last_three_months_with_the_three_before():
    months = [GradeRow(f"M{n}", {2: 5, 3: 5}) for n in range(3)] + [GradeRow(f"N{n}", {3: 6}) for n in range(3)]
    months.append(GradeRow("Z", {}))
    assert trend(months[:-1], threshold=5) == [("N0 to N2", "100%"), ("M0 to M2", "50%")]
    small = [GradeRow(f"S{n}", {3: 1}) for n in range(3)]
    assert trend(small, threshold=5) == [("S0 to S2", "hidden (small numbers)")]
