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


def test_the_demo_audits_histories_are_dated_as_the_year_tells_them(case_data: Personas):
    from auditlog.models import LogEntry

    make_person("pqa.two@test.example", [RoleCode.PERFORMANCE_QA], None)
    assert audits_demo_load(seed=4, on=ON)
    closed = Audit.objects.filter(status="closed", month__lt=dt.date(2025, 1, 1)).select_related("auditor").first()
    assert closed is not None and closed.completed_at is not None
    entries = list(LogEntry.objects.get_for_object(closed).order_by("timestamp", "pk"))
    assert entries[0].action == LogEntry.Action.CREATE and entries[0].timestamp.date() == closed.month  # the draw
    graded = [e for e in entries if "overall_grade" in (e.changes_dict or {})]
    assert graded and all(e.timestamp == closed.completed_at for e in graded)
    assert all(e.actor_email == closed.auditor.email for e in graded)
    from assure.organisation.history import history_for

    rows = history_for(closed)
    who = {row["who"] for row in rows if row["action"] != "create"}
    assert who == {closed.auditor.full_name}  # named, with an account or without
    assert any(c["field"] == "status" and c["new"] == "Closed" for c in rows[0]["changes"])  # newest first
    made = {c["field"] for c in rows[-1]["changes"]}
    assert "tool" in made and "actions" not in made  # its fields, not a relation's manager
    from django.contrib.contenttypes.models import ContentType

    kinds = ContentType.objects.get_for_models(Audit, AuditAction, Moderation).values()
    demo = LogEntry.objects.filter(content_type__in=kinds)
    newest = demo.order_by("-timestamp").values_list("timestamp", flat=True).first()
    assert newest is not None and newest.date() <= ON  # nothing after the demo's today
    assert not demo.filter(content_type=ContentType.objects.get_for_model(AuditAction), actor_email=None).exists()
    from assure.audits.models import HandPickingAllowance

    allowance = HandPickingAllowance.objects.select_related("allowed_by").get()
    (given,) = LogEntry.objects.get_for_object(allowance)
    assert allowance.month is not None and given.timestamp.date() == allowance.month == allowance.created_at.date()
    assert given.actor == allowance.allowed_by  # the administrator, before the audits it allowed
    picked = Audit.objects.filter(allocation_method="hand_picked").select_related("allocated_by").first()
    assert picked is not None
    created = LogEntry.objects.get_for_object(picked).get(action=LogEntry.Action.CREATE)
    assert picked.allocated_by is not None and created.actor_email == picked.allocated_by.email
