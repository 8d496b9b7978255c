"""The daily reminders reach the right people once a day."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.management import call_command

from assure.core.models import Notification
from assure.core.testing import Personas
from assure.risks.models import Risk
from assure.risks.services import action_add
from assure.risks.testing import risk_build

pytestmark = pytest.mark.django_db


def test_review_due_and_overdue_actions_are_notified_once_a_day(personas: Personas, capsys: Any) -> None:
    today = dt.date.today()
    due = risk_build(personas, reference="DUE1")
    Risk.objects.filter(pk=due.pk).update(next_review=today + dt.timedelta(days=3))
    later = risk_build(personas, reference="LATER1")
    Risk.objects.filter(pk=later.pk).update(next_review=today + dt.timedelta(days=60))
    action_add(
        risk=later, description="Late work", owner=personas.manager_a.staff, due_date=today - dt.timedelta(days=1)
    )
    action_add(
        risk=later, description="Not yet due", owner=personas.manager_a.staff, due_date=today + dt.timedelta(days=9)
    )
    call_command("risk_reminders")
    assert json.loads(capsys.readouterr().out) == {"review_due": 1, "action_overdue": 1}
    review = Notification.objects.get(kind="risks.review_due")
    assert review.recipient == personas.director.staff and "DUE1" in review.subject
    overdue = Notification.objects.get(kind="risks.action_overdue")
    assert overdue.recipient == personas.manager_a.staff and "LATER1" in overdue.subject
    call_command("risk_reminders")
    assert json.loads(capsys.readouterr().out) == {"review_due": 0, "action_overdue": 0}
