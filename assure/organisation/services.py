"""Writes to the organisation: structure, staff, roles and dated team moves."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from assure.core.models import Job
from assure.core.services import JobInputError, job_create
from assure.organisation import import_plan as plans
from assure.organisation import imports
from assure.organisation.models import (
    Directorate,
    EmploymentType,
    ImportKind,
    ImportStatus,
    LocalAuthority,
    Membership,
    OrganisationImport,
    Role,
    ServiceArea,
    Staff,
    Team,
)
from assure.organisation.roles import RoleCode

IMPORT_JOB = "organisation.import"


def roles_ensure() -> None:
    """Make sure every role in `RoleCode` has its row (settings such as two-factor live there)."""
    existing = set(Role.objects.values_list("code", flat=True))
    Role.objects.bulk_create([Role(code=code.value) for code in RoleCode if code.value not in existing])


def _apply(instance: Any, fields: dict[str, Any]) -> Any:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


def authority_update(*, authority: LocalAuthority, **fields: Any) -> LocalAuthority:
    return _apply(authority, fields)


def service_area_save(*, service_area: ServiceArea | None = None, **fields: Any) -> ServiceArea:
    return _apply(service_area or ServiceArea(), fields)


def directorate_save(*, directorate: Directorate | None = None, **fields: Any) -> Directorate:
    return _apply(directorate or Directorate(), fields)


def team_save(*, team: Team | None = None, **fields: Any) -> Team:
    return _apply(team or Team(), fields)


@transaction.atomic
def staff_save(*, staff: Staff | None = None, roles: Iterable[Role | str] | None = None, **fields: Any) -> Staff:
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
    staff = _apply(staff or Staff(), fields)
    if roles is not None:
        codes = [r.code if isinstance(r, Role) else r for r in roles]
        staff.roles.set(Role.objects.filter(code__in=codes))
    return staff


@transaction.atomic
def staff_move(*, staff: Staff, team: Team, on: dt.date) -> Membership:
    """Move a person to `team` from `on`: their current team memberships end the day before.

    Figures for dates before `on` keep rolling up to the team they were in at the time.
    """
    current = list(Membership.objects.on(on).filter(staff=staff).exclude(team=team))
    for membership in current:
        if membership.start_date >= on:
            raise ValidationError(
                {
                    "start_date": f"{staff} joined {membership.team} on {membership.start_date:%d/%m/%Y}; "
                    "the move must be after that."
                }
            )
    later = Membership.objects.filter(staff=staff, start_date__gt=on).first()
    if later is not None:
        raise ValidationError(
            {"start_date": f"{staff} already has a later team ({later.team}) from {later.start_date:%d/%m/%Y}."}
        )
    for membership in current:
        membership.end_date = on - dt.timedelta(days=1)
        membership.save(update_fields=["end_date", "updated_at"])
    existing = Membership.objects.on(on).filter(staff=staff, team=team).first()
    if existing is not None:
        return existing
    membership = Membership(staff=staff, team=team, start_date=on)
    membership.full_clean()
    membership.save()
    return membership


def membership_end(*, membership: Membership, on: dt.date) -> Membership:
    if on < membership.start_date:
        raise ValidationError({"end_date": "The end date must be on or after the date they joined the team."})
    membership.end_date = on
    membership.save(update_fields=["end_date", "updated_at"])
    return membership


def role_update(*, role: Role, requires_two_factor: bool) -> Role:
    role.requires_two_factor = requires_two_factor
    role.save(update_fields=["requires_two_factor"])
    return role


@transaction.atomic
def demo_authority_load(*, seed: int = 2026) -> tuple[LocalAuthority, bool]:
    """Load the generated demo authority; return it and whether anything was created.

    Idempotent: if the authority is already there, nothing is changed.
    """
    from assure.organisation.demo import generate

    roles_ensure()
    demo = generate(seed)
    existing = LocalAuthority.objects.filter(la_code=demo.la_code).first()
    if existing is not None:
        if not (existing.region_code or existing.neighbours_of):  # loaded before authorities had comparisons
            return _apply(existing, demo.comparison), True
        return existing, False
    authority = LocalAuthority.objects.create(
        name=demo.name, la_code=demo.la_code, ons_code=demo.ons_code, **demo.comparison
    )
    directorate = Directorate.objects.create(authority=authority, name=demo.directorate)
    areas = {name: ServiceArea.objects.create(directorate=directorate, name=name) for name, _ in demo.service_areas}
    teams = {
        name: Team.objects.create(name=name, team_type=kind, service_area=areas[area])
        for name, kind, area in demo.teams
    }
    roles = {role.code: role for role in Role.objects.all()}
    by_key: dict[str, Staff] = {}
    for person in demo.staff:
        staff = Staff.objects.create(
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            job_title=person.job_title,
            employment_type=person.employment_type,
            fte=person.fte,
            line_manager=by_key.get(person.line_manager) if person.line_manager else None,
        )
        staff.roles.set([roles[r.value] for r in person.roles])
        by_key[person.key] = staff
        Membership.objects.bulk_create(
            Membership(staff=staff, team=teams[team], start_date=start, end_date=end)
            for team, start, end in person.memberships
        )
    for name, head_key in demo.service_areas:
        if head_key:
            areas[name].head = by_key[head_key]
            areas[name].save(update_fields=["head"])
    return authority, True


# Import of structure and staff from a spreadsheet --------------------------------------------------


def organisation_import_check(*, user: Any, files: Sequence[tuple[str, bytes]]) -> OrganisationImport:
    """Read and check an upload (one or two files) and keep it for a preview. The organisation is not changed."""
    if not 1 <= len(files) <= 2:
        raise ValueError("An import is one structure file, one staff file, or one of each.")
    upload = imports.check_upload(
        files,
        vocabulary=plans.import_vocabulary(),
        existing_teams=plans.existing_team_names(),
        existing_emails=plans.existing_staff_emails(),
    )
    problems = upload.problems or plans.import_plan(structure=upload.structure, staff=upload.staff).problems
    kinds = set(upload.kinds.values())
    return OrganisationImport.objects.create(
        uploaded_by=user,
        file_name=", ".join(name for name, _ in files)[:500],
        sha256=" ".join(hashlib.sha256(data).hexdigest() for _, data in files),
        kind=ImportKind.BOTH if len(kinds) == 2 else next(iter(kinds), ""),
        rows={} if problems else upload.rows_to_json(),  # rows are kept only for an import that can go ahead
        errors=[problem.to_json() for problem in problems],
        status=ImportStatus.FAILED if problems else ImportStatus.CHECKED,
    )


def organisation_import_confirm(*, organisation_import: OrganisationImport, user: Any) -> Job:
    """Queue a checked import to be applied; if it is already queued or running, return that job."""
    with transaction.atomic():
        locked = (
            OrganisationImport.objects.select_for_update(of=("self",))
            .select_related("job")
            .get(pk=organisation_import.pk)
        )
        if locked.job is not None and not locked.job.is_finished:
            return locked.job
        if not locked.can_apply:
            raise ValidationError("This import has been applied already, or was not accepted. Upload the file again.")
        job = job_create(
            kind=IMPORT_JOB, title=f"Import {locked.file_name}", user=user, params={"import_id": locked.pk}
        )
        locked.job = job
        locked.save(update_fields=["job"])
    return job


def _no_progress(percent: float, message: str) -> None:
    return None


def organisation_import_apply(
    *, organisation_import: OrganisationImport, progress: Callable[[float, str], None] = _no_progress
) -> str:
    """Apply a checked import all or nothing, and say what was done.

    The plan is worked out again first, because the organisation may have changed since the preview.
    Raises `JobInputError` with the problems if it can no longer be applied; nothing is changed then.
    """
    progress(5, "Checking the import against the organisation…")
    organisation_import.refresh_from_db()
    if not organisation_import.can_apply:
        raise JobInputError(["This import has been applied already, or was not accepted. Upload the file again."])
    plan = plans.import_review(organisation_import)
    if plan.problems:
        _import_failed(organisation_import, [problem.to_json() for problem in plan.problems])
        raise JobInputError([str(problem) for problem in plan.problems])
    teams = len(plan.new_teams) + len(plan.changed_teams)
    people = {row.email for row in plan.new_staff + plan.managers}
    people |= {item.row.email for item in plan.changed_staff}
    people |= {item.row.email for item in plan.moves} | {item.row.email for item in plan.endings}
    progress(20, f"Saving {teams} teams and {len(people)} staff…")
    try:
        with transaction.atomic():
            _import_write(plan)
            applied = OrganisationImport.objects.filter(pk=organisation_import.pk, status=ImportStatus.CHECKED)
            if not applied.update(status=ImportStatus.APPLIED):  # another run got there first: undo this one
                raise _AlreadyApplied(["This import has been applied already."])
    except _AlreadyApplied:
        raise
    except JobInputError as exc:
        _import_failed(organisation_import, [{"file": "", "message": message} for message in exc.errors])
        raise
    organisation_import.status = ImportStatus.APPLIED
    summary = plan.sentence(done=True)
    if plan.create_authority:
        summary += " Give the authority its name and codes on the organisation page."
    return summary


class _AlreadyApplied(JobInputError):
    pass


def _import_failed(organisation_import: OrganisationImport, errors: list[dict[str, Any]]) -> None:
    organisation_import.status, organisation_import.errors = ImportStatus.FAILED, errors
    organisation_import.save(update_fields=["status", "errors"])


@contextmanager
def _row(row: imports.StaffRow | imports.StructureRow) -> Iterator[None]:
    """Report a service's validation error against the row that caused it."""
    try:
        yield
    except ValidationError as exc:
        raise JobInputError([f"{row.file}, row {row.row}: {message}" for message in exc.messages]) from exc


