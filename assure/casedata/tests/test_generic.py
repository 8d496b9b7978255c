"""The generic layout: every table from CSV and XLSX, recognition, mapping, and each kind of finding."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest

from assure.casedata.findings import Finding, Severity
from assure.casedata.importing import ReturnFile, kind_of, read_returns
from assure.casedata.parsers.generic import (
    LAYOUTS,
    file_headers,
    is_generic_csv,
    parse_generic,
    suggest_mapping,
)
from assure.casedata.parsers.generic_spec import named
from assure.casedata.schema import KEYS, SCHEMA
from assure.core.testing import workbook_bytes

# One hand-made file per table, as a council would write it: a header and two records.
HAND_MADE = {
    "visits": ("child_id,visit_date,seen,seen_alone,kind\nA1,03/02/2025,Y,N,CP\nA2,2025-02-10,Yes,Yes,cla\n"),
    "allocations": (
        "child_id,worker_id,team,start_date,end_date,reason\n"
        "A1,sam.jones@council.gov.uk,North,01/04/2024,30/09/2024,Left\n"
        "A1,kim.lee@council.gov.uk,North,01/10/2024,,\n"
    ),
    "cp_reviews": "child_id,plan_id,due_date,review_date\nA1,P1,14/03/2025,12/03/2025\nA1,P1,14/09/2025,\n",
    "cla_reviews": "child_id,due_date,review_date,participation\nA2,2025-01-20,2025-01-17,pn1\nA2,2025-07-17,,\n",
    "pre_proceedings": (
        "child_id,pp_id,episode_id,start_date,letter_sent_date,initial_meeting_date,decision_date,outcome,"
        "court_application_date\n"
        "A1,PLO-1,R-1,05/08/2024,05/08/2024,19/08/2024,02/12/2024,ISSUE,06/01/2025\n"
        "A2,PLO-2,,01/02/2025,,,,,\n"
    ),
    "care_proceedings": (
        "child_id,proceedings_id,issue_date,final_order_date,order\nA1,ZW25C0001,06/01/2025,,\nA2,ZW24C0099,01/05/2024,01/11/2024,C32\n"
    ),
    "contacts": (
        "child_id,contact_id,contact_date,source,decision_date,outcome\n"
        "A1,C-1,10/02/2025,1b,11/02/2025,REFERRAL\n"
        "A3,C-2,2025-02-12,,,\n"
    ),
    "supervisions": (
        "child_id,supervision_date,supervisor_id,kind\n"
        "A1,12/02/2025,alex.patel@council.gov.uk,oversight\nA1,2025-03-10,,SUPERVISION\n"
    ),
    "cin_reviews": "child_id,plan_id,review_date\nA1,A1/CIN/2024-11-04,03/02/2025\nA1,A1/CIN/2024-11-04,2025-05-01\n",
    "core_groups": "child_id,plan_id,meeting_date\nA1,A1/CP/2025-01-13,24/01/2025\nA1,A1/CP/2025-01-13,2025-03-06\n",
    "health_assessments": "child_id,assessment_date,kind\nA2,20/01/2025,iha\nA2,2025-07-18,RHA\n",
    "peps": "child_id,pep_date\nA2,27/01/2025\nA2,2025-05-02\n",
    "pathway_plans": "child_id,plan_date,end_date\nA4,05/03/2024,\nA4,2024-09-02,2025-03-01\n",
    "iro_allocations": (
        "child_id,iro_id,start_date,end_date\nA2,jo.smith@council.gov.uk,01/04/2024,30/11/2024\n"
        "A2,ray.chan@council.gov.uk,2024-12-01,\n"
    ),
}


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def workbook(*sheets: tuple[str, list[list[object]]]) -> bytes:
    return workbook_bytes(dict(sheets))


def as_excel(table: str, text: str) -> list[list[object]]:
    """The rows with dates as real Excel dates, blanks as empty cells."""
    header, *records = rows_of(text)
    kinds = {column.name: column.kind for column in LAYOUTS[table].columns}
    out: list[list[object]] = [list(header)]
    for record in records:
        cells: list[object] = []
        for name, value in zip(header, record, strict=True):
            if not value:
                cells.append(None)
            elif kinds[name] == "date":
                day = dt.datetime.strptime(value, "%d/%m/%Y" if "/" in value else "%Y-%m-%d")
                cells.append(day)
            else:
                cells.append(value)
        out.append(cells)
    return out


def codes(findings: list[Finding]) -> list[tuple[str, int | None, str, str]]:
    return [(f.code, f.row, f.field, f.value) for f in findings]


def test_every_layout_fits_the_canonical_schema() -> None:
    assert set(HAND_MADE) == set(LAYOUTS)
    for table, layout in LAYOUTS.items():
        assert set(layout.names) <= set(SCHEMA[table])
        assert set(KEYS[table]) <= set(layout.names)
        assert {"child_id", *KEYS[table]} - {"review_date", "kind"} <= set(layout.required)


@pytest.mark.parametrize("table", sorted(HAND_MADE))
def test_each_table_reads_from_csv_and_xlsx_alike(table: str) -> None:
    from_csv, csv_findings = parse_generic(f"{table}.csv", HAND_MADE[table].encode())
    from_xlsx, xlsx_findings = parse_generic(f"{table}.xlsx", workbook((table, as_excel(table, HAND_MADE[table]))))
    assert csv_findings == [] and xlsx_findings == []
    assert list(from_csv) == [table] and list(from_xlsx) == [table]
    assert from_csv[table].schema == pl.Schema(SCHEMA[table])
    assert from_csv[table].height == 2
    assert from_csv[table].equals(from_xlsx[table])


def test_values_are_converted() -> None:
    visits = parse_generic("visits.csv", HAND_MADE["visits"].encode())[0]["visits"]
    assert visits.rows() == [
        ("A1", dt.date(2025, 2, 3), True, False, "CP"),
        ("A2", dt.date(2025, 2, 10), True, True, "CLA"),
    ]
    reviews = parse_generic("r.csv", HAND_MADE["cla_reviews"].encode())[0]["cla_reviews"]
    assert reviews["participation"].to_list() == ["PN1", None]
    assert reviews["review_date"].to_list() == [dt.date(2025, 1, 17), None]


def test_a_table_is_recognised_by_its_columns_in_any_case_or_spacing() -> None:
    content = b"Child ID, VISIT DATE ,Seen Alone\nA1,01/03/2025,no\n"
    tables, findings = parse_generic("export.csv", content)
    assert findings == []
    assert tables["visits"].row(0) == ("A1", dt.date(2025, 3, 1), None, False, None)
    # The CP review needs its plan; without one, the same columns are a looked-after review.
    assert list(parse_generic("r.csv", b"child_id,plan_id,due_date\nA1,P1,01/01/2025\n")[0]) == ["cp_reviews"]
    assert list(parse_generic("r.csv", b"child_id,due_date\nA1,01/01/2025\n")[0]) == ["cla_reviews"]


def test_a_file_named_after_a_table_is_held_to_that_layout() -> None:
    """A CP review file without its due dates is not quietly read as child in need reviews (which have
    the same other columns): its name says what it is, so the missing column is reported."""
    content = b"child_id,plan_id,review_date\nA1,P1,01/01/2025\n"
    assert list(parse_generic("export.csv", content)[0]) == ["cin_reviews"]
    tables, findings = parse_generic("uploads/CP_Reviews.CSV", content)
    assert tables == {}
    assert codes(findings) == [("columns-missing", 1, "due_date", "")]
    assert "Child protection reviews" in findings[0].message
    # Named after a table but with none of its dates: still read as that table, and the gap reported.
    visits = b"child_id,visit_type\nA1,CP\n"
    assert is_generic_csv("visits.csv", visits) and not is_generic_csv("export.csv", visits)
    assert codes(parse_generic("visits.csv", visits)[1])[0] == ("columns-missing", 1, "visit_date", "")
    assert named("Returns.xlsx (sheet CP reviews)") == "cp_reviews"
    assert named("Returns.xlsx (sheet Sheet1)") is None and named("cp_reviews_2.csv") is None


def test_a_mapping_reads_a_council_s_own_headers() -> None:
    content = b"Person ID,Date of visit,Child seen?,Seen on own,Visit type,Notes\n77,05/03/2025,Y,1,CIN,ok\n"
    mapping = {
        "Person ID": "child_id",
        "Date of visit": "visit_date",
        "Child seen?": "seen",
        "Seen on own": "seen_alone",
    }
    tables, findings = parse_generic("mosaic.csv", content, table="visits", mapping={**mapping, "Visit type": "kind"})
    assert tables["visits"].row(0) == ("77", dt.date(2025, 3, 5), True, True, "CIN")
    assert codes(findings) == [("column-ignored", 1, "Notes", "")]
    assert findings[0].severity == Severity.WARNING
    # The mapping is enough to recognise the table, too.
    assert list(parse_generic("mosaic.csv", content, mapping=mapping)[0]) == ["visits"]


def test_a_mapping_to_a_column_we_do_not_have_is_refused() -> None:
    tables, findings = parse_generic("v.csv", b"a,b\nA1,01/01/2025\n", table="visits", mapping={"a": "pupil"})
    assert tables == {}
    assert [f.code for f in findings] == ["mapping-invalid"]
    both = b"Child,child_id,visit_date\nA1,A1,01/01/2025\n"
    assert [f.code for f in parse_generic("v.csv", both, mapping={"Child": "child_id"})[1]] == ["mapping-invalid"]


def test_suggest_mapping_on_realistic_headers() -> None:
    headers = ["Person ID", "Visit Date", "Child seen?", "Child seen alone?", "Worker email", "Visit Type"]
    assert suggest_mapping(headers, "visits") == {
        "child_id": "Person ID",
        "visit_date": "Visit Date",
        "seen": "Child seen?",
        "seen_alone": "Child seen alone?",
        "kind": "Visit Type",
    }
    allocations = suggest_mapping(["Child Ref", "Worker email", "Team Name", "Start Date", "End Date"], "allocations")
    assert allocations == {
        "child_id": "Child Ref",
        "worker_id": "Worker email",
        "team": "Team Name",
        "start_date": "Start Date",
        "end_date": "End Date",
        "reason": None,
    }
    assert suggest_mapping(["Review Due Dt", "Plan"], "cp_reviews")["due_date"] == "Review Due Dt"


def test_an_impossible_date_is_an_error() -> None:
    tables, findings = parse_generic("v.csv", b"child_id,visit_date\nA1,31/02/2025\nA2,2025-13-01\nA3,3rd May\n")
    assert codes(findings) == [
        ("date-invalid", 2, "visit_date", "31/02/2025"),
        ("date-invalid", 3, "visit_date", "2025-13-01"),
        ("date-invalid", 4, "visit_date", "3rd May"),
    ]
    assert findings[0].message == "is not a real date." and findings[0].child_id == "A1"
    assert "DD/MM/YYYY or YYYY-MM-DD" in findings[2].message
    assert tables["visits"]["visit_date"].null_count() == 3


def test_a_formula_cell_is_reported_and_never_calculated() -> None:
    rows: list[list[object]] = [
        ["child_id", "visit_date", "seen"],
        ["A1", "=TODAY()", "Y"],
        ["A2", dt.date(2025, 1, 2), 1],
    ]
    tables, findings = parse_generic("v.xlsx", workbook(("Visits", rows)))
    formula = [f for f in findings if f.code == "formula"]
    assert codes(formula) == [("formula", 2, "visit_date", "=TODAY()")]
    assert tables["visits"]["visit_date"].to_list() == [None, dt.date(2025, 1, 2)]


def test_a_missing_required_column_is_an_error() -> None:
    tables, findings = parse_generic("a.csv", b"child_id,worker_id,team\nA1,w1,North\n", table="allocations")
    assert tables == {}
    assert codes(findings) == [("columns-missing", 1, "start_date", "")]
    _, unknown = parse_generic("a.csv", b"child_id,worker_id,team\nA1,w1,North\n")
    assert codes(unknown) == [("table-unknown", 1, "start_date", "")]
    assert "Allocations" in unknown[0].message


def test_a_bad_flag_is_a_warning_and_imported_as_blank() -> None:
    tables, findings = parse_generic("v.csv", b"child_id,visit_date,seen,seen_alone\nA1,01/01/2025,maybe,TRUE\n")
    assert codes(findings) == [("value-invalid", 2, "seen", "maybe")]
    assert findings[0].severity == Severity.WARNING
    assert tables["visits"].row(0)[2:4] == (None, True)


def test_an_end_before_its_start_is_an_error() -> None:
    content = b"child_id,worker_id,start_date,end_date\nA1,w1,01/04/2024,2024-03-31\n"
    _, findings = parse_generic("a.csv", content)
    assert codes(findings) == [("date-order", 2, "end_date", "2024-03-31")]
    assert findings[0].message == "is before start_date 01/04/2024."


def test_a_duplicate_natural_key_is_an_error() -> None:
    content = b"child_id,visit_date,kind\nA1,03/02/2025,cp\nA1,03/02/2025,CIN\nA1,2025-02-03,CP\n"
    _, findings = parse_generic("v.csv", content)
    assert codes(findings) == [("record-duplicate", 4, "visit_date", "2025-02-03")]
    assert "as row 2" in findings[0].message


def test_a_blank_required_value_is_an_error() -> None:
    _, findings = parse_generic("v.csv", b"child_id,visit_date\n,01/01/2025\nA1,\n")
    assert codes(findings) == [("value-missing", 2, "child_id", ""), ("value-missing", 3, "visit_date", "")]


def test_a_byte_order_mark_and_blank_rows_are_fine() -> None:
    content = b"\xef\xbb\xbfchild_id,contact_id,contact_date\r\nA1,C1,01/01/2025\r\n,,\r\n"
    tables, findings = parse_generic("contacts.csv", content)
    assert findings == []
    assert tables["contacts"].height == 1
    assert is_generic_csv("contacts.csv", content)
    assert file_headers("contacts.csv", content) == ["child_id", "contact_id", "contact_date"]


def test_bad_files_are_reported() -> None:
    assert [f.code for f in parse_generic("v.csv", b"")[1]] == ["file-empty"]
    assert [f.code for f in parse_generic("v.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100)[1]] == ["xlsx-unreadable"]
    assert [f.code for f in parse_generic("v.xlsx", b"PK\x03\x04broken")[1]] == ["xlsx-unreadable"]
    with pytest.raises(ValueError, match="Unknown generic table"):
        parse_generic("v.csv", b"a\n1\n", table="pupils")


def test_a_workbook_may_hold_a_table_per_sheet() -> None:
    content = workbook(
        ("Read me", [["This workbook holds our visits and allocations."]]),
        ("Visits", [["Child ID", "Visit date"], [101, dt.datetime(2025, 3, 1, 14, 30)]]),
        ("Allocations", [["child_id", "worker_id", "start_date"], ["101", "w1", "01/04/2024"]]),
    )
    tables, findings = parse_generic("extract.xlsx", content)
    assert tables["visits"].row(0)[:2] == ("101", dt.date(2025, 3, 1))
    assert tables["allocations"].height == 1
    assert [(f.code, f.file, f.severity) for f in findings] == [
        ("sheet-ignored", "extract.xlsx (sheet Read me)", Severity.WARNING)
    ]


def test_read_returns_imports_a_903_header_with_generic_visits_and_reviews() -> None:
    files = [
        ReturnFile("header.csv", b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,M,01/02/2015,WBRI,,,\n"),
        ReturnFile("reviews.csv", b"CHILD,DOB,REVIEW,REVIEW_CODE\nA1,01/02/2015,17/01/2025,PN1\n"),
        ReturnFile("visits.csv", b"Child ID,Visit Date,Seen,Seen alone\nA1,03/02/2025,Y,N\n"),
        ReturnFile(
            "due.xlsx", workbook(("Due", [["child_id", "review_date", "due_date"], ["A1", "17/01/2025", "20/01/2025"]]))
        ),
    ]
    assert [kind_of(file) for file in files] == ["903-csv", "903-csv", "generic-csv", "generic-xlsx"]
    result = read_returns(files, as_at=dt.date(2025, 3, 31))
    assert result.errors == []
    assert result.tables["children"]["child_id"].to_list() == ["A1"]
    assert result.tables["visits"].rows() == [("A1", dt.date(2025, 2, 3), True, False, None)]
    # The 903 review and the generic due date are the same review: one row with both.
    assert result.tables["cla_reviews"].rows() == [("A1", dt.date(2025, 1, 17), "PN1", dt.date(2025, 1, 20))]
    assert [source["format"] for source in result.sources] == ["903-csv", "903-csv", "generic-csv", "generic-xlsx"]


def test_the_documentation_names_every_table_and_column() -> None:
    doc = (Path(__file__).resolve().parents[3] / "docs" / "generic-layout.md").read_text()
    for table, layout in LAYOUTS.items():
        assert f"`{table}`" in doc and layout.file_name in doc
        for column in layout.columns:
            assert f"| `{column.name}` | {'Yes' if column.required else 'No'} |" in doc, (table, column.name)


def test_bad_practice_records_name_the_file_row_and_field() -> None:
    supervisions = b"child_id,supervision_date,supervisor_id\nA1,12/02/2025,tm@x\nA1,30/02/2025,tm@x\n,01/03/2025,\n"
    _, findings = parse_generic("oversight.csv", supervisions)
    assert [str(f) for f in findings] == [
        'oversight.csv, row 4, field "child_id": is blank: every row needs a child_id.',
        'oversight.csv, row 3, field "supervision_date": "30/02/2025" is not a real date.',
    ]
    iros = b"child_id,iro_id,start_date,end_date\nA2,jo@x,01/04/2024,31/03/2024\n"
    _, findings = parse_generic("iro.csv", iros)
    assert codes(findings) == [("date-order", 2, "end_date", "31/03/2024")]
    cin_reviews = b"child_id,plan_id,review_date\nA1,P1,03/02/2025\nA1,P1,2025-02-03\n"
    _, findings = parse_generic("cin.csv", cin_reviews)
    assert codes(findings) == [("record-duplicate", 3, "plan_id", "P1")]


def test_a_council_s_own_practice_headers_are_suggested_and_read() -> None:
    headers = ["Person ID", "Oversight Date", "Manager", "Type"]
    assert suggest_mapping(headers, "supervisions") == {
        "child_id": "Person ID",
        "supervision_date": "Oversight Date",
        "supervisor_id": "Manager",
        "kind": "Type",
    }
    mapping = {
        "Person ID": "child_id",
        "Oversight Date": "supervision_date",
        "Manager": "supervisor_id",
        "Type": "kind",
    }
    content = b"Person ID,Oversight Date,Manager,Type\nA1,03/03/2025,tm@x.example,Supervision\n"
    tables, findings = parse_generic("report.csv", content, table="supervisions", mapping=mapping)
    assert findings == [] and tables["supervisions"].rows() == [
        ("A1", dt.date(2025, 3, 3), "tm@x.example", "SUPERVISION")
    ]
    assert suggest_mapping(["Child", "IRO", "IRO Start Date", "IRO End Date"], "iro_allocations") == {
        "child_id": "Child", "iro_id": "IRO", "start_date": "IRO Start Date", "end_date": "IRO End Date",
    }  # fmt: skip
