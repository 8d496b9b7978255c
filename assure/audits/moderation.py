"""Moderation: a blind second grading of a sample of completed audits, and agreement statistics."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from assure.audits.agreement import Agreement, agreement
from assure.audits.models import Audit, Moderation
from assure.audits.selectors import DONE_STATUSES, scales, tool_definition
from assure.organisation.models import Staff


@transaction.atomic
def moderation_sample(*, month: dt.date, moderators: list[Staff], share: float, seed: int) -> list[Moderation]:
    """Choose a share of the month's completed, graded audits at random (at least one) and give each
    to a moderator who is not its auditor, in turn."""
    audits = list(
        Audit.objects.filter(month=month, status__in=DONE_STATUSES, is_current=True, overall_grade__isnull=False)
        .exclude(moderation__isnull=False)
        .order_by("pk")
    )
    if not audits or not moderators:
        return []
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    chosen = rng.sample(audits, max(1, round(len(audits) * share)))
    created = []
    for n, audit in enumerate(sorted(chosen, key=lambda a: a.pk)):
        candidates = [m for m in moderators if m.pk != audit.auditor_id]
        if candidates:
            created.append(Moderation.objects.create(audit=audit, moderator=candidates[n % len(candidates)]))
    return created


@dataclass(frozen=True)
class AgreementRow:
    name: str
    result: Agreement


def _pairs(moderations: QuerySet[Moderation]) -> list[tuple[Audit, str, int, int]]:
    """(audit, area or "overall", auditor's grade, moderator's grade) for every graded pair."""
    rows = []
    for moderation in moderations.select_related("audit", "audit__tool", "audit__team", "audit__auditor"):
        audit = moderation.audit
        definition = tool_definition(audit.tool)
        for item in definition.graded_items(audit.case_kind):
            mine, theirs = audit.answers.get(item.item_id), moderation.area_grades.get(item.item_id)
            if isinstance(mine, int) and isinstance(theirs, int):
                rows.append((audit, item.title, mine, theirs))
        if audit.overall_grade is not None and moderation.overall_grade is not None:
            rows.append((audit, "Overall judgement", audit.overall_grade, moderation.overall_grade))
    return rows


def agreement_tables(moderations: QuerySet[Moderation]) -> dict[str, list[AgreementRow]]:
    """Percentage agreement and weighted kappa by auditor, team and area (four-point scale)."""
    categories = scales()["four-point"].values()
    groups: dict[str, dict[str, list[tuple[int, int]]]] = {"auditor": defaultdict(list), "team": defaultdict(list)}
    groups["area"] = defaultdict(list)
    for audit, area, mine, theirs in _pairs(moderations.filter(completed_at__isnull=False)):
        groups["auditor"][str(audit.auditor)].append((mine, theirs))
        groups["team"][audit.team.name].append((mine, theirs))
        groups["area"][area].append((mine, theirs))
    return {
        kind: [AgreementRow(name, agreement(pairs, categories)) for name, pairs in sorted(by_name.items())]
        for kind, by_name in groups.items()
    }
