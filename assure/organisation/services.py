"""Writes to the organisation: structure, staff, roles and dated team moves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from assure.organisation.models import Directorate, LocalAuthority, Membership, Role, ServiceArea, Staff, Team
from assure.organisation.roles import RoleCode


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
        return existing, False
    authority = LocalAuthority.objects.create(name=demo.name, la_code=demo.la_code, ons_code=demo.ons_code)
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
