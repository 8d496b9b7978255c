"""The child's record and "Find a child": who may open them, what they show, and the access log."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import escape

from assure.accounts.models import AccessAction, AccessLog
from assure.audits.models import AuditAction
from assure.audits.tests.factories import make_audit
from assure.casedata.tests.children import ODD_ID, snapshots_load
from assure.core.testing import Personas

NO_CHILD = "No child you can see has that ID."


@pytest.fixture
def snapshots(personas: Personas) -> Any:
    return snapshots_load()


def _record(child_id: str, **query: str) -> str:
    url = reverse("casedata:child-record", args=[child_id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _get(client: Any, user: Any, url: str) -> Any:
    client.force_login(user)
    return client.get(url)


# Child A1 is held by practitioner A in team A (service area A); B1 by practitioner B in team B.
@pytest.mark.parametrize(
    ("persona", "child_id", "status"),
    [
        ("practitioner_a", "A1", 200),  # the worker, in the child's team
        ("manager_a", "A1", 200),  # manager of the team
        ("head_of_service_a", "A1", 200),  # head of the team's service
        ("performance_qa", "A1", 200),
        ("director", "A1", 200),
        ("practitioner_b", "A1", 404),  # another team: as if there were no such child
        ("practitioner_a", "B1", 404),
        ("manager_a", "B1", 404),
        ("head_of_service_a", "B1", 404),  # another service
        ("practitioner_b", "B1", 200),
        ("board_member", "A1", 403),  # councillors never see a child
        ("admin", "A1", 403),  # administrators run the system, not cases
        ("iro", "A1", 403),  # in no team today
        ("no_role", "A1", 403),
    ],
)
def test_who_may_open_a_childs_record(
    client: Any, personas: Personas, snapshots: Any, persona: str, child_id: str, status: int
) -> None:
    response = _get(client, personas.all()[persona], _record(child_id))
    assert response.status_code == status
    logged = list(AccessLog.objects.filter(object_type="child"))
    if status == 403:
        assert logged == []
    else:  # every view of a child's record, and every refused one, is one entry
        assert len(logged) == 1 and logged[0].object_id == child_id and logged[0].user == personas.all()[persona]
        assert ("Viewed the record" in logged[0].summary) == (status == 200)


def test_an_unknown_child_and_one_not_covered_read_the_same(client: Any, personas: Personas, snapshots: Any) -> None:
    not_covered = _get(client, personas.practitioner_b, _record("A1"))
    unknown = _get(client, personas.practitioner_b, _record("NOBODY"))
    assert not_covered.status_code == unknown.status_code == 404
    assert NO_CHILD in not_covered.content.decode() and NO_CHILD in unknown.content.decode()
    assert "Worker A" not in not_covered.content.decode()


def test_an_auditor_of_the_child_may_open_the_record(client: Any, personas: Personas, snapshots: Any) -> None:
    assert _get(client, personas.practitioner_b, _record("A1")).status_code == 404
    make_audit(personas, child_id="A1", practitioner=personas.practitioner_b.staff)
    assert _get(client, personas.practitioner_b, _record("A1")).status_code == 200


def test_the_record_shows_the_child_the_case_holder_and_the_journey(
    client: Any, personas: Personas, snapshots: Any
) -> None:
    html = _get(client, personas.manager_a, _record("A1")).content.decode()
    for text in [
        "Child A1",
        "11 years (born 1 February 2015)",
        "White British (WBRI)",
        "Learning (LD)",
        "Worker A",
        "Family Support North",
        "Since 19 February 2026: Neglect (NEG)",
        "Initial child protection conference",
        "From: School (2A). Primary need: Abuse or neglect (N1)",
    ]:
        assert text in html, text
    in_care = _get(client, personas.practitioner_b, _record("B1")).content.decode()
    assert "Full care order (C2)" in in_care and "Black African (BAFR)" in in_care


def test_the_record_lists_the_childs_open_deadlines(client: Any, personas: Personas, snapshots: Any) -> None:
    response = _get(client, personas.practitioner_a, _record("A1"))
    deadlines = response.context["deadlines"]
    assert deadlines and {d.child_id for d in deadlines} == {"A1"}
    assert deadlines[0].status == "overdue"  # overdue first
    assert "Overdue" in response.content.decode()


def test_the_record_lists_the_childs_audits_with_grade_status_and_open_actions(
    client: Any, personas: Personas, snapshots: Any, today: Any
) -> None:
    audit = make_audit(personas, child_id="A1")
    audit.overall_grade = 3
    audit.status = "completed"
    audit.save()
    AuditAction.objects.create(audit=audit, what="See the child alone", owner=personas.practitioner_a.staff,
                               due_date=today.replace(year=today.year - 1))  # fmt: skip
    make_audit(personas, child_id="B1")
    response = _get(client, personas.manager_a, _record("A1"))
    assert [a.pk for a in response.context["audits"]] == [audit.pk]
    html = response.content.decode()
    assert "Requires improvement" in html and "(1 overdue)" in html
    assert reverse("audits:audit-detail", args=[audit.pk]) in html


def test_a_child_with_no_episodes_says_so(client: Any, personas: Personas, snapshots: Any) -> None:
    response = _get(client, personas.manager_a, _record("E1"))
    html = response.content.decode()
    assert "No contacts, referrals, assessments, plans, care episodes, reviews or visits are recorded" in html
    assert "someone.else@test.example" in html  # a worker not matched to staff is named as the data names them
    # An allocated case runs only the management-oversight clock, even with nothing else recorded.
    assert [d.rule_id for d in response.context["deadlines"]] == ["management_oversight_8wk"]
    assert "No open deadlines for this child" not in html


def test_a_child_in_an_older_snapshot_only_says_so(client: Any, personas: Personas, snapshots: Any) -> None:
    response = _get(client, personas.manager_a, _record("OLD1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This child is not in the newest snapshot (as at 30 October 2026)" in html
    assert response.context["snapshot"].as_at.isoformat() == "2026-09-30"


def test_an_earlier_snapshot_can_be_chosen(client: Any, personas: Personas, snapshots: Any) -> None:
    earlier, _ = snapshots
    response = _get(client, personas.manager_a, _record("A1", snapshot=str(earlier.seq)))
    assert response.context["snapshot"] == earlier
    html = response.content.decode()
    assert "You are looking at an earlier picture, as at 30 September 2026" in html
    assert "1 Sep 2026" in html and "30 October 2026 (snapshot" in html  # the choice lists both pictures
    assert _get(client, personas.manager_a, _record("A1", snapshot="999")).status_code == 404
    assert _get(client, personas.manager_a, _record("A1", snapshot="x")).status_code == 404


def test_a_child_id_with_odd_characters_is_escaped_in_links(client: Any, personas: Personas, snapshots: Any) -> None:
    url = _record(ODD_ID)
    assert "%3F" in url and "%23" in url and "%25" in url
    response = _get(client, personas.practitioner_a, url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Child X/1 ?#&amp;%+é" in html
    found = _get(client, personas.practitioner_a, reverse("casedata:child-find") + "?id=X%2F1+%3F%23%26%25%2B%C3%A9")
    assert f'href="{escape(url)}"' in found.content.decode()


def test_find_a_child_only_among_children_covered_and_logs_each_search(
    client: Any, personas: Personas, snapshots: Any
) -> None:
    find = reverse("casedata:child-find")
    found = _get(client, personas.practitioner_a, f"{find}?id=A1")
    assert found.context["found"].child_id == "A1" and NO_CHILD not in found.content.decode()
    assert _record("A1") in found.content.decode()
    for wanted in ["B1", "NOBODY"]:
        response = _get(client, personas.practitioner_a, f"{find}?id={wanted}")
        assert response.status_code == 200 and response.context["found"] is None
        assert NO_CHILD in response.content.decode()
    searches = AccessLog.objects.filter(action=AccessAction.SEARCH, object_type="child").order_by("at", "pk")
    assert [s.object_id for s in searches] == ["A1", "B1", "NOBODY"]
    opening = _get(client, personas.practitioner_a, find)  # the empty form is not a search
    assert opening.status_code == 200 and AccessLog.objects.count() == 3


def test_find_a_child_refuses_board_members_and_checks_the_id(client: Any, personas: Personas) -> None:
    find = reverse("casedata:child-find")
    assert _get(client, personas.board_member, f"{find}?id=A1").status_code == 403
    too_long = _get(client, personas.practitioner_a, f"{find}?id={'x' * 41}")
    assert "A child&#x27;s ID is 40 characters or fewer" in too_long.content.decode()
    assert AccessLog.objects.count() == 0


def test_query_count_does_not_grow_with_the_childs_journey(
    client: Any, personas: Personas, snapshots: Any, django_assert_max_num_queries: Any
) -> None:
    make_audit(personas, child_id="A1")
    client.force_login(personas.manager_a)
    client.get(_record("A1"))  # warm the session, the rules and the audit tool's definition
    for _ in range(5):
        make_audit(personas, child_id="A1")
    # Measured: 19 with one audit and with six, the header's unread-notifications count among them.
    with django_assert_max_num_queries(19):
        assert client.get(_record("A1")).status_code == 200


def test_the_journey_can_show_one_part_only(client: Any, personas: Personas, snapshots: Any) -> None:
    everything = _get(client, personas.manager_a, _record("A1")).context
    assert {"Contact", "Child in need", "Child protection", "Visit", "Allocation"} <= set(everything["parts"])
    visits = _get(client, personas.manager_a, _record("A1", part="Visit")).context
    assert [e.what for e in visits["events"]] == ["Child protection visit"]
    unknown = _get(client, personas.manager_a, _record("A1", part="Nonsense")).context
    assert len(unknown["events"]) == len(everything["events"]) and unknown["part"] == ""


def test_find_a_child_uses_a_fixed_number_of_queries(
    client: Any, personas: Personas, snapshots: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(personas.manager_a)
    find = reverse("casedata:child-find")
    client.get(f"{find}?id=A1")
    # Measured: 16 for a child the manager's team holds, 17 for one it does not (one more, to look for
    # an audit of the child the manager may see), 13 for an unknown ID; the header's count among them.
    for wanted, most in [("A1", 16), ("B1", 17), ("NOBODY", 13)]:
        with django_assert_max_num_queries(most):
            assert client.get(f"{find}?id={wanted}").status_code == 200
