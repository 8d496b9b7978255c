"""The Ofsted Annex A lists: their columns, the spellings of the headers Assure accepts, and the values.

Framework-free. Each list is a tuple of `Column`s in Ofsted's order (`domain-data.md` §3.2). A column
has an internal name, Ofsted's header, the kind of value it holds and other spellings seen in real
files. Headers are compared as lowercase letters and digits only (`normal`), so case, spaces,
punctuation, quotes and "?" never matter; a header that still matches nothing is compared with
difflib at a high cutoff (`match_headers`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# What a column holds: id (identifier), text, sex, code (a lettered label with a code, "q) 6: Police"),
# flag (Yes/No), date, number, category (CP category of abuse), touch (care leaver in touch), suitable
# (suitability of accommodation), ignore (never checked or stored).
Kind = str


@dataclass(frozen=True)
class Column:
    name: str
    header: str  # Ofsted's header, as the exporter writes it
    kind: Kind
    also: tuple[str, ...] = ()
    required: bool = False


def _c(name: str, header: str, kind: Kind, *also: str, required: bool = False) -> Column:
    return Column(name, header, kind, also, required)


CHILD = _c("child_id", "Child Unique ID", "id", "Child ID", "Unique Child ID", "Child Identifier", "LA Child ID",
           "Child Unique Identifier", required=True)  # fmt: skip
SEX = _c("sex", "Gender", "sex", "Sex", "Gender Identity")
ETHNICITY = _c("ethnicity", "Ethnicity", "code", "Ethnic Origin", "Ethnic Group")
DOB = _c("dob", "Date of Birth", "date", "DOB", "Birth Date")
AGE = _c("age", "Age", "ignore", "Age (Years)", "Age of Child (Years)", "Age of Child")
DISABLED = _c("disabled", "Does the Child have a Disability", "flag", "Disability", "Disabled", "Has a Disability",
              "Child has a Disability", "Does the Child have a Disability?")  # fmt: skip
TEAM = _c("team", "Allocated Team", "text", "Team", "Allocated Team Name", "Team Allocated")
WORKER = _c("worker", "Allocated Worker", "text", "Allocated Social Worker", "Worker", "Social Worker",
            "Allocated Worker Name", "Lead Worker")  # fmt: skip
PERSON = (CHILD, SEX, ETHNICITY, DOB, AGE)

LISTS: dict[int, tuple[Column, ...]] = {
    1: (*PERSON,
        _c("contact_date", "Date of Contact", "date", "Contact Date", required=True),
        _c("source", "Contact Source", "code", "Source of Contact")),
    2: (*PERSON,
        _c("start_date", "Assessment start date", "date", "Early Help Assessment Start Date",
           "EH Assessment Start Date"),
        _c("end_date", "Assessment completion date", "date", "Early Help Assessment Completion Date"),
        _c("organisation", "Organisation completing assessment", "text", "Organisation")),
    3: (*PERSON,
        _c("referral_date", "Date of Referral", "date", "Referral Date", required=True),
        _c("referral_source", "Referral Source", "code", "Source of Referral"),
        _c("referral_nfa", "Referral NFA?", "flag", "Referral NFA", "NFA", "Referral No Further Action"),
        _c("referrals_12m", "Number of Referrals in Last 12 Months", "ignore",
           "Number of Referrals in the Last 12 Months", "Referrals in Last 12 Months"),
        TEAM, WORKER),
    4: (*PERSON, DISABLED,
        _c("start_date", "Continuous Assessment Start Date", "date", "Assessment Start Date",
           "Single Assessment Start Date", required=True),
        _c("seen", "Child Seen During Continuous Assessment", "ignore", "Child Seen During Assessment", "Child Seen"),
        _c("authorisation_date", "Continuous Assessment Date of Authorisation", "date",
           "Assessment Authorisation Date", "Date of Authorisation", "Assessment Date of Authorisation"),
        _c("outcome", "Was the child assessed as requiring LA children's social care support?", "ignore",
           "Assessment Outcome", "Child assessed as requiring LA childrens social care support"),
        TEAM, WORKER),
    5: (*PERSON, DISABLED,
        _c("strategy_date", "Strategy discussion initiating Section 47 Enquiry Start Date", "date",
           "Section 47 Enquiry Start Date", "S47 Start Date", "Strategy Discussion Date",
           "Date of Strategy Discussion", required=True),
        _c("icpc_not_required", "Was an Initial Child Protection Conference deemed unnecessary?", "flag",
           "ICPC deemed unnecessary", "ICPC not required", "Initial Child Protection Conference deemed unnecessary"),
        _c("icpc_date", "Date of Initial Child Protection Conference", "date", "ICPC Date", "Date of ICPC"),
        _c("icpc_outcome_cp", "Did the Initial Child Protection Conference Result in a Child Protection Plan", "flag",
           "Did the ICPC result in a CP plan", "ICPC resulted in a CP plan", "ICPC Outcome"),
        _c("s47_12m", "Number of Section 47 Enquiries in the last 12 months", "ignore",
           "Number of S47 Enquiries in the last 12 months"),
        _c("icpc_12m", "Number of ICPCs in the last 12 months", "ignore", "Number of ICPCs in last 12 months"),
        TEAM, WORKER),
    6: (*PERSON, DISABLED,
        _c("referral_date", "CIN Start Date", "date", "Child in Need Start Date", "CIN Episode Start Date",
           required=True),
        _c("primary_need", "Primary Need Code", "code", "Primary Need", "Primary Need Category"),
        _c("last_seen", "Date Child Was Last Seen", "date", "Date Last Seen", "Date child last seen",
           "Last Seen Date"),
        _c("closure_date", "CIN Closure Date", "date", "Child in Need Closure Date", "Closure Date"),
        _c("closure_reason", "Reason for Closure", "code", "Closure Reason", "CIN Closure Reason"),
        _c("case_status", "Case Status", "ignore", "Status"),
        TEAM, WORKER),
    7: (*PERSON, DISABLED,
        _c("start_date", "Child Protection Plan Start Date", "date", "CP Plan Start Date", "CPP Start Date",
           required=True),
        _c("initial_category", "Initial Category of Abuse", "category", "Initial Category"),
        _c("latest_category", "Latest Category of Abuse", "category", "Latest Category",
           "Current Category of Abuse"),
        _c("visit_date", "Date of the Last Statutory Visit", "date", "Date of Last Statutory Visit",
           "Last Statutory Visit"),
        _c("seen_alone", "Was the Child Seen Alone?", "flag", "Child Seen Alone", "Seen Alone"),
        _c("review_date", "Date of latest review conference", "date", "Date of last review conference",
           "Latest Review Conference", "Date of Latest Review"),
        _c("end_date", "Child Protection Plan End Date", "date", "CP Plan End Date", "CPP End Date"),
        _c("epo", "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
           "ignore", "Subject to EPO or Police Protection in last 6 months"),
        _c("previous_plans", "Number of Previous Child Protection Plans", "number", "Number of Previous CP Plans",
           "Previous CP Plans"),
        TEAM, WORKER),
    8: (*PERSON,
        _c("uasc", "UASC within the Last 12 Months (Y/N)", "flag",
           "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)", "UASC",
           "Unaccompanied Asylum Seeking Child"),
        DISABLED,
        _c("period_start", "Date Started to be Looked After", "date", "Date Started Looked After",
           "Date Became Looked After", "CLA Start Date", required=True),
        _c("need_code", "Child's Category of Need", "code", "Category of Need", "CIN Category of Need"),
        _c("second_period", "Is this a second or subsequent period of being a Looked After Child within the last "
           "12 months (Y/N)", "ignore", "Second or subsequent period of care in last 12 months"),
        _c("legal_status_start", "Start date of current legal status", "date", "Legal Status Start Date"),
        _c("legal_status", "Child's Legal Status", "code", "Legal Status", "Current Legal Status"),
        _c("review_date", "Date of Latest Statutory Review", "date", "Date of Last Statutory Review",
           "Latest Statutory Review", "Date of Last Review"),
        _c("visit_date", "Date of Last Social Work Visit", "date", "Last Social Work Visit",
           "Date of Last Statutory Visit"),
        _c("permanence", "What is the permanence plan for this child?", "ignore", "Permanence Plan"),
        _c("iro_date", "Date of Last IRO Visit / Contact to the Child", "date", "Date of Last IRO Visit",
           "Date of Last IRO Contact"),
        _c("health_date", "Date of Last Health Assessment", "date", "Last Health Assessment"),
        _c("dental_date", "Date of Last Dental Check", "date", "Last Dental Check"),
        _c("placements_12m", "Number of Placements in the Last 12 months", "ignore",
           "Placements in the Last 12 months"),
        _c("end_date", "Date Ceased to be Looked After", "date", "Date Ceased Looked After", "CLA End Date"),
        _c("reason_ceased", "Reason Ceased to be Looked After", "code", "Reason Ceased", "Reason Episode Ceased"),
        _c("placement_start", "Start Date of Most Recent Placement", "date", "Placement Start Date",
           "Start Date of Current Placement"),
        _c("placement", "Placement Type", "code", "Type of Placement"),
        _c("provider", "Placement Provider", "code", "Provider"),
        _c("placement_postcode", "Placement postcode", "text", "Placement Post Code"),
        _c("urn", "URN of Placement", "text", "Placement URN", "URN"),
        _c("location", "Placement Location", "ignore", "Location of Placement"),
        _c("placement_la", "LA of Placement", "ignore", "Placement LA", "Local Authority of Placement"),
        _c("missing_12m", "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 "
           "months", "ignore", "Number of Missing Episodes in the last 12 months"),
        _c("absent_12m", "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 "
           "months", "ignore", "Number of Absent Episodes in the last 12 months"),
        _c("ri_offered", "Was the child offered a Return Interview after their last missing episode (Y/N)?", "flag",
           "Return Interview Offered"),
        _c("ri_accepted", "Did the child accept a Return Interview after their last missing episode (Y/N)?", "flag",
           "Return Interview Accepted"),
        TEAM, WORKER),
    9: (*PERSON, DISABLED, TEAM, WORKER,
        _c("eligibility", "Eligibility Category", "ignore", "Eligibility", "Care Leaver Eligibility"),
        _c("in_touch", "LA in Touch", "touch", "In Touch", "Local Authority in Touch"),
        _c("accommodation", "Type of Accommodation", "code", "Accommodation Type", "Accommodation"),
        _c("suitability", "Suitability of Accommodation", "suitable", "Accommodation Suitability", "Suitability"),
        _c("activity", "Activity Status", "code", "Activity", "Main Activity")),
    10: (CHILD,
         _c("family_id", "Family identifier", "ignore", "Family ID"),
         SEX, ETHNICITY, DOB,
         _c("age", "Age of Child (Years)", "ignore", "Age", "Age of Child"),
         DISABLED,
         _c("entered_care", "Date the Child Entered Care", "date", "Date Entered Care"),
         _c("decision_date", "Date of Decision that Child Should be Placed for Adoption", "date",
            "Date of ADM Decision", "ADM Decision Date", "Date of Decision to Place for Adoption", required=True),
         _c("placement_order", "Date of Placement Order", "date", "Placement Order Date"),
         _c("match_date", "Date of Matching Child and Prospective Adopters", "date", "Date of Matching",
            "Matching Date"),
         _c("placed_date", "Date Placed for Adoption", "date", "Date Placed"),
         _c("adoption_order", "Date of Adoption Order", "date", "Adoption Order Date"),
         _c("ceased_date", "Date of Decision that Child Should No Longer be Placed for Adoption", "date",
            "Date of Decision No Longer Placed for Adoption"),
         _c("ceased_reason", "Reason Why Child No Longer Placed for Adoption", "code",
            "Reason No Longer Placed for Adoption"),
         _c("ffa_date", "Date the child was placed for fostering in FFA or concurrent planning placement", "date",
            "Date placed in FFA or concurrent planning placement")),
    11: (_c("adopter_id", "Individual adopter identifier", "id", "Adopter ID", "Adopter identifier", required=True),
         *(_c(f"a{n}", header, "ignore") for n, header in enumerate((
             "Family identifier", "Gender", "Ethnicity", "Disability",
             "Is the (prospective) adopter fostering for adoption?", "Date enquiry received",
             "Date Stage 1 started", "Date Stage 1 ended", "Date Stage 2 started", "Date Stage 2 ended",
             "Date application submitted", "Date application approved", "Date adopter matched with child(ren)",
             "Date child/children placed with adopter(s)", "No. of children placed", "Date of Adoption Order",
             "Date of leaving adoption process", "Reason for leaving adoption process")))),
}  # fmt: skip
TITLES = {1: "contacts", 2: "early help", 3: "referrals", 4: "assessments", 5: "section 47 enquiries",
          6: "children in need", 7: "child protection", 8: "children in care", 9: "care leavers",
          10: "adoption", 11: "adopters"}  # fmt: skip
NOT_STORED = {2: "early help", 11: "adopters"}  # lists with no canonical table

# Values. A lettered label ("a) Male") loses its letter first; then these words become codes.
SEX_WORDS = {"male": "M", "m": "M", "boy": "M", "1": "M", "female": "F", "f": "F", "girl": "F", "2": "F",
             "notstatedrecorded": "U", "notstated": "U", "notrecorded": "U", "neither": "U", "unknown": "U",
             "u": "U", "indeterminate": "U", "0": "U", "9": "U", "notknown": "U"}  # fmt: skip
FLAG_WORDS = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}
CATEGORIES = {"neglect": "NEG", "physicalabuse": "PHY", "physical": "PHY", "sexualabuse": "SAB", "sexual": "SAB",
              "emotionalabuse": "EMO", "emotional": "EMO", "multiple": "MUL", "multiplenotrecommended": "MUL",
              "neg": "NEG", "phy": "PHY", "sab": "SAB", "emo": "EMO", "mul": "MUL"}  # fmt: skip
IN_TOUCH = {"yes": "YES", "no": "NO", "died": "DIED", "refused": "REFU", "refu": "REFU", "notrequired": "NREQ",
            "nreq": "NREQ", "returnedhome": "RHOM", "rhom": "RHOM"}  # fmt: skip
SUITABLE = {"suitable": "1", "1": "1", "notsuitable": "2", "unsuitable": "2", "2": "2"}

_LETTER = re.compile(r"^\s*[a-z]{1,2}\)\s*", re.IGNORECASE)
_CODE = re.compile(r"^([A-Za-z0-9]{1,6})(?:\s*:|\s+-\s|\s*$)")
_LIST = re.compile(r"^\s*list\s*[-_.]?\s*(\d{1,2})(?!\d)", re.IGNORECASE)
FUZZY_CUTOFF = 0.88


def normal(text: object) -> str:
    """Lowercase letters and digits only: how headers and words are compared."""
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


def unlettered(text: str) -> str:
    """A label without its letter: "a) Male" → "Male"."""
    return _LETTER.sub("", text, count=1).strip()


def code_of(text: str) -> str:
    """The code at the start of a label: "q) 6: Police" → "6", "U6: Foster placement" → "U6", "WBRI" → "WBRI"."""
    label = unlettered(text)
    match = _CODE.match(label)
    return match.group(1).upper() if match else label


def list_number(title: str) -> int | None:
    """The list a sheet holds from its name: "List 1", "list1", "List 1 - Contacts", "LIST_10"."""
    match = _LIST.match(title)
    number = int(match.group(1)) if match else None
    return number if number in LISTS else None


def match_headers(number: int, headers: list[object]) -> tuple[dict[int, tuple[Column, bool]], list[int]]:
    """Which column of list `number` each header is: {position: (column, exact)}, and the unknown positions.

    A header matches a column when its letters and digits equal Ofsted's header or one of the accepted
    spellings; otherwise the closest spelling at difflib ratio `FUZZY_CUTOFF` or more, if that column is
    not already taken. A second header for a taken column is unknown.
    """
    spellings = {normal(s): column for column in LISTS[number] for s in (column.header, *column.also)}
    found: dict[int, tuple[Column, bool]] = {}
    taken: set[str] = set()
    unknown: list[int] = []
    for position, header in enumerate(headers):
        column = spellings.get(normal(header)) if header is not None else None
        if column and column.name not in taken:
            found[position] = (column, True)
            taken.add(column.name)
        elif header is not None and normal(header):
            unknown.append(position)
    for position in list(unknown):
        free = [s for s, column in spellings.items() if column.name not in taken]
        close = difflib.get_close_matches(normal(headers[position]), free, n=1, cutoff=FUZZY_CUTOFF)
        if close:
            found[position] = (spellings[close[0]], False)
            taken.add(spellings[close[0]].name)
            unknown.remove(position)
    return found, unknown
