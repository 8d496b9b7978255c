"""Audit tools as data: grade scales and versioned tool definitions, validated on load.

Framework-free. A tool is a YAML (or JSON) document with a stable `tool_id`, a `version`, sections of
items and a `rules` block. Item ids are stable across versions, so trends survive revisions: an id
keeps its type for ever, and an item whose meaning changes gets a new id. Grades are ordinal values
on a named scale where a higher value is a worse judgement (1 Outstanding … 4 Inadequate).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TOOLS_DIR = Path(__file__).parent / "tools"
ITEM_TYPES = ("grade", "yes_no", "text", "date", "choice")
CASE_KINDS = ("cin", "cp", "cla", "care_leaver", "plo")
TOOL_KINDS = ("case", "supervision", "observation", "thematic", "hr", "multi_agency")
ROUTE_LABELS = {
    "team_manager": "Team manager",
    "head_of_service": "Head of service",
    "assistant_director": "Assistant director",
    "iro": "IRO or conference chair",
    "practitioner": "Practitioner",
    "performance_qa": "Performance and QA team",
}
ROUTES = tuple(ROUTE_LABELS)
_ID = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
ITEM_FIELDS = ("id", "type", "title", "guidance", "required", "applies_to", "choices", "evidence")
SECTION_FIELDS = ("id", "title", "items")


class ToolDefinitionError(ValueError):
    """A definition that cannot be used; `problems` name each place that is wrong."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True)
class Grade:
    value: int
    label: str
    colour: str
    ofsted_label: str


@dataclass(frozen=True)
class GradeScale:
    scale_id: str
    title: str
    grades: tuple[Grade, ...]

    def label(self, value: int | None) -> str:
        return next((g.label for g in self.grades if g.value == value), "")

    def values(self) -> list[int]:
        return [g.value for g in self.grades]

    def colour(self, value: int | None) -> str:
        return next((g.colour for g in self.grades if g.value == value), "grey")


@dataclass(frozen=True)
class Item:
    item_id: str
    type: str
    title: str
    guidance: str = ""
    required: bool = True
    applies_to: tuple[str, ...] = ()  # empty: every kind of case
    choices: tuple[str, ...] = ()
    evidence: bool = False  # a grade or yes/no item with a box for evidence and comments

    def applies(self, case_kind: str) -> bool:
        return not self.applies_to or case_kind in self.applies_to


@dataclass(frozen=True)
class Section:
    section_id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class AutoAction:
    when_grade_at_least: int  # any applicable graded item this grade or worse
    text: str
    due_working_days: int
    item: str = ""  # only this item, when given


@dataclass(frozen=True)
class Rules:
    overall: bool  # whether the tool asks for an overall judgement
    caps: tuple[tuple[int, int], ...]  # (if any area has this grade or worse, overall at best this grade)
    escalation: Mapping[int, tuple[str, ...]]
    auto_actions: tuple[AutoAction, ...]
    safeguarding_alert: tuple[str, ...]


@dataclass(frozen=True)
class ToolDefinition:
    tool_id: str
    version: int
    title: str
    kind: str
    scale: GradeScale
    description: str
    sections: tuple[Section, ...]
    rules: Rules
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def items(self, case_kind: str = "") -> list[Item]:
        return [i for s in self.sections for i in s.items if not case_kind or i.applies(case_kind)]

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items() if i.item_id == item_id), None)

    def graded_items(self, case_kind: str = "") -> list[Item]:
        return [i for i in self.items(case_kind) if i.type == "grade"]


def _text(data: Mapping[str, Any], key: str, where: str, problems: list[str], *, required: bool = True) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(f"{where}: '{key}' must be text")
        return ""
    if required and not value.strip():
        problems.append(f"{where}: '{key}' is missing")
    return value.strip()


def scales_parse(data: Any, *, source: str = "scales") -> dict[str, GradeScale]:
    problems: list[str] = []
    scales: dict[str, GradeScale] = {}
    if not isinstance(data, dict) or not isinstance(data.get("scales"), list):
        raise ToolDefinitionError(source, ["expected a 'scales' list"])
    for n, entry in enumerate(data["scales"], start=1):
        where = f"scale {n}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        scale_id = _text(entry, "id", where, problems)
        grades = []
        for g in entry.get("grades") or []:
            if not isinstance(g, dict) or not isinstance(g.get("value"), int) or not g.get("label"):
                problems.append(f"{where} ({scale_id}): each grade needs a whole-number 'value' and a 'label'")
                continue
            grades.append(
                Grade(g["value"], str(g["label"]), str(g.get("colour", "grey")), str(g.get("ofsted_label", "")))
            )
        values = [g.value for g in grades]
        if len(values) < 2 or len(set(values)) != len(values):
            problems.append(f"{where} ({scale_id}): needs at least two grades with different values")
        if scale_id in scales:
            problems.append(f"{where}: scale id '{scale_id}' is used twice")
        scales[scale_id] = GradeScale(scale_id, _text(entry, "title", where, problems), tuple(grades))
    if problems:
        raise ToolDefinitionError(source, problems)
    return scales


