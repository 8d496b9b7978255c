"""A deterministic generator of a fictional authority's organisation and staff.

Framework-free: it returns plain data, so tests, benchmarks and the loader can all use it. The same
seed always gives the same authority. Dates are fixed relative to `anchor`, not to today.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from assure.organisation.roles import RoleCode

ANCHOR = dt.date(2026, 4, 1)
DOMAIN = "northvale.example"

FIRST_NAMES = [
    "Aisha",
    "Alex",
    "Amelia",
    "Amir",
    "Anna",
    "Ben",
    "Bethany",
    "Callum",
    "Chloe",
    "Chris",
    "Daniel",
    "Deborah",
    "Dev",
    "Eleanor",
    "Ellie",
    "Emma",
    "Fatima",
    "Femi",
    "Finn",
    "Georgia",
    "Grace",
    "Hannah",
    "Harry",
    "Imran",
    "Isla",
    "Jack",
    "James",
    "Jasmine",
    "Joel",
    "Jordan",
    "Kate",
    "Kemi",
    "Laura",
    "Leah",
    "Liam",
    "Lucy",
    "Maria",
    "Mark",
    "Megan",
    "Mohammed",
    "Nadia",
    "Naomi",
    "Nathan",
    "Olivia",
    "Omar",
    "Patrick",
    "Priya",
    "Rachel",
    "Rebecca",
    "Rosie",
    "Ryan",
    "Sam",
    "Sarah",
    "Simon",
    "Sophie",
    "Tariq",
    "Tom",
    "Una",
    "Victoria",
    "Will",
    "Yusuf",
    "Zara",
    "Zoe",
]
LAST_NAMES = [
    "Abbott",
    "Adeyemi",
    "Ahmed",
    "Ali",
    "Allen",
    "Baker",
    "Barnes",
    "Bell",
    "Bennett",
    "Brown",
    "Campbell",
    "Carter",
    "Clarke",
    "Collins",
    "Cooper",
    "Davies",
    "Edwards",
    "Evans",
    "Fisher",
    "Foster",
    "Green",
    "Hall",
    "Harris",
    "Hughes",
    "Hussain",
    "Iqbal",
    "Jackson",
    "James",
    "Johnson",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "King",
    "Lee",
    "Lewis",
    "Martin",
    "Mensah",
    "Mitchell",
    "Moore",
    "Morgan",
    "Murphy",
    "Nguyen",
    "Okafor",
    "Owen",
    "Palmer",
    "Patel",
    "Phillips",
    "Price",
    "Reid",
    "Roberts",
    "Robinson",
    "Rossi",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]

# (service area, [(team name, team type, practitioners)]). Six areas, twenty-five teams.
STRUCTURE: tuple[tuple[str, tuple[tuple[str, str, int], ...]], ...] = (
    (
        "Front Door and Assessment",
        (
            ("Multi-Agency Safeguarding Hub", "front_door", 11),
            ("Assessment Team 1", "assessment", 10),
            ("Assessment Team 2", "assessment", 10),
            ("Assessment Team 3", "assessment", 9),
        ),
    ),
    (
        "Safeguarding and Family Support",
        (
            ("Family Support North", "cin_cp", 10),
            ("Family Support South", "cin_cp", 10),
            ("Family Support East", "cin_cp", 9),
            ("Family Support West", "cin_cp", 9),
            ("Early Help North", "early_help", 8),
            ("Early Help South", "early_help", 8),
        ),
    ),
    (
        "Children in Care and Care Leavers",
        (
            ("Children in Care 1", "children_in_care", 10),
            ("Children in Care 2", "children_in_care", 10),
            ("Children in Care 3", "children_in_care", 9),
            ("Leaving Care North", "care_leavers", 8),
            ("Leaving Care South", "care_leavers", 8),
        ),
    ),
    (
        "Disabled Children and Short Breaks",
        (
            ("Disabled Children's Team", "disabilities", 10),
            ("Short Breaks and Residential Homes", "residential", 8),
        ),
    ),
    (
        "Permanence and Placements",
        (
            ("Fostering Recruitment and Assessment", "fostering", 7),
            ("Fostering Support", "fostering", 8),
            ("Adoption and Special Guardianship", "adoption", 7),
        ),
    ),
    (
        "Quality Assurance and Safeguarding",
        (
            ("Independent Reviewing Officers", "safeguarding_unit", 9),
            ("Child Protection Chairs", "safeguarding_unit", 7),
            ("Performance and Quality Assurance", "management", 6),
            ("Business Support", "business_support", 11),
            ("Workforce and Complaints", "management", 5),
        ),
    ),
)

PRACTICE_TYPES = {
    "front_door",
    "assessment",
    "cin_cp",
    "children_in_care",
    "care_leavers",
    "disabilities",
    "fostering",
    "adoption",
    "early_help",
    "residential",
}


@dataclass
class DemoStaff:
    key: str
    first_name: str
    last_name: str
    email: str
    job_title: str
    roles: list[RoleCode]
    employment_type: str = "permanent"
    fte: str = "1.00"
    line_manager: str | None = None
    # (team name, start, end or None), oldest first.
    memberships: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)


CASE_HOLDING_SIGNINS = frozenset({RoleCode.PRACTITIONER, RoleCode.ADVANCED_PRACTITIONER, RoleCode.TEAM_MANAGER})


@dataclass
class DemoAuthority:
    name: str
    la_code: str
    ons_code: str
    directorate: str
    service_areas: list[tuple[str, str | None]]  # (name, head's key)
    teams: list[tuple[str, str, str]]  # (name, type, service area)
    staff: list[DemoStaff]
    # DfE does not list a fictional authority, so it compares with a real one's region and neighbours:
    # Bolton's, a North West metropolitan borough of about the demo's size.
    comparison: dict[str, str] = field(
        default_factory=lambda: {"region_code": "E12000002", "neighbours_of": "350", "neighbour_model": ""}
    )

    def first_with_role(self, role: RoleCode) -> DemoStaff:
        return next(s for s in self.staff if role in s.roles)

    def signins(self) -> dict[RoleCode, DemoStaff]:
        """One distinct person per role, for the demo sign-ins."""
        chosen: dict[RoleCode, DemoStaff] = {}
        for role in RoleCode:
            holders = [s for s in self.staff if role in s.roles]
            if role in CASE_HOLDING_SIGNINS:  # people whose teams hold long-running cases, with deadlines to show
                holders.sort(key=lambda s: self._current_team_type(s) != "cin_cp")
            unused = [s for s in holders if s not in chosen.values()]
            chosen[role] = (unused or holders)[0]
        return chosen

    def _current_team_type(self, person: DemoStaff) -> str:
        types = {name: kind for name, kind, _ in self.teams}
        current = [team for team, _, end in person.memberships if end is None]
        return types.get(current[-1], "") if current else ""


class _Names:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def next(self) -> tuple[str, str, str]:
        while True:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            base = f"{first}.{last}".lower()
            email = f"{base}@{DOMAIN}"
            n = 2
            while email in self.used:
                email = f"{base}{n}@{DOMAIN}"
                n += 1
            self.used.add(email)
            return first, last, email


def _start(rng: random.Random, years_back: float = 6.0) -> dt.date:
    return ANCHOR - dt.timedelta(days=rng.randint(30, int(365 * years_back)))


def generate(seed: int = 2026) -> DemoAuthority:
    """The demo authority: about 250 staff in 25 teams across 6 service areas."""
    rng = random.Random(seed)
    names = _Names(rng)
    staff: list[DemoStaff] = []

    def person(title: str, roles: list[RoleCode], manager: str | None = None, **extra: object) -> DemoStaff:
        first, last, email = names.next()
        member = DemoStaff(f"s{len(staff) + 1:04d}", first, last, email, title, roles, line_manager=manager, **extra)  # type: ignore[arg-type]
        staff.append(member)
        return member

    director = person("Director of Children's Services", [RoleCode.DIRECTOR, RoleCode.RISK_OWNER])
    ads = [
        person("Assistant Director, Safeguarding", [RoleCode.ASSISTANT_DIRECTOR, RoleCode.RISK_OWNER], director.key),
        person(
            "Assistant Director, Children in Care and Quality",
            [RoleCode.ASSISTANT_DIRECTOR, RoleCode.RISK_OWNER],
            director.key,
        ),
    ]
    service_areas: list[tuple[str, str | None]] = []
    teams: list[tuple[str, str, str]] = []
    all_team_names = [t[0] for _, area_teams in STRUCTURE for t in area_teams]
    for index, (area, area_teams) in enumerate(STRUCTURE):
        head = person(f"Head of Service, {area}", [RoleCode.HEAD_OF_SERVICE, RoleCode.RISK_OWNER], ads[index // 3].key)
        service_areas.append((area, head.key))
        for team_name, team_type, size in area_teams:
            teams.append((team_name, team_type, area))
            _staff_team(rng, person, team_name, team_type, size, head.key, all_team_names)
    for _ in range(5):
        person("Councillor", [RoleCode.BOARD_MEMBER], employment_type="permanent", fte="0.10")
    admin = person("Systems Administrator", [RoleCode.SYSTEM_ADMINISTRATOR], ads[1].key)
    admin.memberships.append(("Business Support", _start(rng), None))
    return DemoAuthority(
        name="Northvale Borough Council",
        la_code="999",
        ons_code="E09999999",
        directorate="Children's Services",
        service_areas=service_areas,
        teams=teams,
        staff=staff,
    )


def _staff_team(
    rng: random.Random, person, team: str, team_type: str, size: int, head_key: str, all_teams: list[str]
) -> None:  # type: ignore[no-untyped-def]
    practice = team_type in PRACTICE_TYPES
    if team_type == "safeguarding_unit":
        lead = person(f"Team Manager, {team}", [RoleCode.TEAM_MANAGER, RoleCode.IRO], head_key)
        member_title, member_roles = (
            "Independent Reviewing Officer" if "Reviewing" in team else "Child Protection Chair",
            [RoleCode.IRO],
        )
    elif team_type == "business_support":
        lead = person("Business Support Manager", [RoleCode.BUSINESS_SUPPORT, RoleCode.TEAM_MANAGER], head_key)
        member_title, member_roles = "Business Support Officer", [RoleCode.BUSINESS_SUPPORT]
    elif team == "Performance and Quality Assurance":
        lead = person(
            "Performance and Quality Assurance Manager",
            [RoleCode.PERFORMANCE_QA, RoleCode.TEAM_MANAGER, RoleCode.RISK_OWNER],
            head_key,
        )
        member_title, member_roles = "Performance and QA Officer", [RoleCode.PERFORMANCE_QA]
    elif team == "Workforce and Complaints":
        lead = person("HR Business Partner", [RoleCode.HR_BUSINESS_PARTNER], head_key)
        member_title, member_roles = "Complaints Officer", [RoleCode.COMPLAINTS_OFFICER]
    else:
        lead = person(f"Team Manager, {team}", [RoleCode.TEAM_MANAGER], head_key)
        member_title, member_roles = "Social Worker", [RoleCode.PRACTITIONER]
    lead.memberships.append((team, _start(rng), None))
    for i in range(size):
        title, roles = member_title, list(member_roles)
        if practice and i == 0:
            title, roles = "Advanced Practitioner", [RoleCode.ADVANCED_PRACTITIONER]
        elif practice and team_type == "early_help":
            title = "Family Support Worker"
        agency = practice and rng.random() < 0.17
        member = person(
            title,
            roles,
            lead.key,
            employment_type="agency" if agency else "permanent",
            fte="1.00" if rng.random() < 0.85 else rng.choice(["0.60", "0.80", "0.90"]),
        )
        start = _start(rng, 1.0 if agency else 6.0)
        if practice and not agency and rng.random() < 0.12:
            previous = rng.choice([t for t in all_teams if t != team])
            first_start = start - dt.timedelta(days=rng.randint(200, 900))
            member.memberships.append((previous, first_start, start - dt.timedelta(days=1)))
        member.memberships.append((team, start, None))
