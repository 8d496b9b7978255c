"""The daily audit reminders: who is told what, by e-mail, and nobody twice in a day."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from assure.audits.models import AuditAction, AuditStatus
from assure.audits.reminders import audit_reminders_send
from assure.audits.tests.factories import make_audit
from assure.core.models import Notification
from assure.core.testing import Personas

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 30)  # a Monday: due soon runs to Thursday 3 December


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://assure.test"


def reminders_setup(p: Personas) -> None:
    month = ON.replace(day=1)
    make_audit(p, child_id="SOON", month=month, due_date=dt.date(2026, 12, 3))
    make_audit(p, child_id="LATE", month=month, due_date=dt.date(2026, 11, 20))
    make_audit(p, child_id="LATER", month=month, due_date=dt.date(2026, 12, 4))  # four working days away
    done = make_audit(p, child_id="DONE", month=month, due_date=dt.date(2026, 11, 2))
    done.status = AuditStatus.COMPLETED
    done.save()
    make_audit(p, child_id="HOS", team=p.team_b, auditor=p.head_of_service_a.staff, due_date=dt.date(2026, 11, 1))
    owner = p.practitioner_a.staff
    AuditAction.objects.create(audit=done, what="Update the plan", owner=owner, due_date=dt.date(2026, 11, 27))
    AuditAction.objects.create(audit=done, what="Not due yet", owner=owner, due_date=dt.date(2026, 12, 10))
    AuditAction.objects.create(
        audit=done, what="Done already", owner=owner, due_date=dt.date(2026, 11, 1), completed_on=dt.date(2026, 11, 2)
    )
    thematic = make_audit(p, tool_id="thematic", child_id="THEME", auditor=p.performance_qa.staff, theme="Neglect")
    thematic.status = AuditStatus.COMPLETED
    thematic.save()
    AuditAction.objects.create(
        audit=thematic, what="Chronology for the family", owner=owner, due_date=dt.date(2026, 11, 25)
    )


def test_each_reminder_reaches_the_right_people_by_email_once_a_day(
    personas: Personas, capsys: Any, django_capture_on_commit_callbacks: Any
) -> None:
    p = personas
    reminders_setup(p)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("audit_reminders", "--date", ON.isoformat())
    assert json.loads(capsys.readouterr().out) == {"audits_due": 2, "actions_overdue": 1, "remedial_overdue": 3}

    due = Notification.objects.get(kind="audits.due", recipient=p.manager_a.staff)
    assert due.subject == "Your audits: 1 audit overdue and 1 audit due by 03 December 2026"
    assert "20 November 2026" in due.body and "04 December" not in due.body
    assert Notification.objects.get(kind="audits.due", recipient=p.head_of_service_a.staff).subject == (
        "Your audits: 1 audit overdue"
    )
    action = Notification.objects.get(kind="audits.action_overdue")
    assert action.recipient == p.practitioner_a.staff and action.subject == "1 audit action overdue"
    assert "Update the plan" in action.body and "Not due yet" not in action.body and "Chronology" not in action.body
    remedial = Notification.objects.filter(kind="audits.remedial_overdue")
    assert {n.recipient for n in remedial} == {p.practitioner_a.staff, p.performance_qa.staff, p.manager_a.staff}
    assert "Chronology for the family" in remedial[0].body

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [
            p.manager_a.staff.email,
            p.head_of_service_a.staff.email,
            p.practitioner_a.staff.email,
            p.practitioner_a.staff.email,
            p.performance_qa.staff.email,
            p.manager_a.staff.email,
        ]
    )
    assert "https://assure.test/audits/?mine=1" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        call_command("audit_reminders", "--date", ON.isoformat())
    assert json.loads(capsys.readouterr().out) == {"audits_due": 0, "actions_overdue": 0, "remedial_overdue": 0}
    assert len(mail.outbox) == 6


def test_nothing_due_sends_nothing(personas: Personas) -> None:
    make_audit(personas, child_id="LATER", month=ON.replace(day=1), due_date=dt.date(2026, 12, 31))
    assert audit_reminders_send(on=ON) == {"audits_due": 0, "actions_overdue": 0, "remedial_overdue": 0}
    assert not Notification.objects.exists()
