"""Importing a register from a spreadsheet: every row checked, then all saved or nothing saved."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from assure.organisation.models import Staff
from assure.risks import importing
from assure.risks.models import Category, Effectiveness, Register
from assure.risks.services import action_add, control_add, risk_create


@dataclass
class ImportResult:
    created: int = 0
    by_category: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "risks_created": self.created,
            "by_category": dict(sorted(self.by_category.items())),
            "errors": self.errors,
            "notes": self.notes,
        }


class _Rollback(Exception):
    pass


def _find_staff(name: str, aliases: dict[str, str]) -> Staff | None:
    key = aliases.get(name, name).strip()
    if not key:
        return None
    match = Staff.objects.filter(is_active=True).filter(Q(email__iexact=key)).first()
    if match:
        return match
    first, _, last = key.partition(" ")
    return Staff.objects.filter(is_active=True, first_name__iexact=first, last_name__iexact=last.strip()).first()


def _category(name: str) -> Category | None:
    name = re.sub(r"\s+", " ", name).strip()
    return (
        Category.objects.filter(name__iexact=name).first()
        or Category.objects.filter(name__istartswith=name[:8]).first()
    )


def _reference(register: Register, used: set[str]) -> str:
    number = register.risks.count() + 1
    while f"{register.reference}-{number:03d}" in used:
        number += 1
    used.add(f"{register.reference}-{number:03d}")
    return f"{register.reference}-{number:03d}"


def risks_import(
    *,
    register: Register,
    by: Any,
    sheet: importing.Sheet,
    mapping: dict[str, str],
    owner_aliases: dict[str, str] | None = None,
    category_aliases: dict[str, str] | None = None,
) -> ImportResult:
    """Create a risk for each data row. Any error anywhere means nothing is saved."""
    result = ImportResult(errors=list(sheet.errors))
    missing = [importing.FIELDS[f][0] for f in importing.REQUIRED if not mapping.get(f)]
    if missing:
        result.errors.append(f"Choose the column for: {', '.join(missing)}.")
    unknown = [h for h in mapping.values() if h and h not in sheet.headers]
    if unknown:
        result.errors.append(f"{sheet.file_name}: no column is headed {', '.join(unknown)}.")
    if result.errors:
        return result
    try:
        with transaction.atomic():
            aliases = {"owners": owner_aliases or {}, "categories": category_aliases or {}}
            _import_rows(register, by, sheet, mapping, aliases, result)
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.created, result.by_category, result.notes = 0, Counter(), []
    return result


def _import_rows(
    register: Register,
    by: Any,
    sheet: importing.Sheet,
    mapping: dict[str, str],
    aliases: dict[str, dict[str, str]],
    result: ImportResult,
) -> None:
    column = {name: sheet.headers.index(header) for name, header in mapping.items() if header}
    category: str | None = None
    used: set[str] = set()
    for number, cells in sheet.rows:
        if (section := importing.section_category(cells)) is not None:
            category = section
            continue

        def get(name: str, cells: list[Any] = cells) -> Any:
            index = column.get(name)
            return cells[index] if index is not None and index < len(cells) else None

        where = f"{sheet.file_name}, row {number}"
        row_errors: list[str] = []
        category_name = str(get("category") or category or "")
        category_name = aliases["categories"].get(category_name, category_name)
        found_category = _category(category_name) if category_name else None
        if found_category is None:
            row_errors.append(
                f"{where}, category: '{category_name or 'none'}' is not a category in Assure "
                "(name one, or map it in the mapping file's categories)."
            )
        owner_text = str(get("owner") or "").strip()
        owner = _find_staff(owner_text, aliases["owners"]) if owner_text else register.owner
        if owner is None:
            row_errors.append(
                f"{where}, owner: '{owner_text}' is not a member of staff in Assure "
                "(give a name, an e-mail or an alias in the mapping file)."
            )
        try:
            target_date = importing.parse_date(get("target_date"))
        except ValueError as error:
            row_errors.append(f"{where}, target date: {error}.")
            target_date = None
        cause = str(get("cause") or "").strip()
        current_score = get("current_score")
        if row_errors:
            result.errors.extend(row_errors)
            continue
        reference = str(get("reference") or "").strip() or _reference(register, used)
        data = {
            "reference": reference,
            "title": str(get("title") or "").strip() or _title(cause),
            "category": found_category,
            "objective": str(get("objective") or ""),
            "cause": cause,
            "consequence": str(get("consequence") or ""),
            "current_impact": get("current_impact"),
            "current_likelihood": get("current_likelihood"),
            "target_impact": get("target_impact"),
            "target_likelihood": get("target_likelihood"),
            "target_date": target_date,
            "target_reason": "Imported from the earlier register." if get("target_impact") else "",
        }
        try:
            with transaction.atomic():
                risk = risk_create(register=register, by=by, owners=[owner], **data)  # type: ignore[list-item]
                if current_score not in (None, "") and str(current_score).strip() != str(risk.current_score):
                    raise ValidationError(
                        {
                            "current_score": [
                                f"the score {current_score} is not impact × likelihood ({risk.current_score})"
                            ]
                        }
                    )
                for text in importing.split_items(get("controls")):
                    control_add(risk=risk, description=text, effectiveness=Effectiveness.NOT_ASSESSED)
                cost = str(get("cost") or "")
                for text in importing.split_items(get("actions")):
                    action_add(risk=risk, description=text, owner=owner, due_date=target_date, cost=cost)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                label = importing.FIELDS.get(name, (name.replace("_", " "),))[0].lower()
                result.errors.extend(f"{where}, {label}: {m}" for m in messages)
            continue
        result.created += 1
        if not owner_text:
            result.notes.append(f"{where}: no owner given, so the register's owner ({register.owner}) owns it.")
        result.by_category[found_category.name] += 1  # type: ignore[union-attr]


def _title(cause: str) -> str:
    cleaned = re.sub(r"^\s*[a-z]\)\s*", "", " ".join(cause.split()))
    return cleaned[:117] + "..." if len(cleaned) > 120 else cleaned
