"""What an organisation import would change, worked out against the database as it is now.

Reads only. The same plan is shown on the preview page, printed by the management command, and
carried out by the import service, which works it out again at the time it applies it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.db.models.functions import Lower

from assure.organisation.import_files import Problem
from assure.organisation.imports import StaffRow, StructureRow, Vocabulary, check_references, fold, rows_from_json
from assure.organisation.models import (
    Directorate,
    EmploymentType,
    LocalAuthority,
    Membership,
    OrganisationImport,
    ServiceArea,
    Staff,
    Team,
    TeamType,
)
from assure.organisation.roles import ROLE_LABELS, RoleCode

DEFAULT_DIRECTORATE = "Children's Services"


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass
class TeamChange:
    row: StructureRow
    changes: list[Change]


@dataclass
class StaffChange:
    row: StaffRow
    name: str
    changes: list[Change]
    fields: dict[str, Any]  # for `staff_save`
    roles: tuple[str, ...] | None


@dataclass
class TeamMove:
    row: StaffRow
    name: str
    from_teams: list[str]
    team: str
    on: dt.date
    end: dt.date | None


@dataclass
class TeamEnding:
    row: StaffRow
    name: str
    membership_id: int
    team: str
    on: dt.date


@dataclass
class Plan:
    problems: list[Problem] = field(default_factory=list)
    create_authority: bool = False
    directorates: list[str] = field(default_factory=list)
    service_areas: list[tuple[str, str]] = field(default_factory=list)  # (name, directorate)
    new_teams: list[StructureRow] = field(default_factory=list)
    changed_teams: list[TeamChange] = field(default_factory=list)
    new_staff: list[StaffRow] = field(default_factory=list)
    changed_staff: list[StaffChange] = field(default_factory=list)
    managers: list[StaffRow] = field(default_factory=list)  # people whose line manager is to be set
    moves: list[TeamMove] = field(default_factory=list)
    endings: list[TeamEnding] = field(default_factory=list)
    unchanged_teams: int = 0
    unchanged_staff: int = 0

    def counts(self) -> list[tuple[str, str, int, str, str]]:
        """(verb, past tense, how many, singular noun, plural noun) for each kind of change."""
        return [
            ("add", "added", len(self.directorates), "directorate", "directorates"),
            ("add", "added", len(self.service_areas), "service area", "service areas"),
            ("add", "added", len(self.new_teams), "team", "teams"),
            ("change", "changed", len(self.changed_teams), "team", "teams"),
            ("add", "added", len(self.new_staff), "person", "people"),
            ("update", "updated", len(self.changed_staff), "person's details", "people's details"),
            ("move", "moved", len(self.moves), "person to a new team", "people to new teams"),
            ("end", "ended", len(self.endings), "team membership", "team memberships"),
        ]

    @property
    def has_changes(self) -> bool:
        return any(n for _, _, n, _, _ in self.counts())

    def sentence(self, *, done: bool = False) -> str:
        """What the import does, in one sentence, like "Add 2 teams and 30 people; move 1 person to a new team."."""
        groups: dict[str, list[str]] = {}
        for verb, past, n, one, many in self.counts():
            if n:
                groups.setdefault(past if done else verb, []).append(f"{n} {one if n == 1 else many}")
        if not groups:
            return "Nothing to change: the organisation already matches the file."
        text = "; ".join(f"{verb} {_and(phrases)}" for verb, phrases in groups.items())
        return text[0].upper() + text[1:] + "."


def _and(phrases: list[str]) -> str:
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]


def import_vocabulary() -> Vocabulary:
    return Vocabulary.from_choices(team_types=TeamType.choices, employment_types=EmploymentType.choices)


def existing_team_names() -> list[str]:
    return list(Team.objects.values_list("name", flat=True))


def existing_staff_emails() -> list[str]:
    return list(Staff.objects.values_list("email", flat=True))


def import_problems(organisation_import: OrganisationImport) -> list[Problem]:
    return [Problem(**problem) for problem in organisation_import.errors]


def import_review(organisation_import: OrganisationImport) -> Plan:
    """The plan for a stored import, checked again against the database now."""
    structure, staff = rows_from_json(organisation_import.rows)
    return import_plan(structure=structure, staff=staff)


def import_plan(*, structure: Sequence[StructureRow], staff: Sequence[StaffRow]) -> Plan:
    problems = check_references(
        structure, staff, existing_teams=existing_team_names(), existing_emails=existing_staff_emails()
    )
    plan = Plan(problems=problems)
    _plan_structure(plan, structure)
    _plan_staff(plan, structure, staff)
    plan.problems.sort(key=lambda p: (p.file, p.row or 0))
    return plan


def _plan_structure(plan: Plan, structure: Sequence[StructureRow]) -> None:
    directorates = {fold(d.name): d.name for d in Directorate.objects.all()}
    areas = {fold(a.name): a for a in ServiceArea.objects.select_related("directorate")}
    teams = {fold(t.name): t for t in Team.objects.select_related("service_area")}
    default = next(iter(directorates.values())) if len(directorates) == 1 else None
    if not directorates:
        default = DEFAULT_DIRECTORATE
    named = {fold(row.service_area): row.directorate for row in structure if row.directorate}
    planned_areas: set[str] = set()
    for row in structure:
        area_key = fold(row.service_area)
        area = areas.get(area_key)
        if area is not None and row.directorate and fold(row.directorate) != fold(area.directorate.name):
            message = f'"{area.name}" is already in the directorate "{area.directorate.name}". Change it on its page.'
            plan.problems.append(Problem(row.file, message, row.row, "directorate", row.directorate))
        elif area is None and area_key not in planned_areas:
            planned_areas.add(area_key)
            directorate = named.get(area_key) or default
            if directorate is None:
                message = "The organisation has more than one directorate: say which one this service area is in."
                plan.problems.append(Problem(row.file, message, row.row, "directorate"))
                continue
            if fold(directorate) not in directorates:
                directorates[fold(directorate)] = directorate
                plan.directorates.append(directorate)
            plan.service_areas.append((row.service_area, directorates[fold(directorate)]))
        team = teams.get(fold(row.team))
        if team is None:
            plan.new_teams.append(row)
            continue
        changes = _team_changes(team, row)
        if changes:
            plan.changed_teams.append(TeamChange(row, changes))
        else:
            plan.unchanged_teams += 1
    plan.create_authority = bool(plan.directorates) and not LocalAuthority.objects.exists()


def _team_changes(team: Team, row: StructureRow) -> list[Change]:
    changes = []
    if fold(team.service_area.name) != fold(row.service_area):
        changes.append(Change("Service area", team.service_area.name, row.service_area))
    if team.team_type != row.team_type:
        changes.append(Change("Type of team", team.get_team_type_display(), TeamType(row.team_type).label))
    if not team.is_active:
        changes.append(Change("Active", "No", "Yes"))
    return changes


def _plan_staff(plan: Plan, structure: Sequence[StructureRow], staff: Sequence[StaffRow]) -> None:
    teams = Team.objects.all()
    team_names = {fold(r.team): r.team for r in structure} | {fold(t.name): t.name for t in teams}
    closed = {fold(t.name) for t in teams if not t.is_active} - {fold(r.team) for r in structure}
    people = _people({row.email for row in staff})
    for row in staff:
        if row.team and fold(row.team) in closed:
            message = f'"{row.team}" is no longer an active team. Reopen it, or give their current team.'
            plan.problems.append(Problem(row.file, message, row.row, "team", row.team))
        person = people.get(row.email)
        manager = (person.line_manager.email.lower() if person.line_manager else "") if person else ""
        if row.line_manager_email and row.line_manager_email != manager:
            plan.managers.append(row)
        if person is None:
            plan.new_staff.append(row)
            continue
        change = _staff_changes(row, person, manager)
        if change.changes:
            plan.changed_staff.append(change)
        moved = _plan_team(plan, row, person, team_names.get(fold(row.team), row.team))
        if not change.changes and not moved:
            plan.unchanged_staff += 1


def _people(emails: set[str]) -> dict[str, Staff]:
    memberships = Membership.objects.select_related("team").order_by("start_date")
    found = (
        Staff.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .select_related("line_manager")
        .prefetch_related("roles", Prefetch("memberships", queryset=memberships))
    )
    return {person.email.lower(): person for person in found}


def _staff_changes(row: StaffRow, person: Staff, manager: str) -> StaffChange:
    change = StaffChange(row, person.full_name, [], {}, None)
    for attr, label in (("first_name", "First name"), ("last_name", "Last name"), ("job_title", "Job title")):
        new = getattr(row, attr)
        if new and new != getattr(person, attr):
            change.changes.append(Change(label, getattr(person, attr), new))
            change.fields[attr] = new
    if row.employment_type and row.employment_type != person.employment_type:
        new_label = EmploymentType(row.employment_type).label
        change.changes.append(Change("Employment", person.get_employment_type_display(), new_label))
        change.fields["employment_type"] = row.employment_type
    if row.fte and Decimal(row.fte) != person.fte:
        change.changes.append(Change("FTE", f"{person.fte:.2f}", row.fte))
        change.fields["fte"] = Decimal(row.fte)
    held = sorted(role.code for role in person.roles.all())
    if row.roles and set(row.roles) != set(held):
        change.changes.append(Change("Roles", role_labels(held), role_labels(row.roles)))
        change.roles = row.roles
    if row.line_manager_email and row.line_manager_email != manager:
        change.changes.append(Change("Line manager", manager or "None", row.line_manager_email))
    return change


def role_labels(codes: Sequence[str]) -> str:
    return "; ".join(ROLE_LABELS[RoleCode(code)] for code in codes) or "None"


def _plan_team(plan: Plan, row: StaffRow, person: Staff, team: str) -> bool:
    """Plan a dated move to the row's team, or the end of their membership of it. True if anything changes."""
    if not row.team or not row.start_date:
        return False
    on = dt.date.fromisoformat(row.start_date)
    end = dt.date.fromisoformat(row.end_date) if row.end_date else None
    memberships = list(person.memberships.all())
    for membership in memberships:
        in_force = membership.start_date <= on and (membership.end_date is None or membership.end_date >= on)
        if fold(membership.team.name) == fold(team) and (in_force or membership.end_date is None):
            if end is None or end == membership.end_date:
                return False
            if end < membership.start_date:
                message = f"{person.full_name} joined {team} on {membership.start_date:%d/%m/%Y}, after this date."
                plan.problems.append(Problem(row.file, message, row.row, "end_date", f"{end:%d/%m/%Y}"))
                return False
            plan.endings.append(TeamEnding(row, person.full_name, membership.pk, team, end))
            return True
    for membership in memberships:
        if membership.start_date >= on:
            message = (
                f"{person.full_name} is recorded in {membership.team.name} from {membership.start_date:%d/%m/%Y}. "
                "A move must be dated after their latest team change."
            )
            plan.problems.append(Problem(row.file, message, row.row, "start_date", f"{on:%d/%m/%Y}"))
            return False
    current = [m.team.name for m in memberships if m.start_date <= on and (m.end_date is None or m.end_date >= on)]
    plan.moves.append(TeamMove(row, person.full_name, current, team, on, end))
    return True
