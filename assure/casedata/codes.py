"""DfE code lists for the SSDA903 return, as the values a checker accepts.

Framework-free. Source: the 903 specification as published in `liiatools` (`SSDA903_schema_2024.yml`)
and the D2I 903 validator's 2024/25 rules; labels are in the project's domain-data reference note.
"""

from __future__ import annotations


def _numbered(prefix: str, first: int, last: int) -> frozenset[str]:
    return frozenset(f"{prefix}{n}" for n in range(first, last + 1))


SEX = frozenset({"M", "F", "U"})  # from 2024/25
SEX_OLD = {"1": "M", "2": "F"}  # up to 2023/24, normalised to the new codes

ETHNIC = frozenset(
    {
        *("WBRI", "WIRI", "WOTH", "WIRT", "WROM"),
        *("MWBC", "MWBA", "MWAS", "MOTH"),
        *("AIND", "APKN", "ABAN", "AOTH"),
        *("BCRB", "BAFR", "BOTH"),
        *("CHNE", "OOTH", "REFU", "NOBT"),
    }
)

RNE = frozenset({"S", "L", "P", "T", "B", "U"})  # reason for new episode

LS = frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"})  # legal status

CIN = _numbered("N", 1, 8)  # category of need

PLACE = frozenset(
    {
        *_numbered("A", 3, 6),
        *_numbered("U", 1, 6),
        *("K1", "K2", "K3", "H5"),
        *_numbered("P", 1, 3),
        *("R1", "R2", "R3", "R5", "S1"),
        *_numbered("T", 0, 4),
        "Z1",
    }
)

PLACE_PROVIDER = _numbered("PR", 0, 5)

REC = frozenset(  # reason episode ceased
    {
        *("X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41"),
        *_numbered("E", 45, 48),
        *("E5", "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17"),
    }
)

REVIEW_CODE = _numbered("PN", 0, 7)  # participation in the review

MISSING = frozenset({"M", "A"})  # M missing (whereabouts unknown), A away without authorisation

# CIN census code lists (the XSD's enumerations).
DISABILITY = frozenset(["NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"])
UPN_UNKNOWN = frozenset(f"UN{n}" for n in range(1, 8))
REFERRAL_SOURCE = frozenset(
    [
        "1A",
        "1B",
        "1C",
        "1D",
        "2A",
        "2B",
        "3A",
        "3B",
        "3C",
        "3D",
        "3E",
        "3F",
        "4",
        "5A",
        "5B",
        "5C",
        "5D",
        "6",
        "7",
        "8",
        "9",
        "10",
    ]
)
PRIMARY_NEED = frozenset(f"N{n}" for n in range(10))
CLOSURE_REASON = frozenset(f"RC{n}" for n in range(1, 10))
ABUSE_CATEGORY = frozenset(["NEG", "PHY", "SAB", "EMO", "MUL"])
ASSESSMENT_FACTOR = frozenset(
    [
        "1A",
        "1B",
        "1C",
        "2A",
        "2B",
        "2C",
        "3A",
        "3B",
        "3C",
        "4A",
        "4B",
        "4C",
        "5A",
        "5B",
        "5C",
        "6A",
        "6B",
        "6C",
        "7A",
        "8B",
        "8C",
        "8D",
        "8E",
        "8F",
        "9A",
        "10A",
        "11A",
        "12A",
        "13A",
        "14A",
        "15A",
        "16A",
        "17A",
        "18B",
        "18C",
        "19B",
        "19C",
        "20",
        "21",
        "22A",
        "23A",
        "24A",
    ]
)


# Plain-English labels for the codes, for pages that show a child's record. Wording follows the DfE's
# code-list descriptions (903 guidance and the CIN census XSD), shortened.
SEX_LABELS = {"M": "Male", "F": "Female", "U": "Not stated or recorded"}
ETHNIC_LABELS = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WOTH": "Any other White background",
    "WIRT": "Traveller of Irish heritage",
    "WROM": "Gypsy or Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Black Caribbean",
    "BAFR": "Black African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}
