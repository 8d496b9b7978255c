"""Checking an organisation import: a structure file, a staff file, or both, as CSV or XLSX.

Framework-free: nothing here imports Django. The caller says what the database already holds (team
names, staff e-mail addresses) and the choices for team type and employment, and gets back plain
rows and a list of problems. Each problem names the file, the row as the person sees it in their
spreadsheet (the column names are row 1), the field and the value, for example
`staff.xlsx, row 7, field "start_date": "31/02/2025" is not a real date.`
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from assure.organisation.import_files import Problem, Sheet, quoted_names, read_sheet
from assure.organisation.roles import ROLE_LABELS, RoleCode

STRUCTURE = "structure"
STAFF = "staff"
COLUMNS = {
    STRUCTURE: ("service_area", "team", "team_type"),
    STAFF: ("email", "first_name", "last_name", "job_title", "roles", "team", "start_date"),
}
OPTIONAL_COLUMNS = {
    STRUCTURE: ("directorate",),
    STAFF: ("end_date", "line_manager_email", "employment_type", "fte"),
}
EXAMPLES = {
    STRUCTURE: ("Safeguarding and Family Support", "Family Support North", "cin_cp", "Children's Services"),
    STAFF: (
        "sam.okafor@example.gov.uk",
        "Sam",
        "Okafor",
        "Social Worker",
        "practitioner; advanced_practitioner",
        "Family Support North",
        "01/04/2025",
        "",
        "team.manager@example.gov.uk",
        "permanent",
        "1.00",
    ),
}
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def fold(name: str) -> str:
    """The form of a name used to match it: case and runs of spaces do not matter."""
    return " ".join(name.split()).casefold()


ROLE_LOOKUP = {fold(code.value): code.value for code in RoleCode} | {
    fold(label): code.value for code, label in ROLE_LABELS.items()
}


@dataclass(frozen=True)
class Vocabulary:
    """Accepted team types and employment types, each keyed by its folded code and label."""

    team_types: Mapping[str, str]
    employment_types: Mapping[str, str]

    @classmethod
    def from_choices(
        cls, *, team_types: Iterable[tuple[str, str]], employment_types: Iterable[tuple[str, str]]
    ) -> Vocabulary:
        def lookup(choices: Iterable[tuple[str, str]]) -> dict[str, str]:
            found: dict[str, str] = {}
            for code, label in choices:
                found[fold(code)] = found[fold(label)] = code
            return found

        return cls(lookup(team_types), lookup(employment_types))


@dataclass(frozen=True)
class StructureRow:
    file: str
    row: int
    service_area: str
    team: str
    team_type: str
    directorate: str = ""


@dataclass(frozen=True)
class StaffRow:
    """One person. An empty optional value means "keep what is recorded" (or the default, for someone new)."""

    file: str
    row: int
    email: str
    first_name: str
    last_name: str
    job_title: str = ""
    roles: tuple[str, ...] = ()
    team: str = ""
    start_date: str = ""  # dates as YYYY-MM-DD
    end_date: str = ""
    line_manager_email: str = ""
    employment_type: str = ""
    fte: str = ""


@dataclass
class Upload:
    kinds: dict[str, str] = field(default_factory=dict)  # file name → STRUCTURE or STAFF
    structure: list[StructureRow] = field(default_factory=list)
    staff: list[StaffRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def rows_to_json(self) -> dict[str, list[dict[str, Any]]]:
        return {STRUCTURE: [asdict(r) for r in self.structure], STAFF: [asdict(r) for r in self.staff]}


def rows_from_json(data: Mapping[str, list[dict[str, Any]]]) -> tuple[list[StructureRow], list[StaffRow]]:
    structure = [StructureRow(**row) for row in data.get(STRUCTURE, [])]
    staff = [StaffRow(**{**row, "roles": tuple(row.get("roles", ()))}) for row in data.get(STAFF, [])]
    return structure, staff


def template_rows(kind: str) -> list[list[str]]:
    """The column names and one example row, for a template file."""
    return [[*COLUMNS[kind], *OPTIONAL_COLUMNS[kind]], list(EXAMPLES[kind])]


def layout_of(columns: Iterable[str]) -> str | None:
    """STRUCTURE or STAFF, by which layout's column names the file has more of; None if it is a tie."""
    present = set(columns) - {"team"}
    scores = {kind: len(present & {*COLUMNS[kind], *OPTIONAL_COLUMNS[kind]}) for kind in COLUMNS}
    if scores[STAFF] == scores[STRUCTURE]:
        return None
    return max(scores, key=lambda kind: scores[kind])


