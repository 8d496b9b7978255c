"""The CIN census parser on the public sample files, on whole-file problems and at 100 times the sample."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from assure.casedata.findings import Severity, errors
from assure.casedata.parsers.cin import parse_cin
from assure.casedata.schema import SCHEMA

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "cin"
TABLES = ("children", "disabilities", "cin_episodes", "assessments", "cin_plans", "section47", "cp_plans")


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def scaled(times: int) -> bytes:
    """The fake census with its children repeated `times` times, each copy's LAchildID suffixed."""
    text = sample("fake_CIN_data.xml").decode()
    head, rest = text.split("<Children>", 1)
    body, tail = rest.rsplit("</Children>", 1)
    copies = (re.sub(r"<LAchildID>([^<]*)</LAchildID>", rf"<LAchildID>\1X{n}</LAchildID>", body) for n in range(times))
    return (head + "<Children>" + "".join(copies) + "</Children>" + tail).encode()


def row(frame, **where):  # type: ignore[no-untyped-def]
    matches = [r for r in frame.iter_rows(named=True) if all(r[k] == v for k, v in where.items())]
    assert len(matches) == 1, (where, matches)
    return matches[0]


def test_the_fake_census_gives_332_children_and_402_episodes() -> None:
    tables, findings, header = parse_cin("fake_CIN_data.xml", sample("fake_CIN_data.xml"))
    assert tables["children"].height == 332
    assert tables["cin_episodes"].height == 402
    assert tables["children"]["child_id"].n_unique() == 332
    assert tables["cin_episodes"]["episode_id"].n_unique() == 402
    assert errors(findings) == []
    assert header == {
        "Collection": "CIN",
        "Year": "2022",
        "ReferenceDate": "2022-07-21",
        "LEA": "975",
        "SoftwareCode": "csdatatools.datasets.cincensus.sample_data",
        "Release": "960",
        "SerialNo": "409",
        "DateTime": "2022-07-21T10:12:28Z",
    }
    for name, frame in tables.items():
        assert frame.columns == list(SCHEMA[name]), name


def test_the_fake_census_values_reach_the_canonical_columns() -> None:
    tables, _, _ = parse_cin("fake_CIN_data.xml", sample("fake_CIN_data.xml"))
    child = row(tables["children"], child_id="RND000215205141")
    assert (child["sex"], child["dob"], child["ethnicity"], child["upn"]) == (
        "M",
        dt.date(2019, 12, 6),
        "WIRT",
        "A850728973744",
    )
    assert row(tables["children"], child_id="RND000824303014")["sex"] == "U"  # GenderCurrent 9
    episode = row(tables["cin_episodes"], episode_id="RND000215205141/2020-07-13")
    assert episode == {
        "child_id": "RND000215205141",
        "episode_id": "RND000215205141/2020-07-13",
        "referral_date": dt.date(2020, 7, 13),
        "referral_source": "4",
        "primary_need": "N6",
        "closure_date": dt.date(2021, 6, 11),
        "closure_reason": "RC2",
        "referral_nfa": True,
        "initial_cpc_date": dt.date(2020, 9, 29),  # the episode's DateOfInitialCPC
    }
    second = row(tables["cin_episodes"], episode_id="RND000824303014/2017-10-22")
    assert (second["primary_need"], second["closure_date"]) == ("N9", None)


