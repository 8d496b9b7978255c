"""Scope, dated team moves, change history and the demo authority."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from assure.organisation import selectors, services
from assure.organisation.demo import generate
from assure.organisation.models import Membership, ServiceArea, Staff, Team
from assure.organisation.roles import RoleCode


def test_scope_follows_role_and_organisation(personas: Any) -> None:
    p = personas
    worker = selectors.user_scope(p.practitioner_a)
    assert worker.team_ids == {p.team_a.pk} and not worker.authority_wide
    assert worker.covers_team(p.team_a.pk) and not worker.covers_team(p.team_b.pk)
    hos = selectors.user_scope(p.head_of_service_a)
    assert hos.team_ids == {p.team_a.pk, p.team_a2.pk}
    assert hos.service_area_ids == {p.area_a.pk}
    assert selectors.user_scope(p.performance_qa).authority_wide
    assert selectors.user_scope(p.director).covers_team(p.team_b.pk)
    board = selectors.user_scope(p.board_member)
    assert board.aggregates_only and not board.sees_child_data and not board.has_working_role
    nobody = selectors.user_scope(p.no_role)
    assert not nobody.sees_child_data and not nobody.has_working_role
    assert selectors.user_scope(p.admin).is_admin and not selectors.user_scope(p.admin).sees_child_data


def test_a_worker_who_left_their_team_no_longer_sees_it(personas: Any, today: dt.date) -> None:
    membership = Membership.objects.get(staff=personas.practitioner_a.staff)
    services.membership_end(membership=membership, on=today - dt.timedelta(days=1))
    personas.practitioner_a._assure_scope = None
    assert selectors.user_scope(personas.practitioner_a).team_ids == frozenset()


def test_a_team_move_is_dated_so_history_rolls_up_to_the_team_of_the_time(personas: Any) -> None:
    staff = personas.practitioner_a.staff
    moved_on = dt.date(2025, 6, 1)
    services.staff_move(staff=staff, team=personas.team_b, on=moved_on)
    assert selectors.team_of_staff_on(staff=staff, on=dt.date(2025, 5, 31)) == personas.team_a
    assert selectors.team_of_staff_on(staff=staff, on=moved_on) == personas.team_b
    assert selectors.team_of_staff_on(staff=staff, on=dt.date(2019, 12, 31)) is None
    old = Membership.objects.get(staff=staff, team=personas.team_a)
    assert old.end_date == dt.date(2025, 5, 31)


def test_a_move_before_the_current_team_started_is_refused(personas: Any) -> None:
    with pytest.raises(ValidationError, match="later team"):
        services.staff_move(staff=personas.practitioner_a.staff, team=personas.team_b, on=dt.date(2019, 1, 1))
    assert Membership.objects.filter(staff=personas.practitioner_a.staff).count() == 1


def test_the_move_page_records_the_move_and_the_change_history(client: Any, personas: Any) -> None:
    staff = personas.practitioner_a.staff
    client.force_login(personas.admin)
    response = client.post(
        reverse("organisation:staff-move", args=[staff.pk]), {"team": personas.team_b.pk, "start_date": "2025-06-01"}
    )
    assert response.status_code == 302
    page = client.get(reverse("organisation:staff-detail", args=[staff.pk])).content.decode()
    assert "Children in Care 1" in page and "31 May 2025" in page
    entries = LogEntry.objects.filter(object_repr__contains="Family Support North")
    assert entries.filter(action=LogEntry.Action.UPDATE).exists()


def test_editing_a_team_shows_who_changed_what(client: Any, personas: Any) -> None:
    client.force_login(personas.admin)
    url = reverse("organisation:team-edit", args=[personas.team_a.pk])
    data = {
        "name": "Family Support Central",
        "service_area": personas.area_a.pk,
        "team_type": "cin_cp",
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("organisation:team-detail", args=[personas.team_a.pk])).content.decode()
    assert "Family Support North → Family Support Central" in page
    assert personas.admin.display_name in page


def test_a_form_with_errors_shows_the_error_summary_and_keeps_what_was_typed(client: Any, personas: Any) -> None:
    client.force_login(personas.admin)
    response = client.post(reverse("organisation:team-create"), {"name": "Brand New Team", "team_type": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Brand New Team" in html
    assert not Team.objects.filter(name="Brand New Team").exists()


def test_a_duplicate_email_is_refused_with_a_message(client: Any, personas: Any) -> None:
    client.force_login(personas.admin)
    data = {
        "first_name": "Second",
        "last_name": "Worker",
        "email": personas.practitioner_a.email,
        "employment_type": "permanent",
        "fte": "1.00",
        "is_active": "on",
    }
    html = client.post(reverse("organisation:staff-create"), data).content.decode()
    assert "Someone on the staff list already has this e-mail address" in html
    assert Staff.objects.filter(email=personas.practitioner_a.email).count() == 1


def test_board_members_cannot_read_the_staff_directory(client: Any, personas: Any) -> None:
    client.force_login(personas.board_member)
    assert client.get(reverse("organisation:staff-list")).status_code == 403


def test_the_demo_authority_is_deterministic_and_sized_as_promised() -> None:
    first, second = generate(7), generate(7)
    assert [s.email for s in first.staff] == [s.email for s in second.staff]
    assert [s.email for s in generate(8).staff] != [s.email for s in first.staff]
    assert len(first.service_areas) == 6 and len(first.teams) == 25
    assert 230 <= len(first.staff) <= 280
    agency = sum(s.employment_type == "agency" for s in first.staff) / len(first.staff)
    assert 0.08 < agency < 0.25
    assert {role for s in first.staff for role in s.roles} == set(RoleCode)
    assert len({s.email for s in first.signins().values()}) == len(RoleCode)


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing() -> None:
    authority, created = services.demo_authority_load(seed=11)
    assert created
    counts = (Staff.objects.count(), Team.objects.count(), Membership.objects.count(), LogEntry.objects.count())
    again, created_again = services.demo_authority_load(seed=11)
    assert again == authority and not created_again
    assert (Staff.objects.count(), Team.objects.count(), Membership.objects.count(), LogEntry.objects.count()) == counts
    assert ServiceArea.objects.filter(head__isnull=True).count() == 0
    assert Membership.objects.filter(end_date__isnull=False).exists()  # some staff have moved teams


def test_the_administrator_is_told_about_team_workers_without_a_team(client: Any, personas: Any) -> None:
    client.force_login(personas.admin)
    # Only the IRO, who works in a team, is counted: leaders and councillors need no team.
    assert "1 person whose role works in a team is not in one" in client.get("/").content.decode()
    Membership.objects.filter(staff=personas.practitioner_a.staff).delete()
    assert "2 people whose role works in a team are not in one" in client.get("/").content.decode()


def test_role_changes_read_as_added_and_removed_in_the_history(personas: Any) -> None:
    from assure.organisation.history import history_for
    from assure.organisation.models import Role

    staff = personas.practitioner_a.staff
    staff.roles.add(Role.objects.get(code="iro"))
    staff.roles.remove(Role.objects.get(code="practitioner"))
    texts = [c["new"] for row in history_for(staff) for c in row["changes"]]
    assert any(t.startswith("added ") and "Independent reviewing officer" in t for t in texts), texts
    assert any(t.startswith("removed ") and "Practitioner" in t for t in texts), texts


@pytest.mark.django_db
def test_the_demo_authority_compares_with_a_region_and_a_real_authoritys_neighbours() -> None:
    authority, _ = services.demo_authority_load(seed=11)
    assert (authority.region_code, authority.neighbours_of, authority.neighbour_model) == ("E12000002", "350", "")
    authority.region_code = authority.neighbours_of = ""  # as loaded before authorities had comparisons
    authority.save()
    again, changed = services.demo_authority_load(seed=11)
    assert changed and (again.region_code, again.neighbours_of) == ("E12000002", "350")


def test_an_administrator_sets_what_the_authority_compares_with(client: Any, personas: Any) -> None:
    client.force_login(personas.admin)
    url = reverse("organisation:authority-edit", args=[personas.authority.pk])
    form = client.get(url).content.decode()
    assert "Region to compare with" in form and "The 2025 model for every year" in form
    data = {"name": "Testshire County Council", "la_code": "990", "ons_code": "E10000990"}
    wrong = client.post(url, {**data, "neighbours_of": "35", "neighbour_model": "2031"}).content.decode()
    assert "Enter the DfE LA code as three digits" in wrong and "Select a valid choice" in wrong
    saved = client.post(url, {**data, "region_code": "E12000009", "neighbours_of": "350", "neighbour_model": "2025"})
    assert saved.status_code == 302
    personas.authority.refresh_from_db()
    assert (personas.authority.region_code, personas.authority.neighbours_of) == ("E12000009", "350")
    assert personas.authority.neighbour_model == "2025"


def test_a_history_names_related_things_and_choices_rather_than_their_codes(personas: Any) -> None:
    from assure.organisation.history import history_for

    team = personas.team_a
    before, after = team.service_area, personas.area_b
    team.service_area = after
    team.save()
    change = next(c for row in history_for(team) for c in row["changes"] if c["field"] == "service area")
    assert (change["old"], change["new"]) == (str(before), str(after))
    assert str(before.pk) != change["old"]


def test_a_history_reads_yes_and_no_and_leaves_empty_values_empty(personas: Any) -> None:
    from assure.organisation.history import history_for

    staff = personas.practitioner_a.staff
    staff.is_active = False
    staff.save()
    change = next(c for row in history_for(staff) for c in row["changes"] if c["field"] == "is active")
    assert (change["old"], change["new"]) == ("Yes", "No")


def test_a_history_shows_a_long_text_whole(personas: Any) -> None:
    from assure.organisation.history import history_for

    area = personas.area_a
    area.name = "Children in need, child protection and the front door, " * 3  # 168 characters
    area.save()
    change = next(c for row in history_for(area) for c in row["changes"] if c["field"] == "name")
    assert change["new"] == area.name and len(change["new"]) > 140


def test_a_created_things_history_lists_what_it_was_made_with_not_empty_fields(personas: Any) -> None:
    from assure.organisation.history import history_for
    from assure.organisation.models import Staff

    staff = Staff.objects.create(first_name="Ada", last_name="Okafor", email="ada.okafor@test.example")
    (created,) = history_for(staff)
    fields = {c["field"]: c["new"] for c in created["changes"]}
    assert created["action"] == "create"
    assert fields["first name"] == "Ada" and fields["email"] == "ada.okafor@test.example"
    assert "ID" not in fields and "id" not in fields  # its database number means nothing to a reader
    assert "job title" not in fields and "line manager" not in fields  # left empty
    assert all(value for value in fields.values())
    staff.job_title = "Social worker"
    staff.save()
    updated = history_for(staff)[0]
    assert [(c["field"], c["old"], c["new"]) for c in updated["changes"]] == [("job title", "", "Social worker")]


def test_a_created_things_own_chosen_key_stays_in_its_history(personas: Any) -> None:
    from assure.organisation.history import history_for
    from assure.organisation.models import Role

    Role.objects.filter(code="hr_business_partner").delete()
    role = Role.objects.create(code="hr_business_partner", requires_two_factor=True)
    fields = {c["field"]: c["new"] for c in history_for(role)[0]["changes"]}
    assert fields.get("code") and fields.get("requires two factor") == "Yes"  # a code means something; a number not


def test_a_change_to_a_field_since_removed_still_reads_in_the_history(personas: Any) -> None:
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from assure.organisation.history import history_for

    team = personas.team_a
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(team), object_pk=str(team.pk), object_id=team.pk,
        object_repr=str(team), action=LogEntry.Action.UPDATE, changes={"cost_centre": ["C100", "C200"]},
    )  # fmt: skip
    changes = [c for row in history_for(team) for c in row["changes"]]
    assert {"field": "cost centre", "old": "C100", "new": "C200", "key": False} in changes
