"""Read an audit tool drafted in Excel into the same definition as a YAML file. Framework-free.

Three sheets, each with a header row:
- `tool`: rows of `field, value` for tool_id, version, title, kind, grade_scale, description;
- `items`: section_id, section_title, id, type, title, guidance, required, applies_to, choices, evidence
  (lists are comma-separated; required and evidence are yes or no);
- `rules` (optional): rule, then its values. `overall, yes|no`; `overall_cap, if_any, at_best`;
  `escalation, grade, recipients`; `auto_action, when_grade_at_least, due_working_days, text[, item]`;
  `safeguarding_alert, recipients`.
Problems name the sheet, row and column; the definition is then checked like any other.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from assure.audits.tooldefs import GradeScale, ToolDefinition, ToolDefinitionError, tool_parse

ITEM_COLUMNS = (
    "section_id",
    "section_title",
    "id",
    "type",
    "title",
    "guidance",
    "required",
    "applies_to",
    "choices",
    "evidence",
)


def _rows(book: Any, name: str, problems: list[str], *, required: bool = True) -> list[tuple[int, list[Any]]]:
    if name not in book.sheetnames:
        if required:
            problems.append(f"the workbook has no '{name}' sheet")
        return []
    rows = []
    for number, row in enumerate(book[name].iter_rows(values_only=True), start=1):
        values = ["" if v is None else v for v in row]
        if number > 1 and any(str(v).strip() for v in values):
            rows.append((number, values))
    return rows


def _list(value: Any) -> list[str]:
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


def _flag(value: Any, default: bool) -> bool:
    text = str(value).strip().lower()
    return default if not text else text in ("yes", "y", "true", "1")


def _int(value: Any, where: str, problems: list[str]) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        problems.append(f"{where}: '{value}' is not a whole number")
        return 0


def tool_from_xlsx(content: bytes, scales: Mapping[str, GradeScale], *, source: str) -> ToolDefinition:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError):
        raise ToolDefinitionError(source, ["not an Excel workbook (.xlsx)"]) from None
    problems: list[str] = []
    data: dict[str, Any] = {}
    for number, row in _rows(book, "tool", problems):
        field, value = str(row[0]).strip(), row[1] if len(row) > 1 else ""
        data[field] = _int(value, f"sheet tool, row {number}, column B", problems) if field == "version" else str(value)
    sections: dict[str, dict[str, Any]] = {}
    for number, row in _rows(book, "items", problems):
        cells = dict(zip(ITEM_COLUMNS, [*row, *[""] * len(ITEM_COLUMNS)], strict=False))
        section_id = str(cells["section_id"]).strip()
        if not section_id:
            problems.append(f"sheet items, row {number}, column A: section_id is empty")
            continue
        section = sections.setdefault(section_id, {"id": section_id, "title": str(cells["section_title"]), "items": []})
        section["items"].append(
            {
                "id": str(cells["id"]).strip(),
                "type": str(cells["type"]).strip(),
                "title": str(cells["title"]),
                "guidance": str(cells["guidance"]),
                "required": _flag(cells["required"], True),
                "applies_to": _list(cells["applies_to"]),
                "choices": _list(cells["choices"]),
                "evidence": _flag(cells["evidence"], False),
            }
        )
    data["sections"] = list(sections.values())
    data["rules"] = _rules(_rows(book, "rules", problems, required=False), problems)
    if problems:
        raise ToolDefinitionError(source, problems)
    return tool_parse(data, scales, source=source)


def _rules(rows: list[tuple[int, list[Any]]], problems: list[str]) -> dict[str, Any]:
    rules: dict[str, Any] = {"overall_caps": [], "escalation": {}, "auto_actions": []}
    for number, row in rows:
        where = f"sheet rules, row {number}"
        kind, values = str(row[0]).strip(), [*row[1:], "", "", "", ""]
        if kind == "overall":
            rules["overall"] = _flag(values[0], True)
        elif kind == "overall_cap":
            rules["overall_caps"].append(
                {
                    "if_any": _int(values[0], f"{where}, column B", problems),
                    "at_best": _int(values[1], f"{where}, column C", problems),
                }
            )
        elif kind == "escalation":
            rules["escalation"][_int(values[0], f"{where}, column B", problems)] = _list(values[1])
        elif kind == "auto_action":
            action = {
                "when_grade_at_least": _int(values[0], f"{where}, column B", problems),
                "due_working_days": _int(values[1], f"{where}, column C", problems),
                "text": str(values[2]),
            }
            if str(values[3]).strip():
                action["item"] = str(values[3]).strip()
            rules["auto_actions"].append(action)
        elif kind == "safeguarding_alert":
            rules["safeguarding_alert"] = _list(values[0])
        else:
            problems.append(f"{where}, column A: unknown rule '{kind}'")
    return rules
