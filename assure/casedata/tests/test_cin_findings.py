"""The CIN census parser's findings, each on a small hand-made document, at the line of the element."""

from __future__ import annotations

import datetime as dt

import polars as pl

from assure.casedata.exporters import cin
from assure.casedata.findings import Finding, Severity
from assure.casedata.parsers.cin import parse_cin

IDENTIFIERS = "<ChildIdentifiers><LAchildID>{id}</LAchildID><Sex>F</Sex></ChildIdentifiers>"
CHARACTERISTICS = "<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>"


def episode(*inner: str, referral: str = "2024-05-01", nfa: str = "false") -> str:
    return "\n".join(
        [
            "<CINdetails>",
            f"<CINreferralDate>{referral}</CINreferralDate>",
            "<ReferralSource>1A</ReferralSource>",
            f"<ReferralNFA>{nfa}</ReferralNFA>",
            *inner,
            "</CINdetails>",
        ]
    )


def child(*inner: str, child_id: str = "C1", identifiers: str = IDENTIFIERS) -> str:
    return "\n".join(["<Child>", identifiers.format(id=child_id), CHARACTERISTICS, *inner, "</Child>"])


def census(*children: str) -> bytes:
    return "\n".join(["<Message>", "<Children>", *children, "</Children>", "</Message>"]).encode()


def parse(*children: str) -> tuple[dict[str, pl.DataFrame], list[Finding], bytes]:
    content = census(*children)
    tables, findings, _ = parse_cin("census.xml", content)
    return tables, findings, content


def line_of(content: bytes, text: str, occurrence: int = 1) -> int:
    """The line number of the `occurrence`-th line containing `text`."""
    lines = [n for n, line in enumerate(content.decode().splitlines(), start=1) if text in line]
    return lines[occurrence - 1]


def only(findings: list[Finding], code: str) -> Finding:
    [finding] = [f for f in findings if f.code == code]
    return finding


def test_a_clean_document_has_no_findings() -> None:
    tables, findings, _ = parse(child(episode()))
    assert findings == []
    assert tables["cin_episodes"]["episode_id"].to_list() == ["C1/2024-05-01"]


def test_an_impossible_date_is_reported_at_its_line_and_read_as_missing() -> None:
    tables, findings, content = parse(child(episode("<CINclosureDate>2025-02-31</CINclosureDate>")))
    finding = only(findings, "date-invalid")
    assert (finding.row, finding.field, finding.value) == (
        line_of(content, "2025-02-31"),
        "CINclosureDate",
        "2025-02-31",
    )
    assert (finding.severity, finding.child_id) == (Severity.ERROR, "C1")
    assert str(finding).startswith(f'census.xml, row {finding.row}, field "CINclosureDate": "2025-02-31"')
    assert tables["cin_episodes"]["closure_date"].to_list() == [None]


def test_dates_must_be_written_as_xs_date() -> None:
    _, findings, _ = parse(child(episode(referral="01/05/2024"), episode(referral="2024-5-1")))
    assert [(f.code, f.value) for f in findings] == [("date-invalid", "01/05/2024"), ("date-invalid", "2024-5-1")]


def test_a_child_with_no_lachildid_is_reported_and_left_out() -> None:
    no_id = "<ChildIdentifiers><Sex>M</Sex></ChildIdentifiers>"
    empty_id = "<ChildIdentifiers><LAchildID> </LAchildID><Sex>M</Sex></ChildIdentifiers>"
    tables, findings, content = parse(
        child(episode(), identifiers=no_id), child(episode(), identifiers=empty_id), child(episode(), child_id="C2")
    )
    assert [(f.code, f.row, f.field) for f in findings] == [
        ("value-missing", line_of(content, "<Child>", 1), "LAchildID"),
        ("value-missing", line_of(content, "<Child>", 2) + 1, "LAchildID"),
    ]
    assert tables["children"]["child_id"].to_list() == ["C2"]
    assert tables["cin_episodes"]["child_id"].to_list() == ["C2"]


def test_a_repeated_lachildid_is_an_error_on_the_repeat() -> None:
    tables, findings, content = parse(child(episode()), child(episode(referral="2024-06-01")))
    finding = only(findings, "child-duplicate")
    assert (finding.row, finding.value, finding.severity) == (
        line_of(content, "<LAchildID>C1", 2),
        "C1",
        Severity.ERROR,
    )
    assert f"line {line_of(content, '<Child>', 1)}" in finding.message
    assert tables["children"].height == 1
    assert tables["cin_episodes"]["episode_id"].to_list() == ["C1/2024-05-01", "C1/2024-06-01"]


