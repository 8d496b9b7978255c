"""The compliance board and the home panels that point at it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from assure.audits.models import AuditAction, AuditStatus
from assure.audits.tests.factories import make_audit
from assure.core.testing import Personas

pytestmark = pytest.mark.django_db


def board_setup(p: Personas, today: dt.date) -> None:
    month = today.replace(day=1)
    done = make_audit(p, child_id="C1", month=month)
    done.status = AuditStatus.COMPLETED
    done.save()
    make_audit(p, child_id="C2", month=month, due_date=month - dt.timedelta(days=1))  # overdue
    make_audit(p, child_id="C3", month=month, due_date=today + dt.timedelta(days=30))
    make_audit(p, child_id="C4", month=month, team=p.team_b, auditor=p.head_of_service_a.staff, practitioner=None)
    AuditAction.objects.create(
        audit=done, what="Update the plan", owner=p.practitioner_a.staff, due_date=month - dt.timedelta(days=3)
    )


def test_board_counts_due_done_overdue_by_auditor_team_and_service(client: Any, personas: Personas, today):
    board_setup(personas, today)
    client.force_login(personas.performance_qa)
    response = client.get(reverse("audits:compliance"))
    board = response.context["board"]
    assert (board.total.due, board.total.done, board.total.overdue) == (4, 1, 1)
    teams = {t.name: (t.due, t.done, t.overdue) for t in board.by_team}
    assert teams == {"Family Support North": (3, 1, 1), "Children in Care 1": (1, 0, 0)}
    assert {t.name for t in board.by_service} == {"Safeguarding", "Children in Care"}
    assert [a.what for a in board.overdue_actions] == ["Update the plan"] and board.overdue_action_count == 1


def test_team_manager_sees_only_their_teams(client: Any, personas: Personas, today):
    board_setup(personas, today)
    client.force_login(personas.manager_a)
    board = client.get(reverse("audits:compliance")).context["board"]
    assert [t.name for t in board.by_team] == ["Family Support North"]
    assert board.total.due == 3


def test_earlier_month_is_chosen_by_parameter(client: Any, personas: Personas, today):
    board_setup(personas, today)
    client.force_login(personas.performance_qa)
    earlier = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    board = client.get(reverse("audits:compliance"), {"month": earlier}).context["board"]
    assert board.total.due == 0


def test_team_manager_home_shows_their_audits(client: Any, personas: Personas, today):
    board_setup(personas, today)
    client.force_login(personas.manager_a)
    page = client.get(reverse("core:home")).content.decode()
    assert "3 allocated to you, 1 done, <strong>1 overdue</strong>" in page
    section = client.get(reverse("core:quality")).content.decode()
    assert reverse("audits:compliance") in section
