"""Reads of the organisation tree, and the scope of what each person may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from assure.organisation.models import LocalAuthority, Membership, ServiceArea, Staff, Team
from assure.organisation.roles import AGGREGATE_ONLY_ROLES, AUTHORITY_WIDE_ROLES, TEAM_ROLES, RoleCode


@dataclass(frozen=True)
class Scope:
    """What one person may see. Child-level data follows `team_ids`; board members see aggregates."""

    roles: frozenset[RoleCode]
    authority_wide: bool
    team_ids: frozenset[int]
    service_area_ids: frozenset[int]
    staff_id: int | None
    is_admin: bool

    @property
    def aggregates_only(self) -> bool:
        return not self.authority_wide and not self.team_ids and bool(self.roles & AGGREGATE_ONLY_ROLES)

    @property
    def sees_child_data(self) -> bool:
        return self.authority_wide or bool(self.team_ids)

    @property
    def has_working_role(self) -> bool:
        """Staff who work in the service (not board members only, not people with no role yet)."""
        return self.is_admin or bool(self.roles - AGGREGATE_ONLY_ROLES)

    def covers_team(self, team_id: int) -> bool:
        return self.authority_wide or team_id in self.team_ids

    def has(self, *roles: RoleCode) -> bool:
        return bool(self.roles.intersection(roles))


def today() -> dt.date:
    return timezone.localdate()


def staff_roles(staff: Staff) -> frozenset[RoleCode]:
    return frozenset(RoleCode(code) for code in staff.roles.values_list("code", flat=True))


def user_scope(user: Any) -> Scope:
    """Work out a signed-in user's scope from their roles, teams and headed service areas."""
    cached = getattr(user, "_assure_scope", None)
    if cached is not None:
        return cached
    staff: Staff | None = getattr(user, "staff", None) if user.is_authenticated else None
    if staff is None or not staff.is_active:
        scope = Scope(frozenset(), False, frozenset(), frozenset(), None, bool(user.is_superuser))
    else:
        scope = _staff_scope(staff, is_superuser=bool(user.is_superuser))
    user._assure_scope = scope
    return scope


def _staff_scope(staff: Staff, *, is_superuser: bool) -> Scope:
    roles = staff_roles(staff)
    authority_wide = bool(roles & AUTHORITY_WIDE_ROLES)
    team_ids: set[int] = set()
    service_area_ids: set[int] = set()
    if not authority_wide:
        own_teams = list(
            Membership.objects.on(today()).filter(staff=staff).values_list("team_id", "team__service_area_id")
        )
        if roles & TEAM_ROLES:
            team_ids.update(team_id for team_id, _ in own_teams)
        if RoleCode.HEAD_OF_SERVICE in roles:
            service_area_ids.update(ServiceArea.objects.filter(head=staff).values_list("pk", flat=True))
            service_area_ids.update(area_id for _, area_id in own_teams)
            team_ids.update(Team.objects.filter(service_area_id__in=service_area_ids).values_list("pk", flat=True))
    return Scope(
        roles=roles,
        authority_wide=authority_wide,
        team_ids=frozenset(team_ids),
        service_area_ids=frozenset(service_area_ids),
        staff_id=staff.pk,
        is_admin=is_superuser or RoleCode.SYSTEM_ADMINISTRATOR in roles,
    )


def authority_get() -> LocalAuthority | None:
    return LocalAuthority.objects.order_by("pk").first()


def service_area_list() -> QuerySet[ServiceArea]:
    return (
        ServiceArea.objects.select_related("directorate", "head")
        .annotate(team_count=Count("teams", filter=Q(teams__is_active=True), distinct=True))
        .order_by("name")
    )


def team_list(*, service_area: ServiceArea | None = None) -> QuerySet[Team]:
    on = today()
    current = Q(memberships__start_date__lte=on) & (
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=on)
    )
    teams = Team.objects.select_related("service_area").annotate(
        member_count=Count("memberships", filter=current, distinct=True)
    )
    if service_area is not None:
        teams = teams.filter(service_area=service_area)
    return teams.order_by("name")