def _import_write(plan: plans.Plan) -> None:
    roles_ensure()
    authority = LocalAuthority.objects.order_by("pk").first()
    if authority is None and plan.create_authority:
        authority = _apply(
            LocalAuthority(), {"name": "Your local authority", "la_code": "000", "ons_code": "E00000000"}
        )
    fold = imports.fold
    directorates = {fold(d.name): d for d in Directorate.objects.all()}
    for name in plan.directorates:
        directorates[fold(name)] = directorate_save(authority=authority, name=name)
    areas = {fold(a.name): a for a in ServiceArea.objects.all()}
    for name, directorate in plan.service_areas:
        areas[fold(name)] = service_area_save(name=name, directorate=directorates[fold(directorate)])
    teams = {fold(t.name): t for t in Team.objects.all()}
    for row in plan.new_teams:
        with _row(row):
            area = areas[fold(row.service_area)]
            teams[fold(row.team)] = team_save(name=row.team, team_type=row.team_type, service_area=area)
    for change in plan.changed_teams:
        row = change.row
        with _row(row):
            area = areas[fold(row.service_area)]
            team_save(team=teams[fold(row.team)], service_area=area, team_type=row.team_type, is_active=True)
    _import_write_staff(plan, teams)


def _import_write_staff(plan: plans.Plan, teams: dict[str, Team]) -> None:
    fold = imports.fold
    people = {s.email.lower(): s for s in Staff.objects.filter(email__in=[c.row.email for c in plan.changed_staff])}
    for row in plan.new_staff:
        with _row(row):
            people[row.email] = staff_save(
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                job_title=row.job_title,
                employment_type=row.employment_type or EmploymentType.PERMANENT,
                fte=Decimal(row.fte or "1.00"),
                roles=row.roles,
            )
            if row.team:
                membership = staff_move(staff=people[row.email], team=teams[fold(row.team)], on=_date(row.start_date))
                if row.end_date:
                    membership_end(membership=membership, on=_date(row.end_date))
    for change in plan.changed_staff:
        if change.fields or change.roles is not None:
            with _row(change.row):
                staff_save(staff=people[change.row.email], roles=change.roles, **change.fields)
    for row in plan.managers:
        manager = people.get(row.line_manager_email) or Staff.objects.get(email__iexact=row.line_manager_email)
        with _row(row):
            staff_save(staff=people.get(row.email) or Staff.objects.get(email__iexact=row.email), line_manager=manager)
    for move in plan.moves:
        with _row(move.row):
            staff = people.get(move.row.email) or Staff.objects.get(email__iexact=move.row.email)
            membership = staff_move(staff=staff, team=teams[fold(move.team)], on=move.on)
            if move.end:
                membership_end(membership=membership, on=move.end)
    for ending in plan.endings:
        with _row(ending.row):
            membership_end(membership=Membership.objects.get(pk=ending.membership_id), on=ending.on)


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)