def check_upload(
    files: Sequence[tuple[str, bytes]],
    *,
    vocabulary: Vocabulary,
    existing_teams: Iterable[str],
    existing_emails: Iterable[str],
) -> Upload:
    """Read and check every file of one upload: at most one structure file and one staff file."""
    upload = Upload()
    for file, data in files:
        sheet = read_sheet(file, data, upload.problems)
        kind = layout_of(sheet.columns) if sheet else None
        if sheet is None:
            continue
        if kind is None:
            message = (
                "The column names do not match either layout. A structure file needs "
                f"{', '.join(COLUMNS[STRUCTURE])}; a staff file needs {', '.join(COLUMNS[STAFF])}."
            )
            upload.problems.append(Problem(file, message, sheet.header_row))
            continue
        if kind in upload.kinds.values():
            upload.problems.append(Problem(file, f"Upload one {kind} file at a time; this is the second."))
            continue
        upload.kinds[file] = kind
        missing = [c for c in COLUMNS[kind] if c not in sheet.columns]
        if missing:
            noun = "column" if len(missing) == 1 else "columns"
            message = f"The {kind} file is missing the {noun} {quoted_names(missing)}."
            upload.problems.append(Problem(file, message, sheet.header_row))
        if not sheet.rows:
            upload.problems.append(Problem(file, "There are no rows below the column names.", sheet.header_row + 1))
        if kind == STRUCTURE:
            upload.structure.extend(parse_structure(sheet, vocabulary, upload.problems))
        else:
            upload.staff.extend(parse_staff(sheet, vocabulary, upload.problems))
    upload.problems.extend(
        check_references(upload.structure, upload.staff, existing_teams=existing_teams, existing_emails=existing_emails)
    )
    upload.problems.sort(key=lambda p: (p.file, p.row or 0))
    return upload


def check_references(
    structure: Sequence[StructureRow],
    staff: Sequence[StaffRow],
    *,
    existing_teams: Iterable[str],
    existing_emails: Iterable[str],
) -> list[Problem]:
    """Teams and line managers that are neither in the database nor in this upload."""
    teams = {fold(name) for name in existing_teams} | {fold(row.team) for row in structure if row.team}
    emails = {email.lower() for email in existing_emails} | {row.email for row in staff if row.email}
    problems = []
    for row in staff:
        if row.team and fold(row.team) not in teams:
            message = f'"{row.team}" is not a team in the organisation or in a structure file in this upload.'
            problems.append(Problem(row.file, message, row.row, "team", row.team))
        manager = row.line_manager_email
        if manager and manager == row.email:
            message = "A person cannot be their own line manager."
            problems.append(Problem(row.file, message, row.row, "line_manager_email", manager))
        elif manager and manager not in emails:
            message = f'"{manager}" is not the e-mail address of anyone in the organisation or in this file.'
            problems.append(Problem(row.file, message, row.row, "line_manager_email", manager))
    return problems


class _Row:
    """One row's values, read one field at a time; each missing or wrong value becomes a problem."""

    def __init__(self, sheet: Sheet, number: int, values: dict[str, str | None], problems: list[Problem]):
        self.sheet, self.number, self.values, self.problems = sheet, number, values, problems

    def problem(self, column: str, message: str, value: str = "") -> None:
        self.problems.append(Problem(self.sheet.file, message, self.number, column, value))

    def raw(self, column: str) -> str:
        return self.values.get(column) or ""

    def text(self, column: str, *, what: str = "", required: bool = False, max_length: int = 200) -> str:
        value = self.values.get(column, "")
        if value is None:  # a formula, reported when the file was read
            return ""
        if not value:
            if required and column in self.sheet.columns:
                self.problem(column, f"The {what or column.replace('_', ' ')} is empty.")
            return ""
        if len(value) > max_length:
            self.problem(column, f"This is {len(value)} characters long; the most allowed is {max_length}.", value)
        return value

    def email(self, column: str, *, required: bool = False) -> str:
        value = self.text(column, what="e-mail address", required=required, max_length=254).lower()
        if value and not is_email(value):
            self.problem(column, f'"{value}" is not a valid e-mail address.', value)
        return value

    def choice(self, column: str, lookup: Mapping[str, str], *, what: str, required: bool = False) -> str:
        value = self.text(column, what=what, required=required)
        code = lookup.get(fold(value), "") if value else ""
        if value and not code:
            self.problem(column, f'"{value}" is not a {what}. Use one from the list on the import page.', value)
        return code

    def date(self, column: str, *, what: str, required: bool = False) -> str:
        value = self.text(column, what=what, required=required)
        if not value:
            return ""
        date, error = parse_date(value)
        if date is None:
            self.problem(column, error, value)
            return ""
        return date.isoformat()

    def roles(self, column: str) -> tuple[str, ...]:
        value = self.text(column, what="list of roles", required=True, max_length=2000)
        codes: list[str] = []
        for part in (p.strip() for p in value.split(";")):
            code = ROLE_LOOKUP.get(fold(part))
            if code is None and part:
                message = f'"{part}" is not a role. Use role codes or names from the import page, separated by ";".'
                self.problem(column, message, part)
            elif code and code not in codes:
                codes.append(code)
        if value and not codes and value.strip(" ;") == "":
            self.problem(column, "Give at least one role.", value)
        return tuple(codes)

    def fte(self, column: str) -> str:
        value = self.text(column, what="FTE")
        fte, error = parse_fte(value) if value else ("", "")
        if error:
            self.problem(column, error, value)
        return fte