def test_unknown_codes_are_reported_by_element() -> None:
    characteristics = "<ChildCharacteristics><Ethnicity>WXYZ</Ethnicity><Disabilities><Disability>LEG</Disability>"
    identifiers = "<ChildIdentifiers><LAchildID>{id}</LAchildID><Sex>X</Sex><UPNunknown>UN9</UPNunknown>"
    plan = (
        "<ChildProtectionPlans><CPPstartDate>2024-06-01</CPPstartDate><InitialCategoryOfAbuse>ABC</InitialCategoryOfAbuse>"
        "<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>two</NumberOfPreviousCPP>"
        "</ChildProtectionPlans>"
    )
    details = episode(
        "<PrimaryNeedCode>N10</PrimaryNeedCode>", "<ReasonForClosure>RC0</ReasonForClosure>", plan, nfa="yes"
    ).replace("<ReferralSource>1A<", "<ReferralSource>11<")
    document = child(details, identifiers=identifiers + "</ChildIdentifiers>" + characteristics + "</Disabilities>")
    _, findings, _ = parse(document.replace(CHARACTERISTICS, "</ChildCharacteristics>"))
    assert sorted((f.field, f.value, f.code) for f in findings) == [
        ("Disability", "LEG", "code-unknown"),
        ("Ethnicity", "WXYZ", "code-unknown"),
        ("InitialCategoryOfAbuse", "ABC", "code-unknown"),
        ("NumberOfPreviousCPP", "two", "value-invalid"),
        ("PrimaryNeedCode", "N10", "code-unknown"),
        ("ReasonForClosure", "RC0", "code-unknown"),
        ("ReferralNFA", "yes", "value-invalid"),
        ("ReferralSource", "11", "code-unknown"),
        ("Sex", "X", "code-unknown"),
        ("UPNunknown", "UN9", "code-unknown"),
    ]
    assert {f.severity for f in findings} == {Severity.ERROR}


def test_old_gender_codes_become_sex() -> None:
    old = "<ChildIdentifiers><LAchildID>{id}</LAchildID><GenderCurrent>{code}</GenderCurrent></ChildIdentifiers>"
    children = [child(episode(), child_id=f"G{code}", identifiers=old.replace("{code}", code)) for code in "1209"]
    tables, findings, _ = parse(*children, child(episode(), child_id="G7", identifiers=old.replace("{code}", "7")))
    assert tables["children"]["sex"].to_list() == ["M", "F", "U", "U", None]
    assert [(f.field, f.value, f.code) for f in findings] == [("GenderCurrent", "7", "code-unknown")]


def test_a_missing_required_element_is_reported_at_its_block() -> None:
    details = episode().replace("<CINreferralDate>2024-05-01</CINreferralDate>\n", "")
    tables, findings, content = parse(child(details))
    finding = only(findings, "value-missing")
    assert (finding.row, finding.field) == (line_of(content, "<CINdetails>"), "CINreferralDate")
    assert tables["cin_episodes"]["episode_id"].to_list() == ["C1/"]


def test_dates_out_of_sequence_are_reported() -> None:
    details = episode(
        "<CINclosureDate>2024-04-30</CINclosureDate>",
        "<Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate>"
        "<AssessmentAuthorisationDate>2024-05-01</AssessmentAuthorisationDate></Assessments>",
        "<Section47><S47ActualStartDate>2024-05-03</S47ActualStartDate>",
        "<DateOfInitialCPC>2024-05-02</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired></Section47>",
        "<ChildProtectionPlans><CPPstartDate>2024-05-10</CPPstartDate><CPPendDate>2024-05-09</CPPendDate>"
        "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>"
        "<NumberOfPreviousCPP>0</NumberOfPreviousCPP></ChildProtectionPlans>",
        "<CINPlanDates><CINPlanStartDate>2024-05-04</CINPlanStartDate>"
        "<CINPlanEndDate>2024-05-03</CINPlanEndDate></CINPlanDates>",
    )
    _, findings, content = parse(child(details))
    assert [(f.row, f.field, f.code, f.severity) for f in findings] == [
        (line_of(content, "<CINclosureDate>"), "CINclosureDate", "date-order", Severity.WARNING),
        (line_of(content, "<Assessments>"), "AssessmentAuthorisationDate", "date-order", Severity.WARNING),
        (line_of(content, "<DateOfInitialCPC>"), "DateOfInitialCPC", "date-order", Severity.ERROR),
        (line_of(content, "<CPPendDate>"), "CPPendDate", "date-order", Severity.WARNING),
        (line_of(content, "<CINPlanEndDate>"), "CINPlanEndDate", "date-order", Severity.WARNING),
    ]
    [icpc] = [f for f in findings if f.field == "DateOfInitialCPC"]
    assert icpc.message == "is before the S47ActualStartDate, 2024-05-03."


