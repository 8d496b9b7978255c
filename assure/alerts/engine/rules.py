"""Timescale rules as data: read a rule file and check every field before anything is computed.

Framework-free. A rule file (YAML, see `assure/alerts/timescales.yaml`) lists rules; each names the
canonical table and date column that starts the clock, the offset (or a schedule of offsets for
recurring deadlines), whether it is statutory or local, its source, and what meets it. A file with
any mistake is refused whole, with messages naming the file, the rule and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assure.casedata.schema import SCHEMA, Date, Flag

UNITS = ("working_days", "days", "weeks", "months")
KINDS = ("once", "recurring")
OWNERS = ("worker", "team_manager")  # whose work tray a deadline is on: the case's worker, or their team manager
DEFAULT_FILE = Path(__file__).resolve().parent.parent / "timescales.yaml"


class RuleFileError(ValueError):
    """The rule file cannot be used; `errors` name the file, rule and field of each problem."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Offset:
    amount: int
    unit: str

    def describe(self) -> str:
        unit = self.unit.replace("_", " ")
        return f"{self.amount} {unit if self.amount != 1 else unit.rstrip('s')}"


@dataclass(frozen=True)
class Close:
    """The event that meets a deadline: a date column, in the trigger's row or matched from another table."""

    table: str
    column: str
    match_on: tuple[str, ...] = ()
    only_if_true: tuple[str, ...] = ()
    only_values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    kind: str
    table: str
    column: str
    schedule: tuple[Offset, ...]  # one entry for a `once` rule; the last repeats for `recurring`
    statutory: bool
    source: str
    close: Close | None
    ends: str | None = None  # a trigger-table date column: the clock stops (unmet deadline dropped)
    open_until: str | None = None  # recurring: the column ending the plan or period
    periods_of_care: bool = False
    exclude_if_true: tuple[str, ...] = ()
    only_values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exclude_values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    min_age_years: int | None = None
    has_data: bool = True
    note: str = ""
    owner: str = "worker"

    @property
    def timescale(self) -> str:
        first = self.schedule[0].describe()
        if self.kind == "once":
            return first
        rest = [o.describe() for o in self.schedule[1:]]
        return ", then ".join([first, *rest]) + (" after that, repeating" if rest else ", repeating")


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    recent_days: int
    due_soon_working_days: int
    version: int
    stale_after_days: int = 365

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def load_rules(path: Path = DEFAULT_FILE) -> RuleSet:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleFileError([f"{path.name}: cannot be read ({exc.strerror})."]) from None
    return parse_rules(text, name=path.name)


def parse_rules(text: str, *, name: str = "rule file") -> RuleSet:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise RuleFileError([f"{name}: is not valid YAML{where}."]) from None
    checker = _Checker(name)
    ruleset = checker.file(data)
    if checker.errors:
        raise RuleFileError(checker.errors)
    assert ruleset is not None
    return ruleset


