"""The rules of an audit tool, evaluated on the server from the answers given.

Framework-free. Grades are ordinal values where a higher value is a worse judgement. The suggested
overall judgement is the mean of the applicable area grades rounded to the nearest grade (a half
towards the worse), then
held back by the tool's caps (by default no overall "Good" or better when any area is Inadequate).
The caps also bound what an auditor may choose; the suggestion is only a suggestion.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assure.audits.tooldefs import ToolDefinition


@dataclass(frozen=True)
class ActionDue:
    text: str
    due_working_days: int
    item_id: str = ""


@dataclass
class Outcome:
    area_grades: dict[str, int]
    suggested: int | None
    best_allowed: int | None  # the best (lowest) overall grade the caps allow, or None when uncapped
    escalate_to: tuple[str, ...] = ()
    actions: list[ActionDue] = field(default_factory=list)


def area_grades(tool: ToolDefinition, answers: Mapping[str, Any], case_kind: str) -> dict[str, int]:
    grades = {}
    for item in tool.graded_items(case_kind):
        value = answers.get(item.item_id)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            grades[item.item_id] = int(value)
    return grades


def best_allowed(tool: ToolDefinition, grades: Mapping[str, int]) -> int | None:
    limits = [at_best for if_any, at_best in tool.rules.caps if any(g >= if_any for g in grades.values())]
    return max(limits) if limits else None


def suggest_overall(tool: ToolDefinition, grades: Mapping[str, int]) -> int | None:
    if not grades:
        return None
    suggested = math.floor(sum(grades.values()) / len(grades) + 0.5)
    cap = best_allowed(tool, grades)
    return max(suggested, cap) if cap is not None else suggested


def overall_problem(tool: ToolDefinition, grades: Mapping[str, int], overall: int | None) -> str:
    """Why a chosen overall judgement is not allowed, or an empty string."""
    cap = best_allowed(tool, grades)
    if overall is None or cap is None or overall >= cap:
        return ""
    worst = max(grades.values())
    return (
        f"The overall judgement cannot be {tool.scale.label(overall)} when an area is graded "
        f"{tool.scale.label(worst)}. Choose {tool.scale.label(cap)} or worse."
    )


def evaluate(tool: ToolDefinition, answers: Mapping[str, Any], *, case_kind: str, overall: int | None) -> Outcome:
    """Suggested judgement, escalation routes for the overall grade, and actions the rules create."""
    grades = area_grades(tool, answers, case_kind)
    final = overall if overall is not None else suggest_overall(tool, grades)
    actions = []
    for rule in tool.rules.auto_actions:
        considered = {k: v for k, v in grades.items() if not rule.item or k == rule.item}
        for item_id, grade in considered.items():
            if grade >= rule.when_grade_at_least:
                item = tool.item(item_id)
                title = item.title if item else item_id
                actions.append(ActionDue(f"{rule.text} ({title})", rule.due_working_days, item_id))
    return Outcome(
        area_grades=grades,
        suggested=suggest_overall(tool, grades),
        best_allowed=best_allowed(tool, grades),
        escalate_to=tool.rules.escalation.get(final, ()) if final is not None else (),
        actions=actions,
    )


def missing_answers(tool: ToolDefinition, answers: Mapping[str, Any], *, case_kind: str) -> list[str]:
    """Ids of required, applicable items left blank (a completed audit answers them all)."""
    return [
        item.item_id for item in tool.items(case_kind) if item.required and answers.get(item.item_id) in (None, "", [])
    ]