def staff_list(*, search: str = "", team: Team | None = None) -> QuerySet[Staff]:
    staff = Staff.objects.prefetch_related(
        "roles",
        Prefetch(
            "memberships", queryset=Membership.objects.on(today()).select_related("team"), to_attr="current_memberships"
        ),
    )
    if search:
        staff = staff.filter(
            Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(email__icontains=search)
            | Q(job_title__icontains=search)
        )
    if team is not None:
        staff = staff.filter(pk__in=Membership.objects.on(today()).filter(team=team).values("staff_id"))
    return staff.order_by("last_name", "first_name")


def team_members(*, team: Team, on: dt.date | None = None) -> QuerySet[Membership]:
    return (
        Membership.objects.on(on or today())
        .filter(team=team)
        .select_related("staff")
        .prefetch_related("staff__roles")
        .order_by("staff__last_name", "staff__first_name")
    )


def team_of_staff_on(*, staff: Staff, on: dt.date) -> Team | None:
    """The team a person belonged to on a date, so a historic figure rolls up to the team of the time."""
    membership = Membership.objects.on(on).filter(staff=staff).select_related("team").order_by("-start_date").first()
    return membership.team if membership else None


# Case data names people by e-mail and teams by name (`casedata.schema` "allocations"); these are
# the one way those names are matched to the organisation.
def staff_by_email() -> dict[str, Staff]:
    """Every member of staff by lower-cased e-mail address."""
    return {person.email.lower(): person for person in Staff.objects.all()}


def staff_names_by_email(emails: Iterable[str]) -> dict[str, str]:
    """The names of the staff case data names by these e-mail addresses, by lower-cased address
    (matched as `staff_by_email` does); an address no one has is left out."""
    wanted = {email.strip().lower() for email in emails if email.strip()}
    if not wanted:
        return {}
    people = Staff.objects.annotate(address=Lower("email")).filter(address__in=wanted)
    return {person.address: person.full_name for person in people}


def teams_by_name() -> dict[str, Team]:
    return {team.name: team for team in Team.objects.all()}


def staff_with_email(email: str) -> Staff | None:
    """The member of staff case data names by this e-mail address (matched as `staff_by_email` does)."""
    return Staff.objects.filter(email__iexact=email.strip()).first() if email.strip() else None


def team_named(name: str) -> Team | None:
    """The team case data names (matched as `teams_by_name` does)."""
    return Team.objects.select_related("service_area").filter(name=name).first() if name else None


def team_service_areas() -> dict[str, str]:
    """Each team's name → its service area's name, for rolling figures up from team to service."""
    return dict(Team.objects.values_list("name", "service_area__name"))


def organisation_counts() -> dict[str, int]:
    on = today()
    return {
        "service_areas": ServiceArea.objects.count(),
        "teams": Team.objects.filter(is_active=True).count(),
        "staff": Staff.objects.filter(is_active=True).count(),
        "agency": Staff.objects.filter(is_active=True, employment_type="agency").count(),
        # People whose roles work within a team but who are in none today.
        "unassigned": Staff.objects.filter(is_active=True, roles__code__in=[r.value for r in TEAM_ROLES])
        .exclude(pk__in=Membership.objects.on(on).values("staff_id"))
        .distinct()
        .count(),
    }


def team_managers_on(day: dt.date) -> dict[int, int]:
    """Each team's manager on `day` (a member holding the team manager role), by team id; of two,
    the one longest in the team, then the lower staff id."""
    memberships = Membership.objects.on(day).filter(
        staff__roles__code=RoleCode.TEAM_MANAGER.value, staff__is_active=True
    )
    managers: dict[int, int] = {}
    for team_id, staff_id in memberships.order_by("team_id", "start_date", "staff_id").values_list(
        "team_id", "staff_id"
    ):
        managers.setdefault(team_id, staff_id)
    return managers
