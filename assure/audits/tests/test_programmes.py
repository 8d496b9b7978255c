"""Programmes of focus, the thematic programme, and remedial work within five working days."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from assure.audits.models import AuditAction, ProgrammeEntry
from assure.audits.tests.factories import make_audit
from assure.core.testing import Personas
from assure.core.workdays import add_working_days

pytestmark = pytest.mark.django_db


def test_qa_officer_adds_entries_and_a_theme_planned_once_is_flagged(client: Any, personas: Personas, today):
    client.force_login(personas.performance_qa)
    url = reverse("audits:programme")
    missing = client.post(url, {"kind": "focus", "month": today.isoformat(), "theme": "Statutory visits"})
    assert "Select the service area the programme of focus is for" in missing.content.decode()
    assert ProgrammeEntry.objects.count() == 0
    client.post(
        url,
        {"kind": "focus", "month": today.isoformat(), "theme": "Statutory visits", "service_area": personas.area_a.pk},
    )
    client.post(url, {"kind": "thematic", "month": today.isoformat(), "theme": "Neglect"})
    page = client.get(url)
    assert page.context["short"] == [("Neglect", 1)]
    assert [e.theme for e in page.context["focus"]] == ["Statutory visits"]
    client.force_login(personas.practitioner_a)
    assert client.post(url, {"kind": "thematic", "month": today.isoformat(), "theme": "X"}).status_code == 403


def test_thematic_audit_needing_remedial_work_sets_five_working_days(client: Any, personas: Personas, today):
    audit = make_audit(personas, tool_id="thematic", theme="Neglect")
    client.force_login(personas.manager_a)
    post = {
        "theme_compliance": "3",
        "theme_impact": "2",
        "remedial_needed": "yes",
        "overall_grade": "3",
        "with_practitioner": "no",
        "action": "complete",
    }
    assert client.post(reverse("audits:audit-edit", kwargs={"pk": audit.pk}), post).status_code == 302
    action = AuditAction.objects.get(audit=audit)
    assert action.due_date == add_working_days(today, 5)
    client.force_login(personas.performance_qa)
    assert [a.pk for a in client.get(reverse("audits:programme")).context["remedial"]] == [action.pk]
    client.force_login(personas.practitioner_b)
    assert client.get(reverse("audits:programme")).context["remedial"] == []


def test_allocated_audits_carry_the_months_focus_theme(personas: Personas):
    from assure.audits.programmes import focus_theme

    month = dt.date(2026, 1, 1)
    ProgrammeEntry.objects.create(kind="focus", month=month, service_area=personas.area_a, theme="PEPs and health")
    assert focus_theme(service_area_id=personas.area_a.pk, month=month.replace(day=15)) == "PEPs and health"
    assert focus_theme(service_area_id=personas.area_b.pk, month=month) == ""
