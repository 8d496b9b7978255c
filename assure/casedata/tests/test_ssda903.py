"""The SSDA903 parser on the public fake return and on small hand-made CSVs, one per kind of problem."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from assure.casedata.findings import Finding, Severity, errors
from assure.casedata.parsers.common import read_csv
from assure.casedata.parsers.ssda903 import parse_903
from assure.casedata.parsers.ssda903_spec import identify
from assure.casedata.schema import SCHEMA

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "ssda903"

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
HEADER_ROWS = ("1,M,01/01/2015,WBRI,A123456789012,0,", "2,F,02/02/2016,BAFR,UN3,,")


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def header(*rows: str) -> tuple[str, bytes]:
    return ("header.csv", csv(HEADER, *(rows or HEADER_ROWS)))


def episodes(*rows: str) -> tuple[str, bytes]:
    return ("episodes.csv", csv(EPISODES, *rows))


def parse(*files: tuple[str, bytes]) -> tuple[dict[str, pl.DataFrame], list[Finding]]:
    return parse_903(list(files), collection_year=2025)


def codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings]


def sample_files() -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in sorted(SAMPLES.glob("*.csv"))]


# The public fake return -------------------------------------------------------------------------------------


def test_every_sample_file_is_recognised_by_its_columns() -> None:
    found = {}
    for name, content in sample_files():
        frame, problem = read_csv(name, content)
        assert frame is not None, problem
        found[name] = identify(set(frame.columns) - {"_file", "_row"})
    assert found == {
        "DoLo.csv": "DoLo",
        "ad1.csv": "AD1",
        "episodes.csv": "Episodes",
        "header.csv": "Header",
        "missing.csv": "Missing",
        "oc2.csv": "OC2",
        "oc3.csv": "OC3",
        "placed_for_adoption.csv": "PlacedAdoption",
        "previous_permanence.csv": "PrevPerm",
        "reviews.csv": "Reviews",
        "sw_episodes.csv": "SWEpisodes",  # UTF-8 with a byte order mark and CRLF line ends
        "uasc.csv": "UASC",
    }


def test_the_sample_gives_every_table_with_the_published_counts() -> None:
    tables, _ = parse(*sample_files())
    assert {name: frame.height for name, frame in tables.items()} == {
        "children": 2675,
        "cla_episodes": 5050,
        "cla_reviews": 12582,
        "missing": 43,
        "health": 2675,
        "care_leavers": 53,
        "adoptions": 29,
        "placed_for_adoption": 29,
        "previous_permanence": 2675,
        "allocations": 1,
        "deprivation_of_liberty": 1,
    }
    for name, frame in tables.items():
        assert frame.schema == pl.Schema(SCHEMA[name]), name
    children = tables["children"]
    assert children["uasc"].sum() == 132 and children["uasc"].null_count() == 0
    assert set(children["sex"]) == {"M", "F"}
    assert children.filter(pl.col("mother"))["mother_child_dob"].to_list() == [dt.date(2016, 8, 27)]
    assert set(tables["health"]["year_ending"]) == {dt.date(2025, 3, 31)}
    assert tables["allocations"].row(0) == (
        "CHILD10",
        "SW999",
        None,
        dt.date(2020, 1, 1),
        dt.date(2020, 1, 3),
        "SWLAZY",
    )


def test_the_sample_has_only_its_known_problems() -> None:
    _, findings = parse_903(sample_files(), collection_year=2025, finding_limit=10_000)
    old_sex = [f for f in findings if f.code == "sex-old-code"]
    assert {f.severity for f in old_sex} == {Severity.WARNING}
    assert sorted(f.row for f in old_sex if f.row) == list(range(2, 2677))  # every Header row
    # The fake data has genuine faults: CHILD10 in sw_episodes.csv and DoLo.csv is not in the Header,
    # and 72 episodes end after the same child's next episode starts (10 of them are still open).
    assert Counter((f.code, f.file) for f in errors(findings)) == {
        ("episode-overlap", "episodes.csv"): 72,
        ("child-orphan", "sw_episodes.csv"): 1,
        ("child-orphan", "DoLo.csv"): 1,
    }
    assert len(findings) == len(old_sex) + 74
    overlap = next(f for f in findings if f.code == "episode-overlap")
    assert (overlap.row, overlap.field, overlap.value) == (312, "DEC", "10/03/2018")
    assert "11/01/2018 (row 313)" in overlap.message


def test_findings_of_one_rule_are_capped_per_file_with_a_summary() -> None:
    _, findings = parse(*sample_files())
    old_sex = [f for f in findings if f.code == "sex-old-code"]
    assert len(old_sex) == 1001
    summary = old_sex[-1]
    assert summary.row is None and summary.severity == Severity.WARNING
    assert "1,675 more rows" in summary.message and "2,675 in all" in summary.message


def test_ten_times_the_sample_parses() -> None:
    copies: dict[str, list[pl.DataFrame]] = {}
    for name, content in sample_files():
        frame = pl.read_csv(io.BytesIO(content.removeprefix(b"\xef\xbb\xbf")), infer_schema=False)
        copies[name] = [frame.with_columns(pl.col("CHILD") + f"-{n}") for n in range(10)]
    files = []
    for name, frames in copies.items():
        buffer = io.BytesIO()
        pl.concat(frames).write_csv(buffer)
        files.append((name, buffer.getvalue()))
    tables, findings = parse(*files)
    assert tables["children"].height == 26_750
    assert tables["cla_episodes"].height == 50_500
    assert tables["cla_reviews"].height == 125_820
    assert Counter(f.code for f in errors(findings)) == {"episode-overlap": 720, "child-orphan": 20}


# Hand-made files, one problem each -------------------------------------------------------------------------


def test_a_small_return_maps_to_the_canonical_tables() -> None:
    tables, findings = parse(
        header(),
        episodes(
            "1,01/04/2024,S,C2,N1,U1,PR1,01/10/2024,X1,CARPL,ab1 2cd,EF3 4GH,SC123", "1,01/10/2024,P,c2,N1,K2,PR4,,,,,,"
        ),
        ("uasc.csv", csv("CHILD,SEX,DOB,DUC", "2,F,02/02/2016,01/02/2034")),
    )
    assert findings == []
    children = tables["children"]
    assert children.select("child_id", "sex", "upn", "upn_unknown", "mother", "uasc", "uasc_ceased").rows() == [
        ("1", "M", "A123456789012", None, False, False, None),
        ("2", "F", None, "UN3", None, True, dt.date(2034, 2, 1)),
    ]
    first, second = tables["cla_episodes"].rows(named=True)
    assert first["home_postcode"] == "AB1 2CD" and first["end_date"] == dt.date(2024, 10, 1)
    assert second["legal_status"] == "C2" and second["end_date"] is None
    assert tables["cla_reviews"].is_empty() and tables["cla_reviews"].columns == list(SCHEMA["cla_reviews"])


def test_columns_are_matched_in_any_order_and_case() -> None:
    content = csv("dob,Child,SEX,ethnic,UPN,mc_dob,MOTHER", "01/01/2015,1,U,WBRI,A1,,")
    tables, findings = parse(("any-name.txt", content))
    assert findings == []
    assert tables["children"].select("child_id", "sex", "dob").row(0) == ("1", "U", dt.date(2015, 1, 1))


def test_an_impossible_or_malformed_date_is_reported_with_its_row() -> None:
    tables, findings = parse(header(), episodes("1,31/02/2025,S,C2,N1,U1,PR1,,,,,,", "2,01/03/25,S,C2,N1,U1,PR1,,,,,,"))
    impossible, malformed = (f for f in findings if f.code == "date-invalid")
    assert (impossible.file, impossible.row, impossible.field, impossible.value) == (
        "episodes.csv",
        2,
        "DECOM",
        "31/02/2025",
    )
    assert impossible.message == "is not a real date." and impossible.child_id == "1"
    assert (malformed.row, malformed.value, malformed.message) == (
        3,
        "01/03/25",
        "is not a date in the form DD/MM/YYYY.",
    )
    assert tables["cla_episodes"]["start_date"].to_list() == [None, None]


def test_an_unknown_legal_status_is_an_error() -> None:
    _, findings = parse(header(), episodes("1,01/04/2024,S,C9,N1,U1,PR1,,,,,,"))
    (finding,) = findings
    assert (finding.code, finding.row, finding.field, finding.value) == ("code-unknown", 2, "LS", "C9")
    assert finding.severity == Severity.ERROR and "C1, C2" in finding.message


def test_a_child_twice_in_the_header_is_an_error() -> None:
    _, findings = parse(header(*HEADER_ROWS, "1,F,01/01/2015,WBRI,A1,,"))
    (finding,) = findings
    assert (finding.code, finding.row, finding.value) == ("child-duplicate", 4, "1")
    assert "header.csv row 2" in finding.message


def test_an_episode_for_a_child_not_in_the_header_is_an_error() -> None:
    _, findings = parse(header(), episodes("9,01/04/2024,S,C2,N1,U1,PR1,,,,,,"))
    assert [(f.code, f.file, f.row, f.value) for f in findings] == [("child-orphan", "episodes.csv", 2, "9")]


def test_an_end_before_its_start_is_an_error() -> None:
    _, findings = parse(
        header(),
        episodes("1,01/04/2024,S,C2,N1,U1,PR1,31/03/2024,E11,,,,"),
        ("missing.csv", csv("CHILD,DOB,MISSING,MIS_START,MIS_END", "2,02/02/2016,A,05/05/2024,04/05/2024")),
    )
    assert [(f.code, f.file, f.field, f.value, f.message) for f in findings] == [
        ("date-order", "episodes.csv", "DEC", "31/03/2024", "is before DECOM 01/04/2024."),
        ("date-order", "missing.csv", "MIS_END", "04/05/2024", "is before MIS_START 05/05/2024."),
    ]


def test_overlapping_episodes_are_an_error() -> None:
    _, findings = parse(
        header(),
        episodes(
            "1,01/04/2024,S,C2,N1,U1,PR1,01/06/2024,X1,,,,",  # ends the day the next starts: fine
            "1,01/06/2024,P,C2,N1,U1,PR1,,,,,,",  # still open when the next starts
            "1,01/09/2024,P,C2,N1,U1,PR1,,,,,,",
        ),
    )
    assert [(f.code, f.row) for f in findings] == [("episode-overlap", 3)]
    assert "01/09/2024 (row 4)" in findings[0].message


def test_old_sex_codes_are_a_warning_and_unknown_ones_an_error() -> None:
    tables, findings = parse(header("1,1,01/01/2015,WBRI,A1,,", "2,X,01/01/2015,WBRI,A2,,"))
    old, unknown = findings
    assert (old.code, old.severity, old.value) == ("sex-old-code", Severity.WARNING, "1")
    assert "uses the pre-2024/25 code" in old.message
    assert (unknown.code, unknown.severity, unknown.value) == ("code-unknown", Severity.ERROR, "X")
    assert tables["children"]["sex"].to_list() == ["M", "X"]


def test_a_csv_whose_columns_match_no_table_is_named() -> None:
    _, findings = parse(header(), ("people.csv", csv("NAME,AGE", "Ann,7")))
    (finding,) = findings
    assert (finding.code, finding.file) == ("table-unknown", "people.csv")
    assert "match no 903 table" in finding.message


def test_a_csv_missing_a_column_names_the_table_and_the_column() -> None:
    columns = EPISODES.replace(",DEC,", ",")
    _, findings = parse(header(), ("eps.csv", csv(columns, "1,01/04/2024,S,C2,N1,U1,PR1,,,,,")))
    (finding,) = findings
    assert (finding.code, finding.field) == ("columns-missing", "DEC")
    assert "Episodes" in finding.message and "missing DEC" in finding.message


def test_an_empty_file_is_reported() -> None:
    _, findings = parse(header(), ("episodes.csv", b""))
    assert [(f.code, f.file) for f in findings] == [("file-empty", "episodes.csv")]


def test_a_windows_ansi_file_is_asked_to_be_saved_as_utf8() -> None:
    content = csv(HEADER, "1,M,01/01/2015,WBRI,A1,,", "2,F,01/01/2015,WBRI,Zoë,,").replace("ë".encode(), b"\xeb")
    _, findings = parse(("header.csv", content))
    (finding,) = findings
    assert (finding.code, finding.row, finding.value) == ("encoding", 3, "ë")
    assert "not UTF-8" in finding.message and "CSV UTF-8" in finding.message


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_utf8_file_with_a_byte_order_mark_parses(line_end: str) -> None:
    content = b"\xef\xbb\xbf" + line_end.join([HEADER, "1,M,01/01/2015,WBRI,Zoë,,", ""]).encode()
    tables, findings = parse(("header.csv", content))
    assert findings == []
    assert tables["children"].select("child_id", "upn").row(0) == ("1", "ZOË")


def test_other_tables_without_a_header_are_an_error() -> None:
    _, findings = parse(episodes("1,01/04/2024,S,C2,N1,U1,PR1,,,,,,"))
    assert codes(findings) == ["header-missing"]
    assert findings[0].severity == Severity.ERROR


def test_no_files_is_reported() -> None:
    tables, findings = parse()
    assert codes(findings) == ["no-files"]
    assert all(frame.is_empty() for frame in tables.values())


def test_blank_lines_are_skipped_without_changing_row_numbers() -> None:
    tables, findings = parse(header(*HEADER_ROWS, "", ",,,,,,", "3,X,01/01/2015,WBRI,A3,,"))
    assert [(f.code, f.row) for f in findings] == [("code-unknown", 6)]
    assert tables["children"]["child_id"].to_list() == ["1", "2", "3"]


def test_a_row_with_too_many_values_is_named() -> None:
    _, findings = parse(header(*HEADER_ROWS, "3,F,01/01/2015,WBRI,A3,,,surplus"))
    (finding,) = findings
    assert (finding.code, finding.row) == ("csv-unreadable", 4)
    assert "8 values" in finding.message and "only 7 columns" in finding.message