DISABILITY_LABELS = {
    "NONE": "No disability",
    "MOB": "Mobility",
    "HAND": "Hand function",
    "PC": "Personal care",
    "INC": "Incontinence",
    "COMM": "Communication",
    "LD": "Learning",
    "HEAR": "Hearing",
    "VIS": "Vision",
    "BEH": "Behaviour",
    "CON": "Consciousness",
    "AUT": "Autism or Asperger syndrome",
    "DDA": "Other disability (Disability Discrimination Act)",
}
RNE_LABELS = {
    "S": "Started to be looked after",
    "L": "Change of legal status only",
    "P": "Change of placement and carer",
    "T": "Change of placement, same carer",
    "B": "Change of legal status, placement and carer",
    "U": "Change of legal status and placement, same carer",
}
LS_LABELS = {
    "C1": "Interim care order",
    "C2": "Full care order",
    "D1": "Freeing order",
    "E1": "Placement order",
    "V2": "Accommodated under section 20 (single period)",
    "V3": "Short breaks, single placements recorded",
    "V4": "Short breaks, agreements recorded",
    "L1": "Police protection",
    "L2": "Emergency protection order",
    "L3": "Child assessment order",
    "J1": "Remanded to local authority accommodation",
    "J2": "Detained under PACE",
    "J3": "Youth rehabilitation order with residence requirement",
}
NEED_LABELS = {
    "N0": "Not stated",
    "N1": "Abuse or neglect",
    "N2": "Child's disability",
    "N3": "Parental illness or disability",
    "N4": "Family in acute stress",
    "N5": "Family dysfunction",
    "N6": "Socially unacceptable behaviour",
    "N7": "Low income",
    "N8": "Absent parenting",
    "N9": "Cases other than children in need",
}
PLACE_LABELS = {
    "A3": "Placed for adoption with consent, with current foster carer",
    "A4": "Placed for adoption with consent, not with current foster carer",
    "A5": "Placed for adoption under a placement order, with current foster carer",
    "A6": "Placed for adoption under a placement order, not with current foster carer",
    "U1": "Fostered by a relative or friend, long term",
    "U2": "Fostered by a relative or friend who is an approved adopter (fostering for adoption)",
    "U3": "Fostered by a relative or friend, not long term",
    "U4": "Fostered by other carers, long term",
    "U5": "Fostered by other carers who are approved adopters (fostering for adoption)",
    "U6": "Fostered by other carers, not long term",
    "K1": "Secure children's home",
    "K2": "Children's home",
    "K3": "Registered supported accommodation",
    "H5": "Semi-independent living",
    "P1": "With parents or others with parental responsibility",
    "P2": "Independent living",
    "P3": "Residential employment",
    "R1": "Residential care home",
    "R2": "NHS or health provision",
    "R3": "Family centre or mother and baby unit",
    "R5": "Young offender institution or prison",
    "S1": "Residential school",
    "T0": "Temporary move",
    "T1": "Temporary period in hospital",
    "T2": "Temporary absence on holiday",
    "T3": "Temporary placement while the usual foster carer is on holiday",
    "T4": "Temporary placement of seven days or less",
    "Z1": "Other placement",
}
PROVIDER_LABELS = {
    "PR0": "Parents or others with parental responsibility",
    "PR1": "Own local authority",
    "PR2": "Another local authority",
    "PR3": "Other public provision",
    "PR4": "Private provision",
    "PR5": "Voluntary or third sector provision",
}
REC_LABELS = {
    "X1": "Episode ended and a new one began the same day",
    "E11": "Adopted (application unopposed)",
    "E12": "Adopted (consent dispensed with by the court)",
    "E2": "Died",
    "E3": "Care taken over by another local authority",
    "E4A": "Returned home as part of the care plan",
    "E4B": "Returned home, not as part of the care plan",
    "E13": "Left care to live with a person without parental responsibility",
    "E41": "Child arrangements order",
    "E45": "Special guardianship order to former foster carers who are relatives or friends",
    "E46": "Special guardianship order to former foster carers",
    "E47": "Special guardianship order to carers other than foster carers, relatives or friends",
    "E48": "Special guardianship order to other carers",
    "E5": "Moved to independent living with support",
    "E6": "Moved to independent living without support",
    "E7": "Transferred to adult residential care",
    "E8": "Ceased for another reason",
    "E9": "Sentenced to custody",
    "E14": "Accommodation on remand ended",
    "E15": "Age assessment found the child to be 18 or over",
    "E16": "Moved abroad",
    "E17": "Aged 18 or over, staying put with former foster carers",
}
REVIEW_LABELS = {
    "PN0": "Child under 4 at the time of the review",
    "PN1": "Attended and spoke for themselves",
    "PN2": "Attended, and an advocate spoke for them",
    "PN3": "Attended and conveyed their views without words",
    "PN4": "Attended without conveying their views",
    "PN5": "Did not attend; an advocate spoke for them",
    "PN6": "Did not attend; views conveyed another way",
    "PN7": "Did not attend and views were not conveyed",
}
MISSING_LABELS = {"M": "Missing", "A": "Away from placement without authorisation"}
REFERRAL_SOURCE_LABELS = {
    "1A": "Individual: family member, relative or carer",
    "1B": "Individual: acquaintance",
    "1C": "Individual: self",
    "1D": "Individual: other",
    "2A": "School",
    "2B": "Education services",
    "3A": "Health: GP",
    "3B": "Health: health visitor",
    "3C": "Health: school nurse",
    "3D": "Health: other primary health services",
    "3E": "Health: A&E",
    "3F": "Health: other",
    "4": "Housing",
    "5A": "Local authority: social care",
    "5B": "Local authority: other internal department",
    "5C": "Local authority: external",
    "5D": "Early help",
    "6": "Police",
    "7": "Other legal agency",
    "8": "Other",
    "9": "Anonymous",
    "10": "Unknown",
}
CLOSURE_REASON_LABELS = {
    "RC1": "Adopted",
    "RC2": "Died",
    "RC3": "Child arrangements order",
    "RC4": "Special guardianship order",
    "RC5": "Transferred to another local authority",
    "RC6": "Transferred to adult social care",
    "RC7": "Services ceased for another reason, including no longer in need",
    "RC8": "Closed after assessment, no further action",
    "RC9": "Closed after assessment, referred to early help",
}
ABUSE_CATEGORY_LABELS = {
    "NEG": "Neglect",
    "PHY": "Physical abuse",
    "SAB": "Sexual abuse",
    "EMO": "Emotional abuse",
    "MUL": "Multiple categories",
}


def labelled(labels: dict[str, str], code: object) -> str:
    """A code with its plain-English label ("Full care order (C2)"); an unknown code as it is."""
    if code is None or code == "":
        return ""
    text = str(code)
    label = labels.get(text)
    return f"{label} ({text})" if label else text


# Assure's own values (no DfE list), as the generic layout and the generator write them.
ORDER_LABELS = {
    "C2": "Care order",
    "PO": "Placement order",
    "SGO": "Special guardianship order",
    "CAO": "Child arrangements order",
    "SO": "Supervision order",
    "NONE": "No order",
}
PP_OUTCOME_LABELS = {"ISSUE": "Care proceedings issued", "STEP_DOWN": "Stepped down"}
VISIT_KIND_LABELS = {"CIN": "Child in need visit", "CP": "Child protection visit", "CLA": "Visit to a child in care"}
CONTACT_OUTCOME_LABELS = {
    "REFERRAL": "Referred to children's social care",
    "NFA": "No further action",
    "ADVICE": "Advice and information given",
    "EARLY_HELP": "Referred to early help",
}