def parse_structure(sheet: Sheet, vocabulary: Vocabulary, problems: list[Problem]) -> list[StructureRow]:
    rows = []
    team_rows: dict[str, int] = {}
    directorates: dict[str, tuple[str, int]] = {}  # service area → (directorate, row)
    for number, values in sheet.rows:
        row = _Row(sheet, number, values, problems)
        area = row.text("service_area", what="service area", required=True)
        team = row.text("team", what="team name", required=True)
        team_type = row.choice("team_type", vocabulary.team_types, what="type of team", required=True)
        directorate = row.text("directorate")
        if team and (first := team_rows.setdefault(fold(team), number)) != number:
            row.problem("team", f'"{team}" is also on row {first}. List each team once.', team)
        if area and directorate:
            known, known_row = directorates.setdefault(fold(area), (directorate, number))
            if fold(known) != fold(directorate):
                message = f'Row {known_row} puts "{area}" in "{known}". A service area is in one directorate.'
                row.problem("directorate", message, directorate)
        rows.append(StructureRow(sheet.file, number, area, team, team_type, directorate))
    return rows


def parse_staff(sheet: Sheet, vocabulary: Vocabulary, problems: list[Problem]) -> list[StaffRow]:
    rows = []
    email_rows: dict[str, int] = {}
    for number, values in sheet.rows:
        row = _Row(sheet, number, values, problems)
        email = row.email("email", required=True)
        if email and (first := email_rows.setdefault(email, number)) != number:
            row.problem("email", f'"{email}" is also on row {first}. List each person once.', email)
        first_name = row.text("first_name", what="first name", required=True, max_length=100)
        last_name = row.text("last_name", what="last name", required=True, max_length=100)
        job_title = row.text("job_title", what="job title")
        roles = row.roles("roles")
        team = row.text("team", what="team")
        start = row.date("start_date", what="date they joined the team", required=bool(team))
        end = row.date("end_date", what="date they left the team")
        if end and not team:
            row.problem("end_date", "An end date needs a team and the date they joined it.", row.raw("end_date"))
        elif start and end and end < start:
            message = f'"{row.raw("end_date")}" is before the start date "{row.raw("start_date")}".'
            row.problem("end_date", message, row.raw("end_date"))
        manager = row.email("line_manager_email")
        employment = row.choice("employment_type", vocabulary.employment_types, what="type of employment")
        fte = row.fte("fte")
        rows.append(
            StaffRow(
                file=sheet.file,
                row=number,
                email=email,
                first_name=first_name,
                last_name=last_name,
                job_title=job_title,
                roles=roles,
                team=team,
                start_date=start,
                end_date=end,
                line_manager_email=manager,
                employment_type=employment,
                fte=fte,
            )
        )
    return rows


def is_email(value: str) -> bool:
    return len(value) <= 254 and bool(_EMAIL.match(value))


def parse_date(value: str) -> tuple[dt.date | None, str]:
    """A date from DD/MM/YYYY or YYYY-MM-DD, or None and what is wrong with it."""
    if match := _UK_DATE.match(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None, f'"{value}" is not a date. Use the form DD/MM/YYYY, like 01/04/2025.'
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None, f'"{value}" is not a real date.'
    if not 1900 <= year <= 2100:
        return None, f'"{value}" is too far in the past or the future.'
    return date, ""


def parse_fte(value: str) -> tuple[str, str]:
    """An FTE as text with two decimal places, or "" and what is wrong with it."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return "", f'"{value}" is not a number. Give the full-time equivalent, like 1.00 or 0.60.'
    if not number.is_finite() or not Decimal("0.01") <= number <= Decimal("1.00"):
        return "", f'"{value}" is outside 0.01 to 1.00.'
    if number != number.quantize(Decimal("0.01")):
        return "", f'"{value}" has more than two decimal places.'
    return f"{number:.2f}", ""
