"""What a CIN census XML file holds and where each element goes in the canonical tables.

The code lists are the enumerations of the DfE schema (CIN_schema_2024.xsd). Each `Block` names the
leaf elements of one kind of XML block, what each becomes in its canonical table, and which checks
apply to it. Framework-free.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from assure.casedata.codes import (
    ABUSE_CATEGORY,
    ASSESSMENT_FACTOR,
    CLOSURE_REASON,
    DISABILITY,
    ETHNIC,
    PRIMARY_NEED,
    REFERRAL_SOURCE,
    UPN_UNKNOWN,
)

ETHNICITY = ETHNIC  # the census uses the 903's ethnicity codes

HEADER_FIELDS = ("Collection", "Year", "ReferenceDate", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime")


# Sex (2024/25 on) is M, F or U; the older GenderCurrent is 1 male, 2 female, 0 or 9 not known.
SEX = {"M": "M", "F": "F", "U": "U"}
GENDER_CURRENT = {"1": "M", "2": "F", "0": "U", "9": "U"}
FLAG = {"true": True, "1": True, "false": False, "0": False}


@dataclass(frozen=True)
class Block:
    """One kind of XML block: its leaf elements by kind, each with its canonical column (None: checked only)."""

    element: str
    keys: tuple[str, ...] = ()  # row numbers of the enclosing record in its own table
    dates: Mapping[str, str | None] = field(default_factory=dict)
    texts: Mapping[str, str | None] = field(default_factory=dict)
    flags: Mapping[str, str] = field(default_factory=dict)
    numbers: Mapping[str, str] = field(default_factory=dict)
    codes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    required: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return (*self.dates, *self.texts, *self.flags, *self.numbers)


CHILD = Block(
    "Child",
    dates={"PersonBirthDate": "dob", "ExpectedPersonBirthDate": "expected_dob", "PersonDeathDate": "death_date"},
    texts={
        "LAchildID": "child_id",
        "UPN": "upn",
        "FormerUPN": "former_upn",
        "UPNunknown": "upn_unknown",
        "Ethnicity": "ethnicity",
        "Sex": None,
        "GenderCurrent": None,
    },
    codes={"UPNunknown": UPN_UNKNOWN, "Ethnicity": ETHNICITY},
    required=("Ethnicity",),
)
DISABILITY_ROW = Block(
    "Disability", keys=("_child",), texts={"Disability": "disability"}, codes={"Disability": DISABILITY}
)
EPISODE = Block(
    "CINdetails",
    keys=("_child",),
    dates={
        "CINreferralDate": "referral_date",
        "CINclosureDate": "closure_date",
        "DateOfInitialCPC": "initial_cpc_date",
    },
    texts={
        "ReferralSource": "referral_source",
        "PrimaryNeedCode": "primary_need",
        "ReasonForClosure": "closure_reason",
    },
    flags={"ReferralNFA": "referral_nfa"},
    codes={"ReferralSource": REFERRAL_SOURCE, "PrimaryNeedCode": PRIMARY_NEED, "ReasonForClosure": CLOSURE_REASON},
    required=("CINreferralDate", "ReferralSource", "ReferralNFA"),
)
ASSESSMENT = Block(
    "Assessments",
    keys=("_ep", "factors"),
    dates={
        "AssessmentActualStartDate": "start_date",
        "AssessmentInternalReviewDate": "review_date",
        "AssessmentAuthorisationDate": "authorisation_date",
    },
    required=("AssessmentActualStartDate",),
)
FACTOR = Block(
    "AssessmentFactors",
    keys=("_assessment",),
    texts={"AssessmentFactors": None},
    codes={"AssessmentFactors": ASSESSMENT_FACTOR},
)
CIN_PLAN = Block(
    "CINPlanDates",
    keys=("_ep",),
    dates={"CINPlanStartDate": "start_date", "CINPlanEndDate": "end_date"},
    required=("CINPlanStartDate",),
)
SECTION47 = Block(
    "Section47",
    keys=("_ep",),
    dates={"S47ActualStartDate": "start_date", "InitialCPCtarget": "icpc_target_date", "DateOfInitialCPC": "icpc_date"},
    flags={"ICPCnotRequired": "icpc_not_required"},
    required=("S47ActualStartDate", "ICPCnotRequired"),
)
CP_PLAN = Block(
    "ChildProtectionPlans",
    keys=("_ep",),
    dates={"CPPstartDate": "start_date", "CPPendDate": "end_date"},
    texts={"InitialCategoryOfAbuse": "initial_category", "LatestCategoryOfAbuse": "latest_category"},
    numbers={"NumberOfPreviousCPP": "previous_plans"},
    codes={"InitialCategoryOfAbuse": ABUSE_CATEGORY, "LatestCategoryOfAbuse": ABUSE_CATEGORY},
    required=("CPPstartDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"),
)
CP_REVIEW = Block("CPPreviewDate", keys=("_plan",), dates={"CPPreviewDate": "review_date"})
# Pre-proceedings and family group decision making (2025/26 on).
PRE_PROCEEDINGS = Block(
    "PreProceedingsandFGDM",
    keys=("_ep",),
    dates={
        "PPStartDate": "start_date",
        "LBPSentDate": "letter_sent_date",
        "InitialPPMeetingDate": "initial_meeting_date",
        "StepDecisionDate": "decision_date",
        "CourtAppDate": "court_application_date",
        "LetterInitCPDate": "letter_initial_cp_date",
    },
    texts={"PPOutcome": "outcome"},
    flags={"FGDMMeetingOffer": "fgdm_offered", "FGDMMeetingFac": "fgdm_held"},
    numbers={"ReviewMeetingsCount": "review_meetings"},
)
