"""Moderation: a blind second grading, outcomes per area, and agreement by auditor."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assure.audits.models import Moderation
from assure.audits.moderation import agreement_tables, moderation_sample
from assure.audits.tests.factories import AREAS, graded_post, make_audit
from assure.core.testing import Personas

pytestmark = pytest.mark.django_db


def completed(client: Any, p: Personas, child_id: str, grade: int) -> Any:
    audit = make_audit(p, child_id=child_id)
    client.force_login(p.manager_a)
    client.post(reverse("audits:audit-edit", kwargs={"pk": audit.pk}), graded_post(grade))
    audit.refresh_from_db()
    return audit


def test_moderator_grades_blind_and_sees_outcomes(client: Any, personas: Personas):
    audit = completed(client, personas, "C1", 2)
    moderation = Moderation.objects.create(audit=audit, moderator=personas.performance_qa.staff)
    client.force_login(personas.performance_qa)
    url = reverse("audits:moderation-grade", kwargs={"pk": moderation.pk})
    detail = reverse("audits:audit-detail", kwargs={"pk": audit.pk})
    assert client.get(detail)["Location"] == url  # the auditor's grades stay hidden until the moderator saves
    page = client.get(url).content.decode()
    assert "Evidence for voice_of_child" not in page and "checked" not in page  # nothing of the auditor's shown
    missing = client.post(url, {"overall_grade": "3"})
    assert "Select a grade for “The child&#x27;s voice, wishes and feelings”" in missing.content.decode()
    grades = dict.fromkeys(AREAS, "2") | {"voice_of_child": "3", "plan_monitoring": "1", "overall_grade": "3"}
    assert client.post(url, grades).status_code == 302
    detail = client.get(reverse("audits:audit-detail", kwargs={"pk": audit.pk})).context["moderation_rows"]
    outcomes = {row["area"]: row["outcome"] for row in detail}
    assert outcomes["The child's voice, wishes and feelings"] == "lowered"
    assert outcomes["Monitoring and review of the plan"] == "raised"
    assert outcomes["Overall judgement"] == "lowered"
    assert list(outcomes.values()).count("agreed") == 5


def test_only_the_named_moderator_grades(client: Any, personas: Personas):
    audit = completed(client, personas, "C1", 2)
    moderation = Moderation.objects.create(audit=audit, moderator=personas.performance_qa.staff)
    client.force_login(personas.director)
    assert client.get(reverse("audits:moderation-grade", kwargs={"pk": moderation.pk})).status_code == 404


def test_agreement_by_auditor_flags_a_generous_auditor(client: Any, personas: Personas):
    for n in range(3):
        audit = completed(client, personas, f"C{n}", 2)
        Moderation.objects.create(
            audit=audit,
            moderator=personas.performance_qa.staff,
            area_grades=dict.fromkeys(AREAS, 3),
            overall_grade=3,
            completed_at=audit.completed_at,
        )
    tables = agreement_tables(Moderation.objects.all())
    (auditor,) = tables["auditor"]
    assert (auditor.result.pairs, auditor.result.lowered, auditor.result.agreed) == (24, 24, 0)
    assert auditor.result.generous
    assert len(tables["area"]) == 8


def test_sample_is_a_share_of_completed_audits_never_moderated_by_their_auditor(client: Any, personas: Personas):
    audits = [completed(client, personas, f"C{n}", 2) for n in range(10)]
    chosen = moderation_sample(
        month=audits[0].month, moderators=[personas.manager_a.staff, personas.performance_qa.staff], share=0.2, seed=3
    )
    assert len(chosen) == 2
    assert all(m.moderator == personas.performance_qa.staff for m in chosen)
    again = moderation_sample(month=audits[0].month, moderators=[personas.performance_qa.staff], share=0.2, seed=3)
    assert not {m.audit_id for m in again} & {m.audit_id for m in chosen}
