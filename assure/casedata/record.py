"""One child's record as at a snapshot: who the child is, who holds the case, and their journey.

Framework-free. The input is the child's stored record versions (`RecordVersion`: table, values as stored,
and the range of snapshots each is valid in), so one read of the database gives every snapshot's
picture of the child. Codes are shown with their plain-English labels (`codes.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from assure.casedata import codes
from assure.casedata.allocation import allocation_on
from assure.casedata.schema import SCHEMA, Date, from_records
from assure.casedata.timeline import EVENTS, Event, when

Row = dict[str, Any]


class RecordVersion(NamedTuple):
    table: str
    data: Row
    first_seq: int
    last_seq: int | None

    def valid_in(self, seq: int) -> bool:
        return self.first_seq <= seq and (self.last_seq is None or self.last_seq >= seq)


def seqs_with_child(versions: Iterable[RecordVersion], seqs: Iterable[int]) -> list[int]:
    """Of these snapshot numbers, the ones holding any record of the child."""
    spans = {(v.first_seq, v.last_seq) for v in versions}
    return [seq for seq in seqs if any(first <= seq and (last is None or last >= seq) for first, last in spans)]


def rows_in(versions: Iterable[RecordVersion], seq: int) -> dict[str, list[Row]]:
    """The child's rows valid in snapshot `seq`, by table, with dates as dates."""
    tables: dict[str, list[Row]] = {}
    for version in versions:
        if version.valid_in(seq) and version.table in SCHEMA:
            tables.setdefault(version.table, []).append(_typed(version.table, version.data))
    return tables


def _typed(table: str, data: Row) -> Row:
    dates = {name for name, kind in SCHEMA[table].items() if kind == Date}
    return {name: (_date(value) if name in dates else value) for name, value in data.items()}


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


@dataclass(frozen=True)
class Holder:
    """Who held the case on the as-at date, or (when nobody did) who held it last."""

    worker_id: str
    team: str
    since: dt.date | None
    ended: dt.date | None  # set when the case was not allocated on the as-at date


def case_holder(allocations: list[Row], on: dt.date) -> Holder | None:
    """The worker and team holding the case on `on` (`allocation.allocation_on`), else the last ones."""
    if not allocations:
        return None
    frame = from_records("allocations", [_iso(row) for row in allocations])
    now = allocation_on(frame, on)
    if now.height:
        worker, team = now.row(0)[1:]
        started = [r["start_date"] for r in allocations if r["worker_id"] == worker and r["team"] == team]
        since = max((d for d in started if d and d <= on), default=None)
        return Holder(worker or "", team or "", since, None)
    past = [r for r in allocations if r["start_date"] and r["start_date"] <= on]
    if not past:
        return None
    last = max(past, key=lambda r: (r["end_date"] or on, r["start_date"]))
    return Holder(last["worker_id"] or "", last["team"] or "", last["start_date"], last["end_date"])


def _iso(row: Row) -> Row:
    return {key: (value.isoformat() if isinstance(value, dt.date) else value) for key, value in row.items()}


@dataclass
class ChildRecord:
    child_id: str
    as_at: dt.date
    profile: list[tuple[str, str]] = field(default_factory=list)
    now: list[tuple[str, str]] = field(default_factory=list)  # open episodes and plans on the as-at date
    holder: Holder | None = None
    events: list[Event] = field(default_factory=list)  # newest first

    @property
    def has_journey(self) -> bool:
        return any(event.area != "Allocation" for event in self.events)


def record_build(child_id: str, tables: Mapping[str, list[Row]], as_at: dt.date) -> ChildRecord:
    record = ChildRecord(child_id=child_id, as_at=as_at)
    child = (tables.get("children") or [{}])[0]
    record.profile = _profile(child, tables.get("disabilities", []), as_at)
    record.holder = case_holder(tables.get("allocations", []), as_at)
    record.now = _now(tables, as_at)
    # Newest first; on one day, the later step of the journey first (the tables are in journey order).
    events: list[tuple[int, int, Event]] = []
    for step, (table, describe) in enumerate(EVENTS.items()):
        for row in tables.get(table, []):
            events.extend((step, n, e) for n, e in enumerate(describe(row)) if e.day is not None and e.day <= as_at)
    record.events = [event for _, _, event in sorted(events, key=lambda e: (e[2].day, e[0], e[1]), reverse=True)]
    return record