def tool_parse(data: Any, scales: Mapping[str, GradeScale], *, source: str = "tool") -> ToolDefinition:
    """A checked `ToolDefinition`, or `ToolDefinitionError` listing every problem found."""
    if not isinstance(data, dict):
        raise ToolDefinitionError(source, ["expected a mapping at the top level"])
    problems: list[str] = []
    tool_id = _text(data, "tool_id", "tool", problems)
    if tool_id and not _ID.match(tool_id.replace("-", "_")):
        problems.append(f"tool: tool_id '{tool_id}' must be lowercase letters, digits, - or _")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        problems.append("tool: 'version' must be a whole number of 1 or more")
        version = 0
    kind = _text(data, "kind", "tool", problems)
    if kind and kind not in TOOL_KINDS:
        problems.append(f"tool: kind '{kind}' is not one of {', '.join(TOOL_KINDS)}")
    scale_id = _text(data, "grade_scale", "tool", problems)
    scale = scales.get(scale_id)
    if scale_id and scale is None:
        problems.append(f"tool: grade_scale '{scale_id}' is not a known scale ({', '.join(sorted(scales))})")
    sections = _sections(data.get("sections"), problems)
    item_ids = {i.item_id for s in sections for i in s.items}
    rules = _rules(data.get("rules") or {}, item_ids, scale, problems)
    if problems:
        raise ToolDefinitionError(source, problems)
    assert scale is not None
    return ToolDefinition(
        tool_id=tool_id,
        version=version,
        title=_text(data, "title", "tool", problems),
        kind=kind,
        scale=scale,
        description=_text(data, "description", "tool", problems, required=False),
        sections=sections,
        rules=rules,
        raw=dict(data),
    )


def _unknown_fields(data: Any) -> list[str]:
    """Fields of sections and items the format does not have. Most often one is the rest of a text
    cut at a comma: in YAML's {key: value, ...} form a comma ends the value unless it is in quotes.
    Checked on a new definition only, so versions stored before this check still read."""
    problems: list[str] = []
    sections = data.get("sections") if isinstance(data, dict) else None
    for n, entry in enumerate(sections if isinstance(sections, list) else [], start=1):
        if not isinstance(entry, dict):
            continue
        places: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [(f"section {n}", entry, SECTION_FIELDS)]
        items: list[Any] = entry["items"] if isinstance(entry.get("items"), list) else []
        places += [(f"section {n}, item {m} ({raw.get('id')})", raw, ITEM_FIELDS)
                   for m, raw in enumerate(items, start=1) if isinstance(raw, dict)]  # fmt: skip
        for where, raw, known in places:
            problems += [
                f"{where}: '{field}' is not a field here (a text with a comma must be in quotes); "
                f"the fields are {', '.join(known)}"
                for field in raw
                if field not in known
            ]
    return problems


def _sections(data: Any, problems: list[str]) -> tuple[Section, ...]:
    if not isinstance(data, list) or not data:
        problems.append("tool: 'sections' must be a non-empty list")
        return ()
    seen: set[str] = set()
    sections = []
    for n, entry in enumerate(data, start=1):
        where = f"section {n}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        items = []
        for m, raw in enumerate(entry.get("items") or [], start=1):
            item = _item(raw, f"{where}, item {m}", problems)
            if item is None:
                continue
            if item.item_id in seen:
                problems.append(f"{where}, item {m}: item id '{item.item_id}' is used more than once")
            seen.add(item.item_id)
            items.append(item)
        if not items:
            problems.append(f"{where}: has no items")
        sections.append(
            Section(_text(entry, "id", where, problems), _text(entry, "title", where, problems), tuple(items))
        )
    return tuple(sections)


