"""The audit list: a child's audits, who sees what, and a query count that does not grow with rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assure.accounts.models import AccessLog
from assure.audits.tests.factories import make_audit
from assure.core.testing import Personas

pytestmark = pytest.mark.django_db


def test_every_audit_of_one_child_and_the_view_is_logged(client: Any, personas: Personas):
    make_audit(personas, child_id="C77")
    make_audit(personas, child_id="C77", auditor=personas.head_of_service_a.staff)
    make_audit(personas, child_id="C78")
    client.force_login(personas.performance_qa)
    audits = client.get(reverse("audits:audit-list"), {"child": "C77"}).context["audits"]
    assert [a.child_id for a in audits] == ["C77", "C77"]
    assert AccessLog.objects.get(object_type="audit-list").summary == "list of 2 audits of child C77"


def test_practitioner_sees_audits_of_their_own_cases_only(client: Any, personas: Personas):
    make_audit(personas, child_id="C1")
    make_audit(personas, child_id="C2", practitioner=None)
    client.force_login(personas.practitioner_a)
    assert [a.child_id for a in client.get(reverse("audits:audit-list")).context["audits"]] == ["C1"]


@pytest.mark.parametrize(("url_name", "queries"), [("audits:audit-list", 12), ("audits:compliance", 14)])
def test_query_count_does_not_grow_with_the_number_of_audits(
    client: Any, personas: Personas, url_name: str, queries: int, django_assert_max_num_queries: Any
):
    for n in range(3):
        make_audit(personas, child_id=f"A{n}")
    client.force_login(personas.performance_qa)
    client.get(reverse(url_name))
    for n in range(20):
        make_audit(personas, child_id=f"B{n}")
    with django_assert_max_num_queries(queries):  # measured: the same for 3 audits and for 23
        client.get(reverse(url_name))
