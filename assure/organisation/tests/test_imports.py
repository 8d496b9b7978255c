"""The framework-free reader and checker for organisation imports, on hand-made CSV and XLSX files."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest

from assure.core.testing import workbook_bytes
from assure.organisation.imports import (
    STAFF,
    STRUCTURE,
    StaffRow,
    Upload,
    Vocabulary,
    check_upload,
    rows_from_json,
    template_rows,
)

VOCABULARY = Vocabulary.from_choices(
    team_types=[("cin_cp", "Children in need and child protection"), ("assessment", "Assessment")],
    employment_types=[("permanent", "Permanent"), ("agency", "Agency")],
)
STAFF_HEADER = ["email", "first_name", "last_name", "job_title", "roles", "team", "start_date"]
STRUCTURE_HEADER = ["service_area", "team", "team_type"]


def csv_bytes(rows: list[list[str]], *, bom: bool = False) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[Any]], **cells: Any) -> bytes:
    """A workbook with `rows` from A1, then any cells given by reference (B3="=1+1")."""
    return workbook_bytes({"Sheet": rows}, **cells)


def check(*files: tuple[str, bytes], teams: tuple[str, ...] = ("Family Support North",), emails: tuple[str, ...] = ()):
    return check_upload(list(files), vocabulary=VOCABULARY, existing_teams=teams, existing_emails=emails)


def messages(upload: Upload) -> list[str]:
    return [str(problem) for problem in upload.problems]


def staff_row(email: str = "sam.okafor@example.gov.uk", **overrides: str) -> list[str]:
    values = {
        "email": email,
        "first_name": "Sam",
        "last_name": "Okafor",
        "job_title": "Social Worker",
        "roles": "practitioner",
        "team": "Family Support North",
        "start_date": "01/04/2025",
    }
    values.update(overrides)
    return [values[column] for column in STAFF_HEADER]


def test_a_good_staff_csv_is_read_into_rows() -> None:
    header = [
        "E-mail",
        "First Name",
        " last_name ",
        "Job title",
        "Roles",
        "Team",
        "Start date",
        "FTE",
        "Employment type",
    ]
    data = csv_bytes(
        [
            header,
            [
                "Sam.Okafor@Example.gov.uk",
                "Sam",
                "Okafor",
                "Social Worker",
                "practitioner; Team manager",
                "family support north",
                "01/04/2025",
                "0.6",
                "Agency",
            ],
            ["jo.bloggs@example.gov.uk", "Jo", "Bloggs", "", "System administrator", "", "", "", ""],
        ],
        bom=True,
    )
    upload = check(("staff.csv", data))
    assert upload.problems == []
    assert upload.kinds == {"staff.csv": STAFF}
    sam, jo = upload.staff
    assert sam.email == "sam.okafor@example.gov.uk"
    assert sam.roles == ("practitioner", "team_manager")
    assert (sam.start_date, sam.fte, sam.employment_type) == ("2025-04-01", "0.60", "agency")
    assert sam.row == 2 and jo.row == 3
    assert jo.team == "" and jo.roles == ("system_administrator",)


def test_a_structure_xlsx_is_read_and_team_types_match_by_code_or_label() -> None:
    data = xlsx_bytes(
        [
            ["Service area", "Team", "Team type", "Directorate"],
            ["Safeguarding", "Family Support East", "Children in need and child protection", "Children's Services"],
            ["Safeguarding", "Assessment 2", "assessment", ""],
        ]
    )
    upload = check(("structure.xlsx", data))
    assert upload.problems == []
    assert upload.kinds == {"structure.xlsx": STRUCTURE}
    assert [(r.team, r.team_type, r.row) for r in upload.structure] == [
        ("Family Support East", "cin_cp", 2),
        ("Assessment 2", "assessment", 3),
    ]


def test_a_bad_staff_file_names_the_row_and_field_of_every_problem() -> None:
    rows = [
        [c for c in STAFF_HEADER if c != "job_title"],  # a required column is missing
        ["ok.person@example.gov.uk", "Ok", "Person", "practitioner", "Family Support North", "01/04/2025"],
        ["lost.person@example.gov.uk", "Lost", "Person", "practitioner", "Atlantis Team", "01/04/2025"],
        ["ok.person@example.gov.uk", "Twice", "Listed", "practitioner", "Family Support North", "01/04/2025"],
        ["late.person@example.gov.uk", "Late", "Person", "practitioner", "Family Support North", "31/02/2025"],
        ["sum.person@example.gov.uk", "Sum", "Person", "practitioner", "Family Support North", "01/04/2025"],
    ]
    upload = check(("staff.xlsx", xlsx_bytes(rows, B6='=CONCAT("S","um")')))
    found = messages(upload)
    assert 'staff.xlsx, row 1: The staff file is missing the column "job_title".' in found
    assert (
        'staff.xlsx, row 3, field "team": "Atlantis Team" is not a team in the organisation '
        "or in a structure file in this upload." in found
    )
    assert (
        'staff.xlsx, row 4, field "email": "ok.person@example.gov.uk" is also on row 2. List each person once.' in found
    )
    assert 'staff.xlsx, row 5, field "start_date": "31/02/2025" is not a real date.' in found
    assert any(m.startswith('staff.xlsx, row 6, field "first_name": "=CONCAT(') and "formula" in m for m in found)
    assert len(found) == 5
    assert {(p.row, p.field) for p in upload.problems} == {
        (1, ""),
        (3, "team"),
        (4, "email"),
        (5, "start_date"),
        (6, "first_name"),
    }


@pytest.mark.parametrize("text", ["=1+1", "+44 1234", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")'])
def test_text_that_a_spreadsheet_would_run_as_a_formula_is_refused(text: str) -> None:
    upload = check(("staff.csv", csv_bytes([STAFF_HEADER, staff_row(job_title=text)])))
    assert [(p.row, p.field, p.value) for p in upload.problems] == [(2, "job_title", text)]
    assert "is a formula" in upload.problems[0].message


def test_formulas_in_an_xlsx_are_never_worked_out() -> None:
    data = xlsx_bytes([STAFF_HEADER, staff_row()], G2="=DATE(2025,4,1)", D2="Social Worker")
    upload = check(("staff.xlsx", data))
    assert [(p.row, p.field, p.value) for p in upload.problems] == [(2, "start_date", "=DATE(2025,4,1)")]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"roles": "practitioner; wizard"}, "roles", '"wizard" is not a role.'),
        ({"roles": ""}, "roles", "The list of roles is empty."),
        ({"email": "not-an-address"}, "email", '"not-an-address" is not a valid e-mail address.'),
        ({"first_name": ""}, "first_name", "The first name is empty."),
        ({"start_date": ""}, "start_date", "The date they joined the team is empty."),
        ({"start_date": "1st April"}, "start_date", "is not a date. Use the form DD/MM/YYYY"),
        ({"start_date": "2025-02-30"}, "start_date", '"2025-02-30" is not a real date.'),
    ],
)
def test_wrong_values_are_named_with_their_row_and_field(overrides: dict[str, str], field: str, message: str) -> None:
    upload = check(
        ("staff.csv", csv_bytes([STAFF_HEADER, staff_row(), staff_row(**{"email": "b@example.gov.uk", **overrides})]))
    )
    assert len(upload.problems) == 1, messages(upload)
    problem = upload.problems[0]
    assert (problem.file, problem.row, problem.field) == ("staff.csv", 3, field)
    assert message in problem.message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "outside 0.01 to 1.00"),
        ("1.5", "outside 0.01 to 1.00"),
        ("0.333", "two decimal places"),
        ("half", "not a number"),
    ],
)
def test_fte_must_be_between_a_hundredth_and_one(value: str, message: str) -> None:
    upload = check(("staff.csv", csv_bytes([[*STAFF_HEADER, "fte"], [*staff_row(), value]])))
    assert [(p.row, p.field) for p in upload.problems] == [(2, "fte")]
    assert message in upload.problems[0].message


def test_an_end_date_before_the_start_date_is_refused() -> None:
    upload = check(("staff.csv", csv_bytes([[*STAFF_HEADER, "end_date"], [*staff_row(), "2025-03-31"]])))
    assert messages(upload) == [
        'staff.csv, row 2, field "end_date": "2025-03-31" is before the start date "01/04/2025".'
    ]


def test_line_managers_must_be_known_or_in_the_same_file() -> None:
    header = [*STAFF_HEADER, "line_manager_email"]
    rows = [
        header,
        [*staff_row("a@example.gov.uk"), "b@example.gov.uk"],  # later in the file
        [*staff_row("b@example.gov.uk"), "boss@example.gov.uk"],  # already recorded
        [*staff_row("c@example.gov.uk"), "nobody@example.gov.uk"],
    ]
    upload = check(("staff.csv", csv_bytes(rows)), emails=("Boss@example.gov.uk",))
    assert [(p.row, p.field, p.value) for p in upload.problems] == [(4, "line_manager_email", "nobody@example.gov.uk")]


def test_a_staff_file_may_name_a_team_from_the_structure_file_in_the_same_upload() -> None:
    structure = csv_bytes([STRUCTURE_HEADER, ["Safeguarding", "Family Support East", "cin_cp"]])
    staff = csv_bytes([STAFF_HEADER, staff_row(team="Family Support East")])
    assert check(("staff.csv", staff)).problems[0].field == "team"
    upload = check(("structure.csv", structure), ("staff.csv", staff))
    assert upload.problems == []
    assert upload.kinds == {"structure.csv": STRUCTURE, "staff.csv": STAFF}


def test_structure_problems_are_found() -> None:
    rows = [
        [*STRUCTURE_HEADER, "directorate"],
        ["Safeguarding", "Team One", "cin_cp", "Children's Services"],
        ["Safeguarding", "team one", "Space exploration", "Adult Services"],
        ["", "Team Two", "assessment", ""],
    ]
    found = {(p.row, p.field) for p in check(("structure.csv", csv_bytes(rows))).problems}
    assert found == {(3, "team"), (3, "team_type"), (3, "directorate"), (4, "service_area")}


def test_missing_columns_are_named_in_one_message() -> None:
    upload = check(("staff.csv", csv_bytes([["email", "first_name", "last_name"], ["a@example.gov.uk", "A", "B"]])))
    assert messages(upload) == [
        'staff.csv, row 1: The staff file is missing the columns "job_title", "roles", "team" and "start_date".'
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("staff.csv", b"", "The file is empty."),
        ("staff.csv", "email,first_name\nzoë@example.gov.uk,Zoë\n".encode("cp1252"), "is not UTF-8"),
        ("staff.xlsx", b"this is not a workbook", "could not be read as an Excel workbook"),
        ("staff.csv", b"colour,size\nred,large\n", "do not match either layout"),
    ],
)
def test_unreadable_files_are_refused(name: str, data: bytes, message: str) -> None:
    upload = check((name, data))
    assert len(upload.problems) == 1 and message in str(upload.problems[0])
    assert upload.problems[0].file == name


def test_a_zip_that_is_not_a_workbook_is_unreadable() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert "could not be read as an Excel workbook" in messages(check(("staff.xlsx", buffer.getvalue())))[0]


def test_row_numbers_are_the_spreadsheet_rows() -> None:
    data = (
        b'email,first_name,last_name,job_title,roles,team,start_date\n\n"a@example.gov.uk",A,B,"Two\nlines",wizard,,\n'
    )
    upload = check(("staff.csv", data))
    assert [(p.row, p.field) for p in upload.problems] == [(3, "roles")]


def test_two_staff_files_in_one_upload_are_refused() -> None:
    data = csv_bytes([STAFF_HEADER, staff_row()])
    assert "one staff file at a time" in messages(check(("a.csv", data), ("b.csv", data)))[0]


def test_rows_survive_a_round_trip_through_json() -> None:
    upload = check(("staff.csv", csv_bytes([STAFF_HEADER, staff_row(roles="team_manager;iro")])))
    structure, staff = rows_from_json(upload.rows_to_json())
    assert structure == [] and staff == upload.staff
    assert isinstance(staff[0], StaffRow) and staff[0].roles == ("team_manager", "iro")


@pytest.mark.parametrize("kind", [STRUCTURE, STAFF])
def test_the_templates_are_recognised_by_their_own_columns(kind: str) -> None:
    upload = check(
        (f"{kind}.csv", csv_bytes(template_rows(kind))),
        teams=("Family Support North",),
        emails=("team.manager@example.gov.uk",),
    )
    assert upload.kinds == {f"{kind}.csv": kind}
    assert upload.problems == []


def test_excel_dates_and_numbers_are_read_as_stored() -> None:
    import datetime as dt

    data = xlsx_bytes([[*STAFF_HEADER, "fte"], [*staff_row()[:6], dt.datetime(2025, 4, 1), 0.8]])
    upload = check(("staff.xlsx", data))
    assert upload.problems == []
    assert (upload.staff[0].start_date, upload.staff[0].fte) == ("2025-04-01", "0.80")
