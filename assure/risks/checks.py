"""Consistency checks on a risk: what a risk manager or committee would challenge.

Framework-free: each check reads a risk's attributes and its (prefetched) controls, actions and
assessments, and returns findings. Used on the risk page, the register-wide list and in exports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Finding:
    code: str
    message: str


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def lowered_without_cause(risk: Any) -> list[Finding]:
    """The current score went down, yet no control was added and no action completed before it did."""
    assessments = list(risk.assessments.all())
    found = []
    for index, assessment in enumerate(assessments):
        if assessment.previous_score is None or assessment.score >= assessment.previous_score:
            continue
        since = assessments[index - 1].assessed_on if index else dt.date.min
        controls = [
            c for c in risk.controls.all() if since <= (_date(c.created_at) or dt.date.min) <= assessment.assessed_on
        ]
        actions = [
            a
            for a in risk.actions.all()
            if a.completed_on is not None and since <= a.completed_on <= assessment.assessed_on
        ]
        if not controls and not actions:
            found.append(
                Finding(
                    "lowered_without_cause",
                    f"The score was lowered from {assessment.previous_score} to {assessment.score} on "
                    f"{assessment.assessed_on:%d %B %Y} with no new control or completed action behind it.",
                )
            )
    return found[-1:]


def target_without_actions(risk: Any) -> list[Finding]:
    if risk.target_score is None or risk.target_score >= risk.current_score:
        return []
    if any(a.status != "complete" for a in risk.actions.all()):
        return []
    return [
        Finding(
            "target_without_actions",
            f"The target score ({risk.target_score}) is below the current score ({risk.current_score}) "
            "but there are no further actions to reach it.",
        )
    ]


def overdue_actions(risk: Any, today: dt.date) -> list[Finding]:
    late = [a for a in risk.actions.all() if a.status != "complete" and a.due_date and a.due_date < today]
    if not late:
        return []
    first = min(a.due_date for a in late)
    return [Finding("overdue_actions", f"{len(late)} action(s) overdue, the oldest due {first:%d %B %Y}.")]


def review_overdue(risk: Any, today: dt.date) -> list[Finding]:
    if risk.next_review and risk.next_review < today:
        return [Finding("review_overdue", f"The review was due on {risk.next_review:%d %B %Y}.")]
    return []


def outside_appetite(risk: Any) -> list[Finding]:
    category = risk.category
    if risk.current_score > category.tolerance_score:
        return [
            Finding(
                "outside_tolerance",
                f"The current score ({risk.current_score}) is above the tolerance line for {category.name} "
                f"({category.tolerance_score}); it must not be accepted.",
            )
        ]
    if risk.current_score > category.appetite_score:
        return [
            Finding(
                "outside_appetite",
                f"The current score ({risk.current_score}) is outside the {category.get_appetite_display().lower()} "
                f"appetite for {category.name} (up to {category.appetite_score}).",
            )
        ]
    return []


def reduction_without_target(risk: Any) -> list[Finding]:
    if risk.reduction_expected and (risk.target_score is None or risk.target_date is None):
        return [Finding("reduction_without_target", "A reduction is expected but there is no target score and date.")]
    return []


def risk_findings(risk: Any, today: dt.date) -> list[Finding]:
    if getattr(risk, "status", "open") != "open":
        return []
    return [
        *lowered_without_cause(risk),
        *target_without_actions(risk),
        *overdue_actions(risk, today),
        *review_overdue(risk, today),
        *outside_appetite(risk),
        *reduction_without_target(risk),
    ]
