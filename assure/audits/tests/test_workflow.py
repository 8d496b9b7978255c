"""The audit workflow through HTTP: draft, complete, escalate, comment, act, close, amend."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from django.urls import reverse

from assure.accounts.models import AccessLog
from assure.audits.models import Audit, AuditAction, AuditStatus
from assure.audits.tests.factories import graded_post, make_audit
from assure.casedata.schema import conform
from assure.casedata.selectors import child_iro
from assure.casedata.services import snapshot_store
from assure.core.models import Notification
from assure.core.testing import Personas, make_person
from assure.organisation.roles import RoleCode
from assure.organisation.selectors import today

pytestmark = pytest.mark.django_db


def edit_url(audit: Audit) -> str:
    return reverse("audits:audit-edit", kwargs={"pk": audit.pk})


def test_form_is_rendered_from_the_tool_and_pep_only_for_children_in_care(client: Any, personas: Personas):
    audit = make_audit(personas, case_kind="cp")
    client.force_login(personas.manager_a)
    page = client.get(edit_url(audit)).content.decode()
    assert "The child&#x27;s voice, wishes and feelings" in page
    assert 'name="pep_quality"' not in page
    in_care = make_audit(personas, child_id="C2002", case_kind="cla")
    assert 'name="pep_quality"' in client.get(edit_url(in_care)).content.decode()


def test_draft_keeps_partial_answers_and_completing_with_gaps_loses_nothing(client: Any, personas: Personas):
    audit = make_audit(personas)
    client.force_login(personas.manager_a)
    response = client.post(
        edit_url(audit), {"voice_of_child": "3", "voice_of_child__evidence": "Not seen alone", "action": "save"}
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.IN_PROGRESS
    assert audit.answers == {"voice_of_child": 3, "voice_of_child__evidence": "Not seen alone"}
    response = client.post(edit_url(audit), graded_post(risk_analysis=None, overall_grade=None))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select an answer for “Consideration and analysis of risk”" in page
    assert "Select the overall judgement" in page
    assert "Evidence for quality_of_planning" in page  # what was typed is shown again
    audit.refresh_from_db()
    assert audit.status == AuditStatus.IN_PROGRESS


def test_overall_good_refused_when_an_area_is_inadequate(client: Any, personas: Personas):
    audit = make_audit(personas)
    client.force_login(personas.manager_a)
    response = client.post(edit_url(audit), graded_post(2, voice_of_child="4"))
    assert response.status_code == 200
    assert "cannot be Good when an area is graded Inadequate" in response.content.decode()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.IN_PROGRESS
    assert audit.suggested_grade == 3


def test_completing_inadequate_escalates_and_creates_an_action(client: Any, personas: Personas):
    ad = make_person("ad.one@test.example", [RoleCode.ASSISTANT_DIRECTOR], None)
    audit = make_audit(personas)
    client.force_login(personas.manager_a)
    response = client.post(edit_url(audit), graded_post(4))
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.COMPLETED
    assert audit.with_practitioner is True
    assert audit.escalated_to == ["head_of_service", "assistant_director"]
    told = set(Notification.objects.filter(kind="audits.escalation").values_list("recipient__email", flat=True))
    assert told == {personas.head_of_service_a.email, ad.email}
    actions = list(AuditAction.objects.filter(audit=audit))
    assert len(actions) == 7  # every area graded inadequate
    assert all(a.created_by_rule and a.owner == personas.practitioner_a.staff for a in actions)


def _iro_snapshot(rows: list[dict[str, Any]]) -> None:
    tables = {"iro_allocations": conform("iro_allocations", pl.DataFrame(rows))}
    snapshot_store(tables=tables, as_at=today(), sources=[{"name": "iro.csv", "sha256": "i" * 64}])


def test_requires_improvement_reaches_the_child_s_iro_on_the_day(client: Any, personas: Personas):
    iro = make_person("reviewer.one@test.example", [RoleCode.IRO], None)
    former = make_person("reviewer.two@test.example", [RoleCode.IRO], None)
    in_team = make_person("reviewer.team@test.example", [RoleCode.IRO], personas.team_a)
    day = today()
    _iro_snapshot([
        {"child_id": "C1001", "iro_id": "Reviewer.Two@test.example", "start_date": day - dt.timedelta(days=400),
         "end_date": day - dt.timedelta(days=31)},
        {"child_id": "C1001", "iro_id": "reviewer.one@test.example", "start_date": day - dt.timedelta(days=30)},
        {"child_id": "C1002", "iro_id": "reviewer.two@test.example", "start_date": day + dt.timedelta(days=1)},
    ])  # fmt: skip
    assert child_iro("C1001", day) == iro.staff and child_iro("C1001", day - dt.timedelta(days=31)) == former.staff
    client.force_login(personas.manager_a)
    client.post(edit_url(make_audit(personas)), graded_post(3))
    told = set(Notification.objects.filter(kind="audits.escalation").values_list("recipient__email", flat=True))
    assert told == {personas.head_of_service_a.email, personas.manager_a.email, iro.email}
    # No IRO recorded for the child on the day (C1002's starts tomorrow): the IROs in the audit's team instead.
    Notification.objects.all().delete()
    client.post(edit_url(make_audit(personas, child_id="C1002")), graded_post(3))
    told = set(Notification.objects.filter(kind="audits.escalation").values_list("recipient__email", flat=True))
    assert told == {personas.head_of_service_a.email, personas.manager_a.email, in_team.email}


def test_good_goes_to_the_team_manager_only(client: Any, personas: Personas):
    audit = make_audit(personas)
    client.force_login(personas.manager_a)
    client.post(edit_url(audit), graded_post(2))
    told = list(Notification.objects.filter(kind="audits.escalation").values_list("recipient__email", flat=True))
    assert told == [personas.manager_a.email]
    assert not AuditAction.objects.exists()


def test_safeguarding_concern_alerts_at_once_whatever_the_grade(client: Any, personas: Personas):
    audit = make_audit(personas)
    client.force_login(personas.manager_a)
    missing = client.post(edit_url(audit), {"safeguarding_concern": "on", "action": "save"})
    assert "Enter what the safeguarding concern is" in missing.content.decode()
    client.post(
        edit_url(audit),
        {"safeguarding_concern": "on", "safeguarding_detail": "Bruising not followed up", "action": "save"},
    )
    alerts = Notification.objects.filter(kind="audits.safeguarding")
    assert set(alerts.values_list("recipient__email", flat=True)) == {
        personas.manager_a.email,
        personas.head_of_service_a.email,
    }
    assert "C1001" in alerts.first().subject  # type: ignore[union-attr]
    client.post(edit_url(audit), {"safeguarding_concern": "on", "safeguarding_detail": "Still", "action": "save"})
    assert alerts.count() == 2  # once, when first flagged


def test_comments_actions_and_closing(client: Any, personas: Personas, today):
    audit = make_audit(personas)
    client.force_login(personas.manager_a)
    client.post(edit_url(audit), graded_post(3))
    audit.refresh_from_db()
    client.force_login(personas.practitioner_a)
    url = reverse("audits:audit-comment", kwargs={"pk": audit.pk})
    assert client.post(url, {"practitioner_comment": "Agreed in supervision", "manager_comment": ""}).status_code == 302
    client.force_login(personas.manager_a)
    add = reverse("audits:action-add", kwargs={"pk": audit.pk})
    bad = client.post(
        add,
        {"what": "Visit and see the child alone", "owner": personas.practitioner_a.staff_id, "due_date": "not a date"},
    )
    assert bad.status_code == 200 and "Visit and see the child alone" in bad.content.decode()
    client.post(
        add,
        {
            "what": "Visit and see the child alone",
            "owner": personas.practitioner_a.staff_id,
            "due_date": today.isoformat(),
        },
    )
    action = AuditAction.objects.get(audit=audit)
    client.force_login(personas.practitioner_a)
    update = reverse("audits:action-update", kwargs={"pk": action.pk})
    no_evidence = client.post(update, {"completed_on": today.isoformat(), "evidence": ""})
    assert "Enter the evidence that the action is done" in no_evidence.content.decode()
    client.post(update, {"completed_on": today.isoformat(), "evidence": "Seen alone at school"})
    audit.refresh_from_db()
    assert audit.status == AuditStatus.CLOSED
    assert audit.practitioner_comment == "Agreed in supervision"
    # Closed: the manager is no longer offered an action to add, and one posted anyway is refused.
    client.force_login(personas.manager_a)
    detail = client.get(reverse("audits:audit-detail", kwargs={"pk": audit.pk})).content.decode()
    assert "Visit and see the child alone" in detail and add not in detail
    late = client.post(add, {"what": "More", "owner": personas.practitioner_a.staff_id, "due_date": today.isoformat()})
    assert "This audit is closed" in late.content.decode() and audit.actions.count() == 1


def test_completed_audit_is_amended_only_as_a_new_version(client: Any, personas: Personas):
    audit = make_audit(personas)
    client.force_login(personas.manager_a)
    client.post(edit_url(audit), graded_post(3))
    assert client.get(edit_url(audit)).status_code == 403
    amend = reverse("audits:audit-amend", kwargs={"pk": audit.pk})
    assert "Enter why" in client.post(amend, {"reason": ""}).content.decode()
    response = client.post(amend, {"reason": "Wrong grade for planning"})
    new = Audit.objects.get(supersedes=audit)
    assert response["Location"] == edit_url(new)
    audit.refresh_from_db()
    assert (audit.is_current, audit.status, new.version, new.answers) == (False, "completed", 2, audit.answers)
    page = client.get(reverse("audits:audit-detail", kwargs={"pk": new.pk})).content.decode()
    assert "amended because Wrong grade for planning" in page


def test_each_view_of_a_childs_audit_is_logged(client: Any, personas: Personas):
    audit = make_audit(personas)
    client.force_login(personas.practitioner_a)
    assert client.get(reverse("audits:audit-detail", kwargs={"pk": audit.pk})).status_code == 200
    log = AccessLog.objects.get(object_type="audit")
    assert log.user == personas.practitioner_a and "C1001" in log.summary


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("manager_a", 200),
        ("practitioner_a", 200),
        ("head_of_service_a", 200),
        ("performance_qa", 200),
        ("director", 200),
        ("practitioner_b", 404),
        ("iro", 404),
        ("admin", 404),
        ("board_member", 404),
    ],
)
def test_who_sees_an_audit(client: Any, personas: Personas, persona: str, status: int):
    audit = make_audit(personas)
    client.force_login(personas.all()[persona])
    assert client.get(reverse("audits:audit-detail", kwargs={"pk": audit.pk})).status_code == status


def test_only_the_auditor_fills_in_the_form(client: Any, personas: Personas):
    audit = make_audit(personas)
    for persona, status in [("practitioner_a", 403), ("performance_qa", 403), ("practitioner_b", 404)]:
        client.force_login(personas.all()[persona])
        assert client.post(edit_url(audit), graded_post(2)).status_code == status
    audit.refresh_from_db()
    assert audit.status == AuditStatus.ALLOCATED
