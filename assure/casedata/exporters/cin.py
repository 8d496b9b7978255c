"""Canonical tables → the children in need census XML (Message / Header / Children).

Framework-free. A census covers a collection year, 1 April to 31 March (`collection_year` is the year
of the 31 March): the episodes of need open at some time in it and the children in them, with every
block (assessments, CIN plans, section 47 enquiries, child protection plans with their reviews,
pre-proceedings), as the tables stood on 31 March. Dates are ISO (YYYY-MM-DD), flags true/false, and
the child's sex is `Sex` (M/F/U, 2024/25 onwards). Element order follows the DfE schema.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from xml.etree import ElementTree as ET

import polars as pl

from assure.casedata.exporters.period import as_at, of_children, open_during, year_bounds

IDENTIFIERS = (
    ("LAchildID", "child_id"),
    ("UPN", "upn"),
    ("FormerUPN", "former_upn"),
    ("UPNunknown", "upn_unknown"),
    ("PersonBirthDate", "dob"),
    ("ExpectedPersonBirthDate", "expected_dob"),
    ("Sex", "sex"),
    ("PersonDeathDate", "death_date"),
)
ASSESSMENT = (
    ("AssessmentActualStartDate", "start_date"),
    ("AssessmentInternalReviewDate", "review_date"),
    ("AssessmentAuthorisationDate", "authorisation_date"),
)
SECTION47 = (
    ("S47ActualStartDate", "start_date"),
    ("InitialCPCtarget", "icpc_target_date"),
    ("DateOfInitialCPC", "icpc_date"),
    ("ICPCnotRequired", "icpc_not_required"),
)
CP_PLAN = (
    ("CPPstartDate", "start_date"),
    ("CPPendDate", "end_date"),
    ("InitialCategoryOfAbuse", "initial_category"),
    ("LatestCategoryOfAbuse", "latest_category"),
    ("NumberOfPreviousCPP", "previous_plans"),
)
PRE_PROCEEDINGS = (
    ("PPStartDate", "start_date"),
    ("LBPSentDate", "letter_sent_date"),
    ("FGDMMeetingOffer", "fgdm_offered"),
    ("FGDMMeetingFac", "fgdm_held"),
    ("InitialPPMeetingDate", "initial_meeting_date"),
    ("ReviewMeetingsCount", "review_meetings"),
    ("StepDecisionDate", "decision_date"),
    ("PPOutcome", "outcome"),
    ("CourtAppDate", "court_application_date"),
    ("LetterInitCPDate", "letter_initial_cp_date"),
)
Groups = dict[object, list[dict[str, Any]]]
CARRIED = ("children", "disabilities", "cin_episodes", "assessments", "cin_plans", "section47", "cp_plans",
           "cp_reviews", "pre_proceedings")  # fmt: skip


def year_tables(tables: dict[str, pl.DataFrame], collection_year: int) -> dict[str, pl.DataFrame]:
    """The canonical records a census for the year carries, as they stood on 31 March."""
    first, last = year_bounds(collection_year)
    snap = {name: as_at(name, tables[name], last) for name in CARRIED}
    episodes = open_during(snap["cin_episodes"], "referral_date", "closure_date", first, last)
    ids = episodes.select("episode_id")

    def of_episodes(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.join(ids, on="episode_id", how="semi")

    s47 = snap["section47"].filter((pl.col("start_date") >= first) | (pl.col("icpc_date") >= first))
    plans = of_episodes(open_during(snap["cp_plans"], "start_date", "end_date", first, last))
    return {
        "children": of_children(snap["children"], episodes),
        "disabilities": of_children(snap["disabilities"], episodes),
        "cin_episodes": episodes,
        "assessments": of_episodes(open_during(snap["assessments"], "start_date", "authorisation_date", first, last)),
        "cin_plans": of_episodes(open_during(snap["cin_plans"], "start_date", "end_date", first, last)),
        "section47": of_episodes(s47),
        "cp_plans": plans,
        "cp_reviews": snap["cp_reviews"]
        .filter(pl.col("review_date") >= first)
        .join(plans.select("plan_id"), on="plan_id", how="semi"),
        "pre_proceedings": of_episodes(
            open_during(snap["pre_proceedings"], "start_date", "decision_date", first, last)
        ),
    }


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _block(parent: ET.Element, tag: str, row: dict[str, object], fields: tuple[tuple[str, str], ...]) -> ET.Element:
    block = ET.SubElement(parent, tag)
    for element, column in fields:
        _leaf(block, element, row[column])
    return block


def _leaf(parent: ET.Element, tag: str, value: object) -> None:
    text = _text(value)
    if text is not None:
        ET.SubElement(parent, tag).text = text


def _grouped(frame: pl.DataFrame, key: str) -> Groups:
    groups: dict[object, list[dict[str, object]]] = defaultdict(list)
    for row in frame.iter_rows(named=True):
        groups[row[key]].append(row)
    return groups


def to_xml(
    tables: dict[str, pl.DataFrame], *, collection_year: int, la_code: str = "999", created: dt.datetime | None = None
) -> bytes:
    """The census as one XML document (UTF-8)."""
    year = year_tables(tables, collection_year)
    reference = year_bounds(collection_year)[1]
    root = ET.Element("Message")
    header = ET.SubElement(root, "Header")
    details = ET.SubElement(header, "CollectionDetails")
    for tag, text in (("Collection", "CIN"), ("Year", str(collection_year)), ("ReferenceDate", reference.isoformat())):
        ET.SubElement(details, tag).text = text
    source = ET.SubElement(header, "Source")
    stamp = (created or dt.datetime.combine(reference, dt.time())).isoformat(timespec="seconds")
    for tag, text in (("SourceLevel", "L"), ("LEA", la_code), ("SoftwareCode", "Assure"), ("Release", "1"),
                      ("SerialNo", "001"), ("DateTime", stamp)):  # fmt: skip
        ET.SubElement(source, tag).text = text
    children = ET.SubElement(root, "Children")
    groups = {
        name: _grouped(year[name], "child_id" if name in {"disabilities", "cin_episodes"} else "episode_id")
        for name in ("disabilities", "cin_episodes", "assessments", "cin_plans", "section47", "cp_plans",
                     "pre_proceedings")
    }  # fmt: skip
    reviews = _grouped(year["cp_reviews"], "plan_id")
    for person in year["children"].iter_rows(named=True):
        child = ET.SubElement(children, "Child")
        _block(child, "ChildIdentifiers", person, IDENTIFIERS)
        characteristics = ET.SubElement(child, "ChildCharacteristics")
        _leaf(characteristics, "Ethnicity", person["ethnicity"])
        disabilities = groups["disabilities"].get(person["child_id"], [])
        if disabilities:
            holder = ET.SubElement(characteristics, "Disabilities")
            for row in disabilities:
                _leaf(holder, "Disability", row["disability"])
        for episode in groups["cin_episodes"].get(person["child_id"], []):
            _episode(child, episode, groups, reviews)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _episode(child: ET.Element, episode: dict[str, Any], groups: dict[str, Groups], reviews: Groups) -> None:
    key = episode["episode_id"]
    details = ET.SubElement(child, "CINdetails")
    section47 = groups["section47"].get(key, [])
    conferences = sorted(d for d in (row["icpc_date"] for row in section47) if d is not None)
    for tag, value in (
        ("CINreferralDate", episode["referral_date"]),
        ("ReferralSource", episode["referral_source"]),
        ("PrimaryNeedCode", episode["primary_need"]),
        ("CINclosureDate", episode["closure_date"]),
        ("ReasonForClosure", episode["closure_reason"]),
        ("DateOfInitialCPC", episode.get("initial_cpc_date") or (conferences[0] if conferences else None)),
    ):
        _leaf(details, tag, value)
    for row in groups["assessments"].get(key, []):
        block = _block(details, "Assessments", row, ASSESSMENT)
        if row["factors"]:
            factors = ET.SubElement(block, "FactorsIdentifiedAtAssessment")
            for factor in row["factors"]:
                _leaf(factors, "AssessmentFactors", factor)
    for row in groups["cin_plans"].get(key, []):
        _block(details, "CINPlanDates", row, (("CINPlanStartDate", "start_date"), ("CINPlanEndDate", "end_date")))
    for row in section47:
        _block(details, "Section47", row, SECTION47)
    _leaf(details, "ReferralNFA", episode["referral_nfa"])
    for row in groups["cp_plans"].get(key, []):
        block = _block(details, "ChildProtectionPlans", row, CP_PLAN)
        held = reviews.get(row["plan_id"], [])
        if held:
            holder = ET.SubElement(block, "Reviews")
            for review in held:
                _leaf(holder, "CPPreviewDate", review["review_date"])
    for row in groups["pre_proceedings"].get(key, []):
        _block(details, "PreProceedingsandFGDM", row, PRE_PROCEEDINGS)
