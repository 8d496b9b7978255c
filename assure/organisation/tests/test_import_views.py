"""Import of structure and staff through the web pages, the background job and the command."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from assure.core.models import Job, JobStatus
from assure.core.services import job_run
from assure.core.testing import workbook_bytes
from assure.organisation import selectors, services
from assure.organisation.demo import generate
from assure.organisation.models import (
    Directorate,
    ImportStatus,
    LocalAuthority,
    Membership,
    OrganisationImport,
    ServiceArea,
    Staff,
    Team,
)

STAFF_HEADER = ["email", "first_name", "last_name", "job_title", "roles", "team", "start_date"]


def csv_file(name: str, rows: list[list[str]]) -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def xlsx_file(name: str, rows: list[list[Any]], **cells: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook_bytes({"Sheet": rows}, **cells))


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Staff, Team, Membership, ServiceArea, Directorate)}


def page(response: Any) -> str:
    return html.unescape(response.content.decode())


def upload(client: Any, *files: SimpleUploadedFile) -> OrganisationImport:
    response = client.post(reverse("organisation:import"), {"upload": list(files)})
    assert response.status_code == 302, page(response)
    organisation_import = OrganisationImport.objects.latest("pk")
    assert response["Location"] == reverse("organisation:import-preview", args=[organisation_import.pk])
    return organisation_import


def test_the_upload_page_describes_both_layouts_with_templates(client: Any, personas: Any) -> None:
    client.force_login(personas.admin)
    text = page(client.get(reverse("organisation:import")))
    assert "Structure file: one row for each team" in text and "Staff file: one row for each person" in text
    assert reverse("organisation:import-template", args=["structure"]) in text
    assert reverse("organisation:import-template", args=["staff"]) in text
    assert 'enctype="multipart/form-data"' in text


def test_a_template_downloads_as_csv(client: Any, personas: Any) -> None:
    client.force_login(personas.admin)
    response = client.get(reverse("organisation:import-template", args=["staff"]))
    assert response["Content-Type"].startswith("text/csv")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:7] == STAFF_HEADER
    assert client.get(reverse("organisation:import-template", args=["payroll"])).status_code == 404


def test_uploading_nothing_asks_for_a_file(client: Any, personas: Any) -> None:
    client.force_login(personas.admin)
    response = client.post(reverse("organisation:import"), {})
    assert response.status_code == 200
    assert "Select a CSV or Excel file to import." in page(response)
    assert not OrganisationImport.objects.exists()


def test_only_administrators_can_upload(client: Any, personas: Any) -> None:
    client.force_login(personas.manager_a)
    staff = csv_file("staff.csv", [STAFF_HEADER])
    assert client.post(reverse("organisation:import"), {"upload": [staff]}).status_code == 403
    assert not OrganisationImport.objects.exists()


def test_a_bad_staff_file_is_refused_row_by_row_and_nothing_changes(client: Any, personas: Any) -> None:
    client.force_login(personas.admin)
    before = counts()
    rows = [
        [c for c in STAFF_HEADER if c != "job_title"],
        ["new.one@test.example", "New", "One", "practitioner", "Family Support North", "01/04/2025"],
        ["new.two@test.example", "New", "Two", "practitioner", "Atlantis Team", "01/04/2025"],
        ["new.one@test.example", "New", "Again", "practitioner", "Family Support North", "01/04/2025"],
        ["new.three@test.example", "New", "Three", "practitioner", "Assessment 1", "31/02/2025"],
        ["new.four@test.example", "New", "Four", "practitioner", "Assessment 1", "01/04/2025"],
    ]
    organisation_import = upload(client, xlsx_file("staff.xlsx", rows, C6="=UPPER(B6)"))
    assert organisation_import.status == ImportStatus.FAILED and organisation_import.rows == {}

    response = client.get(reverse("organisation:import-preview", args=[organisation_import.pk]))
    text = page(response)
    assert "<title>Error: There is a problem with your import" in text
    assert "govuk-error-summary" in text and "Confirm import" not in text
    for expected in [
        'staff.xlsx, row 1: The staff file is missing the column "job_title".',
        'staff.xlsx, row 3, field "team": "Atlantis Team" is not a team',
        'staff.xlsx, row 4, field "email": "new.one@test.example" is also on row 2.',
        'staff.xlsx, row 5, field "start_date": "31/02/2025" is not a real date.',
        'staff.xlsx, row 6, field "last_name": "=UPPER(B6)" is a formula.',
    ]:
        assert expected in text

    response = client.post(reverse("organisation:import-preview", args=[organisation_import.pk]))
    assert response.status_code == 302 and not Job.objects.exists()
    assert counts() == before


def _good_files(personas: Any) -> list[SimpleUploadedFile]:
    structure = csv_file(
        "structure.csv",
        [
            ["Service area", "Team", "Team type"],
            ["Safeguarding", "Family Support East", "cin_cp"],
            ["Fostering Services", "Fostering Team 1", "Fostering"],
        ],
    )
    staff = csv_file(
        "staff.csv",
        [
            [*STAFF_HEADER, "line_manager_email", "fte"],
            [
                "jo.new@test.example",
                "Jo",
                "New",
                "Social Worker",
                "practitioner",
                "Family Support East",
                "01/09/2025",
                personas.manager_a.email,
                "0.8",
            ],
            [
                personas.practitioner_a.email,
                "Worker",
                "A",
                "Senior Social Worker",
                "Practitioner",
                "Children in Care 1",
                "2025-09-01",
                "",
                "",
            ],
        ],
    )
    return [structure, staff]


def test_a_good_import_is_previewed_then_applied_by_a_background_job(client: Any, personas: Any) -> None:
    client.force_login(personas.admin)
    before = counts()
    organisation_import = upload(client, *_good_files(personas))
    assert organisation_import.status == ImportStatus.CHECKED and organisation_import.kind == "both"

    preview = reverse("organisation:import-preview", args=[organisation_import.pk])
    text = page(client.get(preview))
    assert "Check the changes before you import them" in text
    for expected in [
        "Fostering Services",
        "Teams to add",
        "Family Support East",
        "People to add",
        "jo.new@test.example",
    ]:
        assert expected in text
    assert "Senior Social Worker" in text and "Team moves" in text and "1 Sep 2025" in text
    assert "Confirm import" in text
    assert counts() == before

    response = client.post(preview)
    job = Job.objects.get(kind="organisation.import")
    assert response["Location"] == reverse("core:job-detail", args=[job.pk])
    assert client.post(preview)["Location"] == response["Location"]  # a second click finds the same job
    assert counts() == before

    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert job.result["next_url"] == "/organisation/" and job.result["next_label"] == "See the organisation"
    assert job.result["summary"] == (
        "Added 1 service area, 2 teams and 1 person; updated 1 person's details; moved 1 person to a new team."
    )
    assert "Finished" in page(client.get(reverse("core:job-detail", args=[job.pk])))

    east = Team.objects.get(name="Family Support East")
    assert east.service_area == personas.area_a
    assert Team.objects.get(name="Fostering Team 1").service_area.name == "Fostering Services"
    jo = Staff.objects.get(email="jo.new@test.example")
    assert jo.line_manager == personas.manager_a.staff and str(jo.fte) == "0.80"
    assert selectors.team_of_staff_on(staff=jo, on=dt.date(2025, 9, 1)) == east

    worker = personas.practitioner_a.staff
    worker.refresh_from_db()
    assert worker.job_title == "Senior Social Worker"
    assert selectors.team_of_staff_on(staff=worker, on=dt.date(2025, 8, 31)) == personas.team_a
    assert selectors.team_of_staff_on(staff=worker, on=dt.date(2025, 9, 1)) == personas.team_b
    old = worker.memberships.get(team=personas.team_a)
    assert old.end_date == dt.date(2025, 8, 31)

    new_membership = worker.memberships.get(team=personas.team_b)
    entry = LogEntry.objects.get_for_object(new_membership).get()
    assert entry.actor == personas.admin
    title_change = LogEntry.objects.get_for_object(worker).filter(actor=personas.admin).latest("timestamp")
    assert title_change.changes_dict["job_title"] == ["practitioner", "Senior Social Worker"]
    history = page(client.get(reverse("organisation:staff-detail", args=[worker.pk])))
    assert "Senior Social Worker" in history

    organisation_import.refresh_from_db()
    assert organisation_import.status == ImportStatus.APPLIED
    assert "This import has been applied" in page(client.get(preview))
    assert client.post(preview).status_code == 302
    assert Job.objects.count() == 1


def test_the_import_is_checked_again_when_it_is_applied(client: Any, personas: Any) -> None:
    client.force_login(personas.admin)
    organisation_import = upload(client, *_good_files(personas))
    client.post(reverse("organisation:import-preview", args=[organisation_import.pk]))
    # Meanwhile someone records a later move, so the move in the file no longer fits.
    services.staff_move(staff=personas.practitioner_a.staff, team=personas.team_a2, on=dt.date(2025, 10, 1))
    before = counts()

    job = Job.objects.get(kind="organisation.import")
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert any("staff.csv, row 3" in error and "start_date" in error for error in job.errors), job.errors
    assert counts() == before
    organisation_import.refresh_from_db()
    assert organisation_import.status == ImportStatus.FAILED
    text = page(client.get(reverse("organisation:import-preview", args=[organisation_import.pk])))
    assert "There is a problem with your import" in text and "01/09/2025" in text


def _write_demo(tmp_path: Path) -> tuple[Path, Path, Any]:
    """The demo authority written out as a structure file and a staff file."""
    demo = generate()
    emails = {person.key: person.email for person in demo.staff}
    structure = tmp_path / "structure.csv"
    with structure.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["directorate", "service_area", "team", "team_type"])
        writer.writerows([demo.directorate, area, name, kind] for name, kind, area in demo.teams)
    staff = tmp_path / "staff.csv"
    with staff.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow([*STAFF_HEADER, "line_manager_email", "employment_type", "fte"])
        for person in demo.staff:
            team, start = next(((t, f"{s:%d/%m/%Y}") for t, s, end in person.memberships if end is None), ("", ""))
            manager = emails[person.line_manager] if person.line_manager else ""
            roles = "; ".join(role.value for role in person.roles)
            writer.writerow(
                [
                    person.email,
                    person.first_name,
                    person.last_name,
                    person.job_title,
                    roles,
                    team,
                    start,
                    manager,
                    person.employment_type,
                    person.fte,
                ]
            )
    return structure, staff, demo


def test_the_demo_authority_survives_a_round_trip(db: None, tmp_path: Path, capsys: Any) -> None:
    structure, staff, demo = _write_demo(tmp_path)
    assert counts()["Staff"] == 0

    call_command("import_organisation", str(structure), str(staff))
    assert "Nothing has been changed" in capsys.readouterr().out
    assert counts()["Staff"] == 0

    call_command("import_organisation", str(structure), str(staff), "--apply")
    out = capsys.readouterr().out
    assert f"Saving 25 teams and {len(demo.staff)} staff…" in out
    assert f"Added 1 directorate, 6 service areas, 25 teams and {len(demo.staff)} people." in out
    assert Staff.objects.count() == len(demo.staff)
    assert Team.objects.count() == len(demo.teams)
    assert ServiceArea.objects.count() == len(demo.service_areas)
    assert LocalAuthority.objects.get().name == "Your local authority"
    in_a_team = sum(1 for person in demo.staff if any(end is None for _, _, end in person.memberships))
    assert Membership.objects.count() == in_a_team
    head = demo.staff[3]
    assert (
        Staff.objects.get(email=head.email).line_manager.email
        == {s.key: s.email for s in demo.staff}[head.line_manager]
    )

    call_command("import_organisation", str(structure), str(staff))  # a second time: nothing left to change
    assert "Nothing to change" in capsys.readouterr().out


def test_the_command_prints_problems_and_fails(db: None, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("email,first_name,last_name,job_title,roles,team,start_date\nx@test.example,X,Y,,wizard,,\n")
    with pytest.raises(CommandError) as raised:
        call_command("import_organisation", str(path), "--apply")
    assert raised.value.returncode == 1
    assert 'staff.csv, row 2, field "roles": "wizard" is not a role.' in capsys.readouterr().err
    assert Staff.objects.count() == 0


def test_existing_teams_are_changed_and_memberships_ended(personas: Any) -> None:
    structure = b"service_area,team,team_type\nChildren in Care,Assessment 1,children_in_care\n"
    staff = (
        b"email,first_name,last_name,job_title,roles,team,start_date,end_date\n"
        b"worker.b@test.example,Worker,B,,practitioner,Children in Care 1,01/01/2020,31/03/2026\n"
    )
    organisation_import = services.organisation_import_check(
        user=personas.admin, files=[("structure.csv", structure), ("staff.csv", staff)]
    )
    assert organisation_import.errors == []
    summary = services.organisation_import_apply(organisation_import=organisation_import)
    assert summary == "Changed 1 team; ended 1 team membership."
    personas.team_a2.refresh_from_db()
    assert (personas.team_a2.service_area, personas.team_a2.team_type) == (personas.area_b, "children_in_care")
    membership = personas.practitioner_b.staff.memberships.get()
    assert membership.end_date == dt.date(2026, 3, 31)