def age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _profile(child: Row, disabilities: list[Row], as_at: dt.date) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    dob, died = child.get("dob"), child.get("death_date")
    if dob:
        age = age_on(dob, died or as_at)
        rows.append(
            ("Age", f"{age} year{'s' if age != 1 else ''} ({'died ' + when(died) if died else 'born ' + when(dob)})")
        )
        if died:
            rows.append(("Born", when(dob)))
    elif child.get("expected_dob"):
        rows.append(("Age", f"Not yet born (expected {when(child['expected_dob'])})"))
    else:
        rows.append(("Age", "Date of birth not recorded"))
    rows.append(("Sex", codes.labelled(codes.SEX_LABELS, child.get("sex")) or "Not recorded"))
    rows.append(("Ethnicity", codes.labelled(codes.ETHNIC_LABELS, child.get("ethnicity")) or "Not recorded"))
    found = sorted({r["disability"] for r in disabilities if r.get("disability")})
    rows.append(("Disability", ", ".join(codes.labelled(codes.DISABILITY_LABELS, d) for d in found) or "None recorded"))
    if child.get("uasc") is not None:
        uasc = "Yes" if child["uasc"] else "No"
        if child["uasc"] and child.get("uasc_ceased"):
            uasc = f"Was, until {when(child['uasc_ceased'])}"
        rows.append(("Unaccompanied asylum-seeking child", uasc))
    if child.get("mother"):
        born = child.get("mother_child_dob")
        rows.append(("Is a mother", f"Yes, her child was born {when(born)}" if born else "Yes"))
    return rows


def _open(row: Row, start: str, end: str, on: dt.date) -> bool:
    return bool(row.get(start) and row[start] <= on and (row.get(end) is None or row[end] > on))


def _now(tables: Mapping[str, list[Row]], on: dt.date) -> list[tuple[str, str]]:
    """What is open on the as-at date: legal status and placement, plans, episode of need."""
    rows: list[tuple[str, str]] = []
    care = [r for r in tables.get("cla_episodes", []) if _open(r, "start_date", "end_date", on)]
    if care:
        episode = max(care, key=lambda r: r["start_date"])
        rows.append(("Legal status", codes.labelled(codes.LS_LABELS, episode.get("legal_status")) or "Not recorded"))
        placement = codes.labelled(codes.PLACE_LABELS, episode.get("placement")) or "Not recorded"
        provider = codes.labelled(codes.PROVIDER_LABELS, episode.get("provider"))
        rows.append(
            ("Placement", f"{placement}, since {when(episode['start_date'])}" + (f"; {provider}" if provider else ""))
        )
    else:
        rows.append(("Legal status", "Not looked after"))
    cp = [r for r in tables.get("cp_plans", []) if _open(r, "start_date", "end_date", on)]
    for plan in cp:
        category = codes.labelled(
            codes.ABUSE_CATEGORY_LABELS, plan.get("latest_category") or plan.get("initial_category")
        )
        rows.append(
            ("Child protection plan", f"Since {when(plan['start_date'])}" + (f": {category}" if category else ""))
        )
    cin = [r for r in tables.get("cin_plans", []) if _open(r, "start_date", "end_date", on)]
    for plan in cin:
        rows.append(("Child in need plan", f"Since {when(plan['start_date'])}"))
    episodes = [r for r in tables.get("cin_episodes", []) if _open(r, "referral_date", "closure_date", on)]
    for episode in episodes:
        need = codes.labelled(codes.NEED_LABELS, episode.get("primary_need"))
        rows.append(
            ("Open episode of need", f"Referred {when(episode['referral_date'])}" + (f": {need}" if need else ""))
        )
    if not (cp or cin or episodes or care):
        rows.append(("Open episodes", "None on this date"))
    return rows