def _item(raw: Any, where: str, problems: list[str]) -> Item | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping")
        return None
    item_id = _text(raw, "id", where, problems)
    if item_id and not _ID.match(item_id):
        problems.append(f"{where}: id '{item_id}' must start with a letter and use only a-z, 0-9 and _")
    item_type = _text(raw, "type", where, problems)
    if item_type and item_type not in ITEM_TYPES:
        problems.append(f"{where} ({item_id}): type '{item_type}' is not one of {', '.join(ITEM_TYPES)}")
    applies_to = tuple(raw.get("applies_to") or ())
    unknown = [k for k in applies_to if k not in CASE_KINDS]
    if unknown:
        problems.append(f"{where} ({item_id}): applies_to names unknown kinds of case {unknown}")
    choices = tuple(str(c) for c in raw.get("choices") or ())
    if item_type == "choice" and len(choices) < 2:
        problems.append(f"{where} ({item_id}): a choice item needs at least two choices")
    return Item(
        item_id=item_id,
        type=item_type,
        title=_text(raw, "title", where, problems),
        guidance=_text(raw, "guidance", where, problems, required=False),
        required=bool(raw.get("required", True)),
        applies_to=applies_to,
        choices=choices,
        evidence=bool(raw.get("evidence", False)),
    )


def _rules(data: Any, item_ids: set[str], scale: GradeScale | None, problems: list[str]) -> Rules:
    if not isinstance(data, dict):
        problems.append("rules: expected a mapping")
        data = {}
    values = set(scale.values()) if scale else set()

    def grade(value: Any, where: str) -> int:
        if scale is not None and value not in values:
            problems.append(f"{where}: grade {value!r} is not on the scale ({sorted(values)})")
        return int(value) if isinstance(value, int) else 0

    caps = []
    for n, cap in enumerate(data.get("overall_caps") or [], start=1):
        caps.append(
            (
                grade(cap.get("if_any"), f"rules: overall_caps {n}"),
                grade(cap.get("at_best"), f"rules: overall_caps {n}"),
            )
        )
    escalation: dict[int, tuple[str, ...]] = {}
    for key, routes in (data.get("escalation") or {}).items():
        value = grade(int(key) if str(key).isdigit() else key, f"rules: escalation '{key}'")
        bad = [r for r in routes or [] if r not in ROUTES]
        if bad:
            problems.append(f"rules: escalation '{key}' names unknown recipients {bad} (use {', '.join(ROUTES)})")
        escalation[value] = tuple(routes or ())
    actions = []
    for n, raw in enumerate(data.get("auto_actions") or [], start=1):
        where = f"rules: auto_actions {n}"
        item = str(raw.get("item", ""))
        if item and item not in item_ids:
            problems.append(f"{where}: names item '{item}', which the tool does not have")
        days = raw.get("due_working_days")
        if not isinstance(days, int) or days < 1:
            problems.append(f"{where}: due_working_days must be a whole number of 1 or more")
            days = 1
        actions.append(
            AutoAction(grade(raw.get("when_grade_at_least"), where), _text(raw, "text", where, problems), days, item)
        )
    alert = tuple(data.get("safeguarding_alert") or ("team_manager", "head_of_service"))
    bad_alert = [r for r in alert if r not in ROUTES]
    if bad_alert:
        problems.append(f"rules: safeguarding_alert names unknown recipients {bad_alert}")
    return Rules(bool(data.get("overall", True)), tuple(caps), escalation, tuple(actions), alert)


def tool_compare(previous: ToolDefinition, new: ToolDefinition) -> list[str]:
    """Problems with `new` as the next version of `previous`: ids must keep their meaning's type."""
    problems = []
    if new.tool_id != previous.tool_id:
        problems.append(f"tool_id '{new.tool_id}' differs from '{previous.tool_id}'")
    if new.version <= previous.version:
        problems.append(f"version {new.version} must be higher than {previous.version}")
    for item in new.items():
        old = previous.item(item.item_id)
        if old is not None and old.type != item.type:
            problems.append(
                f"item '{item.item_id}' was a {old.type} item in version {previous.version}; "
                "give a changed item a new id"
            )
    return problems


def load_scales(path: Path | None = None) -> dict[str, GradeScale]:
    path = path or TOOLS_DIR / "scales.yaml"
    return scales_parse(yaml.safe_load(path.read_text(encoding="utf-8")), source=path.name)


def load_tool_text(text: str, scales: Mapping[str, GradeScale], *, source: str) -> ToolDefinition:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ToolDefinitionError(source, [f"not valid YAML or JSON: {error}"]) from None
    unknown = _unknown_fields(data)
    try:
        definition = tool_parse(data, scales, source=source)
    except ToolDefinitionError as error:
        raise ToolDefinitionError(source, [*error.problems, *unknown]) from None
    if unknown:
        raise ToolDefinitionError(source, unknown)
    return definition


def load_shipped_tools() -> list[ToolDefinition]:
    """Every tool shipped with Assure, checked; an error names the file and each problem."""
    scales = load_scales()
    return [
        load_tool_text(p.read_text(encoding="utf-8"), scales, source=p.name)
        for p in sorted(TOOLS_DIR.glob("*.yaml"))
        if p.name not in ("scales.yaml", "quotas.yaml")
    ]