class _Checker:
    def __init__(self, name: str):
        self.name = name
        self.errors: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.errors.append(f"{self.name}: {where}: {message}")

    def file(self, data: Any) -> RuleSet | None:
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or not data["rules"]:
            self.fail("top level", "must be a mapping with a non-empty list under 'rules'.")
            return None
        recent = self.whole(data.get("recent_days", 28), "top level", "recent_days")
        soon = self.whole(data.get("due_soon_working_days", 5), "top level", "due_soon_working_days")
        rules = [self.rule(index, raw) for index, raw in enumerate(data["rules"], start=1)]
        ids = [r.id for r in rules if r is not None]
        for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
            self.fail(f"rule {duplicate!r}", "the id is used by more than one rule.")
        stale = self.whole(data.get("stale_after_days", 365), "top level", "stale_after_days")
        version = data.get("version", 1)
        kept = tuple(r for r in rules if r is not None)
        return RuleSet(kept, recent, soon, version if isinstance(version, int) else 1, stale)

    def whole(self, value: Any, where: str, name: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail(where, f"'{name}' must be a whole number of 0 or more, not {value!r}.")
            return 0
        return value

    def rule(self, index: int, raw: Any) -> Rule | None:
        if not isinstance(raw, dict):
            self.fail(f"rule {index}", "must be a mapping of fields.")
            return None
        rule_id = raw.get("id")
        where = f"rule {index} ({rule_id!r})" if isinstance(rule_id, str) and rule_id else f"rule {index}"
        before = len(self.errors)
        if not isinstance(rule_id, str) or not rule_id.replace("_", "").isalnum() or not rule_id.islower():
            self.fail(where, "'id' must be lowercase letters, digits and underscores.")
        for name in ("title", "source"):
            if not isinstance(raw.get(name), str) or not raw[name].strip():
                self.fail(where, f"'{name}' is required.")
        kind = raw.get("kind")
        if kind not in KINDS:
            self.fail(where, f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}.")
        if not isinstance(raw.get("statutory"), bool):
            self.fail(where, "'statutory' must be true (statutory) or false (a local standard).")
        table, column = self.trigger(where, raw.get("trigger"))
        schedule = self.schedule(where, raw, kind)
        has_data = raw.get("data", "available") != "none"
        if raw.get("data", "available") not in {"available", "none"}:
            self.fail(where, "'data' must be 'available' or 'none'.")
        if not has_data and not str(raw.get("note", "")).strip():
            self.fail(where, "a rule with 'data: none' needs a 'note' saying which data is missing.")
        close = self.close(where, raw.get("closed_by"), table) if has_data else None
        if has_data and close is None and "closed_by" not in raw:
            self.fail(where, "'closed_by' is required (or mark the rule 'data: none' with a note).")
        columns = SCHEMA.get(table, {})
        ends = self.column(where, "ends", raw.get("ends"), table, Date)
        open_until = self.column(where, "open_until", raw.get("open_until"), table, Date)
        exclude_if_true = self.columns(where, "exclude_if_true", raw.get("exclude_if_true", []), table, Flag)
        only_values = self.values(where, "only_values", raw.get("only_values", {}), table)
        exclude_values = self.values(where, "exclude_values", raw.get("exclude_values", {}), table)
        min_age = raw.get("min_age_years")
        if min_age is not None:
            min_age = self.whole(min_age, where, "min_age_years")
        owner = raw.get("owner", "worker")
        if owner not in OWNERS:
            self.fail(where, f"'owner' must be one of {', '.join(OWNERS)}, not {owner!r}.")
        periods = raw.get("periods_of_care", False)
        if periods and table != "cla_episodes":
            self.fail(where, "'periods_of_care' applies only to rules triggered from cla_episodes.")
        if len(self.errors) > before or not columns or not isinstance(rule_id, str) or not isinstance(kind, str):
            return None
        return Rule(
            id=rule_id,
            title=raw["title"].strip(),
            kind=kind,
            table=table,
            column=column,
            schedule=schedule,
            statutory=raw["statutory"],
            source=raw["source"].strip(),
            close=close,
            ends=ends,
            open_until=open_until,
            periods_of_care=bool(periods),
            exclude_if_true=exclude_if_true,
            only_values=only_values,
            exclude_values=exclude_values,
            min_age_years=min_age,
            has_data=has_data,
            note=" ".join(str(raw.get("note", "")).split()),
            owner=owner,
        )

    def trigger(self, where: str, raw: Any) -> tuple[str, str]:
        if not isinstance(raw, dict):
            self.fail(where, "'trigger' must give the 'table' and 'column' that start the clock.")
            return "", ""
        table = raw.get("table")
        if not isinstance(table, str) or table not in SCHEMA:
            self.fail(where, f"'trigger.table' {table!r} is not a canonical table.")
            return "", ""
        column = self.column(where, "trigger.column", raw.get("column"), table, Date, required=True)
        return table, column or ""

    def column(
        self, where: str, name: str, value: Any, table: str, dtype: Any, *, required: bool = False
    ) -> str | None:
        if value is None and not required:
            return None
        if table not in SCHEMA:
            return None
        if value not in SCHEMA[table]:
            self.fail(where, f"'{name}' {value!r} is not a column of {table}.")
            return None
        if SCHEMA[table][value] != dtype:
            kind = "date" if dtype == Date else "true/false"
            self.fail(where, f"'{name}' {value!r} must be a {kind} column of {table}.")
            return None
        return str(value)

    def columns(self, where: str, name: str, value: Any, table: str, dtype: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.fail(where, f"'{name}' must be a list of column names.")
            return ()
        found = [self.column(where, name, v, table, dtype, required=True) for v in value]
        return tuple(c for c in found if c)

    def values(self, where: str, name: str, value: Any, table: str) -> dict[str, tuple[str, ...]]:
        if not isinstance(value, dict):
            self.fail(where, f"'{name}' must map column names to lists of codes.")
            return {}
        result: dict[str, tuple[str, ...]] = {}
        for column, codes in value.items():
            if table in SCHEMA and column not in SCHEMA[table]:
                self.fail(where, f"'{name}' names {column!r}, which is not a column of {table}.")
            elif not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                self.fail(where, f"'{name}.{column}' must be a list of codes.")
            else:
                result[column] = tuple(codes)
        return result

    def schedule(self, where: str, raw: dict[str, Any], kind: Any) -> tuple[Offset, ...]:
        entries = [raw.get("offset")] if kind == "once" else raw.get("schedule")
        name = "offset" if kind == "once" else "schedule"
        if kind == "recurring" and (not isinstance(entries, list) or not entries):
            self.fail(where, "'schedule' must list at least one {amount, unit}.")
            return ()
        offsets = []
        for entry in entries or []:
            if not isinstance(entry, dict) or entry.get("unit") not in UNITS:
                self.fail(where, f"'{name}' needs a 'unit' of {', '.join(UNITS)}.")
                continue
            amount = entry.get("amount")
            if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
                self.fail(where, f"'{name}' needs an 'amount' that is a whole number above 0, not {amount!r}.")
                continue
            offsets.append(Offset(amount, entry["unit"]))
        return tuple(offsets)

    def close(self, where: str, raw: Any, trigger_table: str) -> Close | None:
        if raw is None:
            return None
        if not isinstance(raw, dict) or raw.get("table") not in SCHEMA:
            self.fail(where, "'closed_by' must name a canonical 'table' and a date 'column'.")
            return None
        table = raw["table"]
        column = self.column(where, "closed_by.column", raw.get("column"), table, Date, required=True)
        match_on = raw.get("match_on", [])
        if table != trigger_table and not match_on:
            self.fail(where, "'closed_by.match_on' must list the columns that link the two tables.")
        for key in match_on:
            if key not in SCHEMA[table] or (trigger_table in SCHEMA and key not in SCHEMA[trigger_table]):
                self.fail(where, f"'closed_by.match_on' {key!r} is not a column of both {trigger_table} and {table}.")
        flags = self.columns(where, "closed_by.only_if_true", raw.get("only_if_true", []), table, Flag)
        values = self.values(where, "closed_by.only_values", raw.get("only_values", {}), table)
        if column is None:
            return None
        return Close(table, column, tuple(match_on), flags, values)
