"""The exporters: canonical tables → SSDA903 CSV and XML, and CIN census XML."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import polars as pl
import pytest
from defusedxml import ElementTree as ET

from assure.casedata.exporters import cin, ssda903
from assure.casedata.generator import generate_authority, synthetic_workers

YEAR = 2024
FIRST, LAST = dt.date(2023, 4, 1), dt.date(2024, 3, 31)
UK_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATES_903 = {"DOB", "MC_DOB", "DECOM", "DEC", "REVIEW", "DUC", "DATE_INT", "DATE_MATCH", "DATE_PLACED",
             "DATE_PLACED_CEASED", "MIS_START", "MIS_END", "SW_DECOM", "SW_DEC", "DOLO_START", "DOLO_END"}  # fmt: skip
FLAGS_903 = {"MOTHER", "FOSTER_CARE", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
             "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"}  # fmt: skip


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    workers = synthetic_workers("example.org", 600)
    return generate_authority(
        21, start=dt.date(2021, 4, 1), end=dt.date(2025, 3, 31), children_in_need_per_year=600, workers=workers
    )


def _uk(text: str) -> dt.date:
    assert UK_DATE.match(text), text
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def test_903_csv_has_the_exact_columns_and_uk_dates(tables: dict[str, pl.DataFrame]) -> None:
    files = ssda903.to_csv(tables, collection_year=YEAR)
    assert set(files) == set(ssda903.FILES)
    for name, content in files.items():
        rows = list(csv.reader(io.StringIO(content.decode())))
        assert rows[0] == [column for column, _ in ssda903.FILES[name][1]], name
        for row in rows[1:]:
            for column, value in zip(rows[0], row, strict=True):
                if column in DATES_903 and value:
                    _uk(value)
                if column in FLAGS_903:
                    assert value in {"", "0", "1"}, (name, column, value)
    header = list(csv.DictReader(io.StringIO(files["header.csv"].decode())))
    assert header and {row["SEX"] for row in header} <= {"M", "F", "U"}
    assert all(row["UPN"] for row in header)  # a UPN, or the reason there is none (UN1–UN7)


def test_903_episodes_are_those_open_in_the_year_as_they_stood_at_its_end(tables: dict[str, pl.DataFrame]) -> None:
    episodes = list(csv.DictReader(io.StringIO(ssda903.to_csv(tables, collection_year=YEAR)["episodes.csv"].decode())))
    assert episodes
    for row in episodes:
        assert _uk(row["DECOM"]) <= LAST
        assert not row["DEC"] or FIRST <= _uk(row["DEC"]) <= LAST
        assert bool(row["DEC"]) == bool(row["REC"])
    expected = tables["cla_episodes"].filter(
        (pl.col("start_date") <= LAST) & (pl.col("end_date").is_null() | (pl.col("end_date") >= FIRST))
    )
    assert len(episodes) == expected.height
    children = {row["CHILD"] for row in csv.DictReader(io.StringIO(ssda903.to_csv(tables, collection_year=YEAR)
                                                                   ["header.csv"].decode()))}  # fmt: skip
    assert {row["CHILD"] for row in episodes} <= children


def test_903_xml_is_well_formed_with_childid_and_pl_tags(tables: dict[str, pl.DataFrame]) -> None:
    root = ET.fromstring(ssda903.to_xml(tables, collection_year=YEAR))
    files = ssda903.to_csv(tables, collection_year=YEAR)
    assert root.tag == "EXPSSDA903"
    children = root.findall("CHILD")
    assert len(children) == len(files["header.csv"].splitlines()) - 1
    assert len(root.findall("CHILD/EPISODE")) == len(files["episodes.csv"].splitlines()) - 1
    for child in children:
        header = child.find("HEADER")
        assert header is not None and header.findtext("CHILDID")
        assert header.findtext("SEX") in {"M", "F", "U"}
    episode = root.find("CHILD/EPISODE")
    assert episode is not None and episode.find("PL") is not None and episode.find("PLACE") is None
    for tag in ("DOB", "DECOM", "REVIEW"):
        values = [e.text for e in root.iter(tag) if e.text]
        assert values and all(UK_DATE.match(v) for v in values), tag
    assert root.find("CHILD/HEADER/AREVIEW/REVIEW_CODE") is not None and root.find("CHILD/HEADER/OC2") is not None


CINDETAILS_ORDER = ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
                    "DateOfInitialCPC", "Assessments", "CINPlanDates", "Section47", "ReferralNFA",
                    "ChildProtectionPlans", "PreProceedingsandFGDM"]  # fmt: skip


def test_cin_xml_is_well_formed_with_every_block_and_iso_dates(tables: dict[str, pl.DataFrame]) -> None:
    root = ET.fromstring(cin.to_xml(tables, collection_year=YEAR, la_code="999"))
    assert root.tag == "Message"
    assert root.findtext("Header/CollectionDetails/Year") == str(YEAR)
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2024-03-31"
    assert root.findtext("Header/Source/LEA") == "999"
    year = cin.year_tables(tables, YEAR)
    assert len(root.findall("Children/Child")) == year["children"].height
    assert len(root.findall("Children/Child/CINdetails")) == year["cin_episodes"].height
    for child in root.iter("Child"):
        assert child.findtext("ChildIdentifiers/LAchildID")
        assert child.findtext("ChildIdentifiers/Sex") in {"M", "F", "U"}
        assert child.find("ChildIdentifiers/GenderCurrent") is None
        assert [e.tag for e in child] == ["ChildIdentifiers", "ChildCharacteristics"] + ["CINdetails"] * (
            len(child) - 2
        )
    for details in root.iter("CINdetails"):
        order = [CINDETAILS_ORDER.index(e.tag) for e in details]
        assert order == sorted(order)
        assert details.findtext("ReferralNFA") in {"true", "false"}
    for block in ("Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors", "CINPlanDates/CINPlanStartDate",
                  "Section47/ICPCnotRequired", "ChildProtectionPlans/Reviews/CPPreviewDate",
                  "PreProceedingsandFGDM/PPStartDate"):  # fmt: skip
        assert root.find(f"Children/Child/CINdetails/{block}") is not None, block
    assert root.find("Children/Child/ChildCharacteristics/Disabilities/Disability") is not None
    planned = {"ReferenceDate", "ExpectedPersonBirthDate"}
    dates = [e.text or "" for e in root.iter() if e.tag.endswith("Date") and e.tag not in planned]
    assert dates and all(ISO_DATE.match(d) for d in dates)
    assert max(dates) <= "2024-03-31"


def test_the_cin_census_keeps_episodes_open_in_the_year_as_they_stood_at_its_end(
    tables: dict[str, pl.DataFrame],
) -> None:
    episodes = cin.year_tables(tables, YEAR)["cin_episodes"]
    assert episodes.filter((pl.col("referral_date") > LAST) | (pl.col("closure_date") < FIRST)).height == 0
    closed_later = tables["cin_episodes"].filter(pl.col("closure_date") > LAST, pl.col("referral_date") <= LAST)
    reported = episodes.join(closed_later.select("episode_id"), on="episode_id")
    assert reported.height and reported["closure_date"].is_null().all() and reported["closure_reason"].is_null().all()