def test_records_with_the_same_natural_key_get_numbered_ids() -> None:
    assessment = "<Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate></Assessments>"
    tables, findings, _ = parse(child(episode(assessment, assessment), episode(), episode()))
    assert findings == []
    assert tables["cin_episodes"]["episode_id"].to_list() == ["C1/2024-05-01", "C1/2024-05-01/2", "C1/2024-05-01/3"]
    assert tables["assessments"]["assessment_id"].to_list() == [
        "C1/2024-05-01/A/2024-05-02",
        "C1/2024-05-01/A/2024-05-02/2",
    ]
    assert tables["assessments"]["factors"].to_list() == [None, None]


def test_pre_proceedings_map_to_their_table() -> None:
    block = (
        "<PreProceedingsandFGDM><PPStartDate>2025-06-01</PPStartDate><LBPSentDate>2025-06-02</LBPSentDate>"
        "<FGDMMeetingOffer>true</FGDMMeetingOffer><FGDMMeetingFac>false</FGDMMeetingFac>"
        "<InitialPPMeetingDate>2025-06-10</InitialPPMeetingDate><ReviewMeetingsCount>2</ReviewMeetingsCount>"
        "<StepDecisionDate>2025-09-01</StepDecisionDate><PPOutcome>2</PPOutcome>"
        "<CourtAppDate>2025-09-15</CourtAppDate><LetterInitCPDate>2025-02-30</LetterInitCPDate>"
        "</PreProceedingsandFGDM>"
    )
    tables, findings, _ = parse(child(episode(block)))
    assert tables["pre_proceedings"].row(0, named=True) == {
        "child_id": "C1",
        "episode_id": "C1/2024-05-01",
        "pp_id": "C1/2024-05-01/PP/2025-06-01",
        "start_date": dt.date(2025, 6, 1),
        "letter_sent_date": dt.date(2025, 6, 2),
        "initial_meeting_date": dt.date(2025, 6, 10),
        "decision_date": dt.date(2025, 9, 1),
        "outcome": "2",
        "court_application_date": dt.date(2025, 9, 15),
        "letter_initial_cp_date": None,  # 30 February: reported below
        "fgdm_offered": True,
        "fgdm_held": False,
        "review_meetings": 2,
    }
    assert [(f.field, f.code) for f in findings] == [("LetterInitCPDate", "date-invalid")]
    # The family group decision-making fields go back out in the census and read back the same.
    again, _, _ = parse_cin("again.xml", cin.to_xml(tables, collection_year=2026, la_code="999"))
    assert again["pre_proceedings"].row(0, named=True) == tables["pre_proceedings"].row(0, named=True)


def test_flags_namespaces_and_comments_are_read() -> None:
    content = census(child(episode("<!-- checked -->", nfa="TRUE")), child(episode(nfa="0"), child_id="C2"))
    content = content.replace(b"<Message>", b'<Message xmlns="urn:dfe:cin">', 1)
    tables, findings, _ = parse_cin("census.xml", content)
    assert findings == []
    assert tables["cin_episodes"]["referral_nfa"].to_list() == [True, False]


def test_entities_are_never_expanded() -> None:
    content = b'<?xml version="1.0"?>\n<!DOCTYPE Message [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n' + census(
        child(episode(), child_id="&secret;"), child(episode(), child_id="C2")
    )
    tables, findings, _ = parse_cin("census.xml", content)
    assert tables["children"]["child_id"].to_list() == ["C2"]
    assert [f.code for f in findings] == ["value-missing"]


def test_findings_of_one_rule_are_capped_with_a_summary() -> None:
    bad = [child(episode(referral="2024-02-30"), child_id=f"C{n}") for n in range(1003)]
    _, findings, _ = parse(*bad)
    assert len(findings) == 1001
    summary = findings[-1]
    assert (summary.row, summary.field, summary.code) == (None, "CINreferralDate", "date-invalid")
    assert summary.message.startswith("3 more have this problem (1,003 in all")


def test_a_repeated_disability_or_review_is_one_record() -> None:
    disabilities = "<Disabilities><Disability>MOB</Disability><Disability>MOB</Disability></Disabilities>"
    plan = (
        "<ChildProtectionPlans><CPPstartDate>2024-05-10</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
        "<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>1</NumberOfPreviousCPP>"
        "<Reviews><CPPreviewDate>2024-06-01</CPPreviewDate><CPPreviewDate>2024-06-01</CPPreviewDate>"
        "<CPPreviewDate>2024-09-01</CPPreviewDate></Reviews></ChildProtectionPlans>"
    )
    document = child(episode(plan)).replace("</Ethnicity>", "</Ethnicity>" + disabilities)
    tables, findings, _ = parse(document)
    assert findings == []
    assert tables["disabilities"].rows() == [("C1", "MOB")]
    assert tables["cp_reviews"]["review_date"].to_list() == [dt.date(2024, 6, 1), dt.date(2024, 9, 1)]
    assert tables["cp_reviews"]["plan_id"].unique().to_list() == ["C1/CP/2024-05-10"]
