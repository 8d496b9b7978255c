"""The work tray, team and service summaries: what each persona sees, logging, downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from assure.accounts.models import AccessLog
from assure.alerts.models import Deadline, DeadlineSet, DeadlineStatus
from assure.core.testing import Personas


def children(html: str) -> set[str]:
    """The child ids in a page's table cells (not anywhere in the page: a random token could hold "B1")."""
    return set(re.findall(r'<td class="govuk-table__cell">(?:<a [^>]*>)?([ABU]\d)(?:</a>)?</td>', html))


def page(client: Any, user: Any, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_deadlines_are_stored_with_staff_and_team(personas: Personas, deadline_set: DeadlineSet) -> None:
    mine = Deadline.objects.filter(staff=personas.practitioner_a.staff)
    assert {(d.child_id, d.rule_id, d.status) for d in mine if d.status in {"overdue", "due_soon"}} == {
        ("A1", "icpc_15wd", "overdue"),
        ("A2", "cp_visit_10wd", "due_soon"),
    }
    assert all(d.team == personas.team_a for d in mine)  # the e-mail address matched whatever its case
    unallocated = Deadline.objects.get(child_id="U1")
    assert (unallocated.staff, unallocated.team, unallocated.worker_id) == (None, None, "")
    assert deadline_set.counts["icpc_15wd:overdue"] == 2
    assert deadline_set.no_data_rules == []


def test_my_work_tray_lists_only_my_cases_and_is_logged(client: Any, personas: Personas, deadline_set: Any) -> None:
    html = page(client, personas.practitioner_a, reverse("alerts:tray"))
    assert children(html) == {"A1", "A2"}
    assert "Initial child protection conference within 15 working days" in html
    log = AccessLog.objects.get(user=personas.practitioner_a)
    assert (log.object_type, log.action) == ("work-tray", "view")
    other = page(client, personas.practitioner_b, reverse("alerts:tray"))
    assert children(other) == {"B1"}


def test_the_work_tray_filters_by_status(client: Any, personas: Personas, deadline_set: Any) -> None:
    html = page(client, personas.practitioner_a, reverse("alerts:tray") + "?status=due_later")
    # A2: the CP review months away; the overdue ICPC left out (and oversight is the manager's).
    assert children(html) == {"A2"}
    assert "Initial child protection conference" not in html


def test_management_oversight_is_on_the_team_manager_s_tray(client: Any, personas: Personas, deadline_set: Any) -> None:
    oversight = Deadline.objects.filter(rule_id="management_oversight_8wk", status="due_later")
    assert {(d.child_id, d.staff, d.worker_id) for d in oversight.filter(team=personas.team_a)} == {
        ("A1", personas.manager_a.staff, "worker.a@test.example"),
        ("A2", personas.manager_a.staff, "Worker.A@test.example"),
    }
    html = page(client, personas.manager_a, reverse("alerts:tray") + "?status=due_later")
    assert children(html) == {"A1", "A2"} and "Management oversight" in html
    holder = personas.practitioner_a.staff.full_name  # type: ignore[union-attr]
    assert html.count(f"Case held by {holder}") == 2  # named, however the case data spells the address
    mine = page(client, personas.practitioner_a, reverse("alerts:tray") + "?status=due_later")
    assert "Management oversight" not in mine and "Case held by" not in mine  # their own cases
    client.force_login(personas.manager_a)
    download = client.get(reverse("alerts:tray") + "?format=csv&status=due_later")
    rows = [r for r in csv.reader(io.StringIO(download.content.decode())) if r[1] == "management_oversight_8wk"]
    manager = personas.manager_a.staff.full_name  # type: ignore[union-attr]
    holder = personas.practitioner_a.staff.full_name  # type: ignore[union-attr]
    assert sorted((r[0], r[7], r[8]) for r in rows) == [("A1", manager, holder), ("A2", manager, holder)]


def test_the_work_tray_downloads_as_csv_and_xlsx(client: Any, personas: Personas, deadline_set: Any) -> None:
    client.force_login(personas.practitioner_a)
    response = client.get(reverse("alerts:tray") + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    headers = ["Child ID", "Rule ID", "Deadline", "Started on", "Due on", "Met on", "Status", "On the tray of",
               "Case held by", "Team"]  # fmt: skip
    assert rows[0] == headers
    assert sorted(r[0] for r in rows[1:]) == ["A1", "A2"]
    assert {r[7] for r in rows[1:]} == {personas.practitioner_a.staff.full_name}  # type: ignore[union-attr]
    assert {r[8] for r in rows[1:]} == {personas.practitioner_a.staff.full_name}  # type: ignore[union-attr]
    workbook = load_workbook(io.BytesIO(client.get(reverse("alerts:tray") + "?format=xlsx").content))
    sheet = workbook["Deadlines"]
    assert sheet.max_row == 3 and [c.value for c in sheet[1]] == headers
    by_child = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_child["A1"][1] == "icpc_15wd" and by_child["A1"][2].startswith("Initial child protection conference")
    assert by_child["A1"][6] in {s.label for s in DeadlineStatus} and isinstance(by_child["A1"][4], dt.datetime)
    assert AccessLog.objects.filter(user=personas.practitioner_a, action="export").count() == 2


def test_team_page_counts_per_worker_and_drills_to_the_list(client: Any, personas: Personas, deadline_set: Any) -> None:
    url = reverse("alerts:team", args=[personas.team_a.pk])
    html = page(client, personas.manager_a, url)
    assert "Deadlines by kind" in html and "Initial child protection conference within 15 working days" in html
    assert "Deadlines per worker" in html and personas.practitioner_a.staff.full_name in html  # type: ignore[union-attr]
    assert children(html) == {"A1", "A2"}
    drilled = page(client, personas.manager_a, f"{url}?worker={personas.practitioner_b.staff_id}")
    assert children(drilled) == set()
    assert AccessLog.objects.filter(user=personas.manager_a, object_type="team-deadlines").count() == 2


def test_a_team_outside_my_scope_is_not_found(client: Any, personas: Personas, deadline_set: Any) -> None:
    client.force_login(personas.practitioner_b)
    assert client.get(reverse("alerts:team", args=[personas.team_a.pk])).status_code == 404
    assert client.get(reverse("alerts:team", args=[personas.team_a.pk]) + "?format=csv").status_code == 404
    client.force_login(personas.board_member)
    assert client.get(reverse("alerts:team", args=[personas.team_a.pk])).status_code == 403


def test_service_summary_follows_the_scope(client: Any, personas: Personas, deadline_set: Any) -> None:
    html = page(client, personas.head_of_service_a, reverse("alerts:summary"))
    assert personas.team_a.name in html and personas.team_b.name not in html
    everyone = page(client, personas.director, reverse("alerts:summary"))
    assert personas.team_b.name in everyone and "Unallocated or team not recognised" in everyone


def test_board_members_see_suppressed_counts_and_no_child(client: Any, personas: Personas, deadline_set: Any) -> None:
    html = page(client, personas.board_member, reverse("alerts:summary"))
    assert "Deadlines by service area" in html and "fewer than 5" in html
    assert not re.search(r">\s*[ABU]\d\s*<", html)
    client.force_login(personas.board_member)
    assert client.get(reverse("alerts:tray")).status_code == 403


def test_home_pages_show_the_tray_without_naming_children(client: Any, personas: Personas, deadline_set: Any) -> None:
    html = page(client, personas.practitioner_a, reverse("core:home"))
    assert "1 overdue" in html and "Open my work tray" in html
    assert not re.search(r">\s*[ABU]\d\s*<", html)
    manager = page(client, personas.manager_a, reverse("core:home"))
    assert f"{personas.team_a.name}</a>: 1 overdue, 1 due within 5 working days" in manager


def test_the_rules_page_lists_each_rule_with_its_note(client: Any, personas: Personas) -> None:
    html = page(client, personas.practitioner_a, reverse("alerts:rules"))
    assert "No data" not in html and "core group" in html and "Statutory" in html and "Local standard" in html
    assert "Assure counts 20 working days" in html  # the PEP's approximation of school days is stated


def test_pages_before_any_deadlines_explain_themselves(client: Any, personas: Personas) -> None:
    assert "No deadlines have been worked out yet" in page(client, personas.practitioner_a, reverse("alerts:tray"))
    assert "There are no deadlines to show yet" in page(client, personas.practitioner_a, reverse("core:home"))


def test_list_pages_use_a_fixed_number_of_queries(
    client: Any, personas: Personas, deadline_set: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(personas.director)
    client.get(reverse("alerts:summary"))  # warm the session and the rules cache
    for url, most in [
        (reverse("alerts:summary"), 14),
        (reverse("alerts:team", args=[personas.team_a.pk]), 19),  # one to name the workers holding the cases
    ]:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200
    client.force_login(personas.practitioner_a)
    client.get(reverse("alerts:tray"))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("alerts:tray")).status_code == 200


def test_lists_say_how_many_working_days_late(client: Any, personas: Personas, deadline_set: Any) -> None:
    # The ICPC was due on Thursday 22 October 2026; by Friday 30 October it is 6 working days late.
    html = page(client, personas.practitioner_a, reverse("alerts:tray"))
    assert "6 working days late" in html
