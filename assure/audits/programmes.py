"""The monthly programme of focus (a theme per service area per month) and the thematic programme
(each theme audited at least twice a year), with remedial work tracked from thematic audits."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import QuerySet

from assure.audits.models import AuditAction, ProgrammeEntry, ProgrammeKind
from assure.organisation.models import ServiceArea

THEMATIC_MINIMUM_PER_YEAR = 2


def programme_year(*, start: dt.date) -> QuerySet[ProgrammeEntry]:
    end = start.replace(year=start.year + 1)
    return ProgrammeEntry.objects.filter(month__gte=start, month__lt=end).select_related("service_area")


def themes_short(entries: list[ProgrammeEntry], minimum: int = THEMATIC_MINIMUM_PER_YEAR) -> list[tuple[str, int]]:
    """Thematic programme themes planned fewer than `minimum` times in the year."""
    counts = Counter(e.theme for e in entries if e.kind == ProgrammeKind.THEMATIC)
    return sorted((theme, n) for theme, n in counts.items() if n < minimum)


def focus_theme(*, service_area_id: int, month: dt.date) -> str:
    entry = ProgrammeEntry.objects.filter(
        kind=ProgrammeKind.FOCUS, month=month.replace(day=1), service_area_id=service_area_id
    ).first()
    return entry.theme if entry else ""


@transaction.atomic
def programme_entry_add(*, kind: str, month: dt.date, theme: str, service_area: ServiceArea | None) -> ProgrammeEntry:
    entry, _ = ProgrammeEntry.objects.get_or_create(
        kind=kind, month=month.replace(day=1), theme=theme.strip(), service_area=service_area
    )
    return entry


def remedial_actions(on: dt.date) -> QuerySet[AuditAction]:
    """Actions from thematic audits not yet done, oldest first (due within five working days)."""
    return (
        AuditAction.objects.filter(audit__tool__kind="thematic", audit__is_current=True, completed_on__isnull=True)
        .select_related("audit", "audit__team", "owner")
        .order_by("due_date")
    )