def test_the_2024_census_fills_every_block() -> None:
    tables, findings, header = parse_cin("CIN_Census_2024.xml", sample("CIN_Census_2024.xml"))
    assert header["LEA"] == "201"
    assert header["ReferenceDate"] == "2024-03-31"
    assert all(tables[name].height for name in TABLES)
    assert tables["disabilities"].rows() == [
        ("DfEX0000001", "HAND"),
        ("DfEX0000001", "HEAR"),
        ("child_fails_assessments", "NONE"),
    ]

    assessment = row(tables["assessments"], child_id="DfEX0000001")
    assert assessment["assessment_id"] == "DfEX0000001/2022-10-06/A/2028-04-28"
    assert assessment["episode_id"] == "DfEX0000001/2022-10-06"
    assert (assessment["start_date"], assessment["authorisation_date"]) == (dt.date(2028, 4, 28), dt.date(2020, 9, 19))
    assert assessment["factors"] == ["1C", "RB", "6B"]
    assert row(tables["assessments"], child_id="child_fails_assessments")["factors"] == []

    plan = row(tables["cin_plans"], child_id="DfEX0000001")
    assert (plan["plan_id"], plan["start_date"], plan["end_date"]) == (
        "DfEX0000001/CIN/2023-01-24",
        dt.date(2023, 1, 24),
        dt.date(2023, 1, 26),
    )
    s47 = row(tables["section47"], child_id="DfEX0000001")
    assert s47["s47_id"] == "DfEX0000001/2022-10-06/S47/2022-06-02"
    assert (s47["start_date"], s47["icpc_target_date"], s47["icpc_date"], s47["icpc_not_required"]) == (
        dt.date(2022, 6, 2),
        dt.date(2022, 6, 23),
        dt.date(2022, 6, 17),
        False,
    )
    cpp = row(tables["cp_plans"], child_id="DfEX0000001")
    assert cpp["plan_id"] == "DfEX0000001/CP/2022-02-17"
    assert (cpp["start_date"], cpp["end_date"]) == (dt.date(2022, 2, 17), dt.date(2023, 3, 14))
    assert (cpp["initial_category"], cpp["latest_category"], cpp["previous_plans"]) == ("PHY", "PHY", 10)
    assert tables["cp_reviews"].rows() == [("DfEX0000001", "DfEX0000001/CP/2022-02-17", dt.date(2023, 2, 15), None)]

    # The sample is invalid on purpose in places, and each finding names the line.
    found = {(f.row, f.field, f.value, f.code, f.severity) for f in findings}
    assert found == {
        (25, "Sex", "1", "sex-old-code", Severity.WARNING),
        (43, "AssessmentAuthorisationDate", "2020-09-19", "date-order", Severity.WARNING),
        (46, "AssessmentFactors", "RB", "code-unknown", Severity.ERROR),
    }


def test_a_byte_order_mark_and_a_stream_are_read_like_bytes() -> None:
    content = sample("CIN_Census_2024.xml")
    plain = parse_cin("a.xml", content)
    with_bom = parse_cin("a.xml", b"\xef\xbb\xbf" + content)
    streamed = parse_cin("a.xml", io.BytesIO(content))
    for other in (with_bom, streamed):
        assert [f.row for f in other[1]] == [f.row for f in plain[1]]
        assert other[2] == plain[2]
        for name, frame in plain[0].items():
            assert other[0][name].equals(frame), name


def test_a_truncated_file_gives_only_the_finding_with_its_line() -> None:
    content = sample("fake_CIN_data.xml")
    cut = content[: len(content) // 2]
    tables, findings, header = parse_cin("cut.xml", cut)
    assert (tables, header) == ({}, {})
    [finding] = findings
    assert finding.code == "xml-malformed"
    assert finding.severity == Severity.ERROR
    assert finding.row == cut.count(b"\n") + 1
    assert "cut short" in finding.message


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file-empty"),
        (b"  \n\t\n", "file-empty"),
        (b"\xef\xbb\xbf", "file-empty"),
        (b"LAchildID,CINreferralDate\nA1,2024-01-01\n", "file-not-xml"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "file-not-xml"),
        (b"<Message><Children><Child></Children></Message>", "xml-malformed"),
        (b'<?xml version="1.0"?>\n<Episodes>\n<Child/></Episodes>', "xml-root"),
        (b"<Foo/>", "xml-root"),
    ],
)
def test_a_file_that_is_no_census_gives_one_finding(content: bytes, code: str) -> None:
    tables, findings, header = parse_cin("upload.xml", content)
    assert (tables, header) == ({}, {})
    assert [(f.code, f.severity) for f in findings] == [(code, Severity.ERROR)]


def test_a_census_with_no_children_parses_with_a_warning() -> None:
    tables, findings, header = parse_cin("empty.xml", b"<Message><Header/><Children/></Message>")
    assert tables["children"].height == 0
    assert [(f.code, f.severity) for f in findings] == [("no-children", Severity.WARNING)]
    assert header["LEA"] is None


def test_a_hundred_times_the_fake_census_parses_every_child() -> None:
    tables, findings, _ = parse_cin("big.xml", scaled(100))
    assert tables["children"].height == 33_200
    assert tables["cin_episodes"].height == 40_200
    assert tables["cin_episodes"]["episode_id"].n_unique() == 40_200
    assert errors(findings) == []
