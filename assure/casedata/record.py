"""One child's record as at a snapshot: who the child is, who holds the case, and their journey.

Framework-free. The input is the child's stored record versions (`RecordVersion`: table, values as stored,
and the range of snapshots each is valid in), so one read of the database gives every snapshot's
picture of the child. Codes are shown with their plain-English labels (`codes.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from assure.casedata import codes
from assure.casedata.allocation import allocation_on
from assure.casedata.schema import SCHEMA, Date, from_records

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


@dataclass(frozen=True)
class Event:
    day: dt.date
    area: str  # the part of the journey: "Contact", "Child in need", "Child protection", "In care", …
    what: str
    detail: str = ""


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


def _when(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _flag(value: Any, yes: str, no: str) -> str:
    return "" if value is None else (yes if value else no)


def _profile(child: Row, disabilities: list[Row], as_at: dt.date) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    dob, died = child.get("dob"), child.get("death_date")
    if dob:
        age = age_on(dob, died or as_at)
        rows.append(
            ("Age", f"{age} year{'s' if age != 1 else ''} ({'died ' + _when(died) if died else 'born ' + _when(dob)})")
        )
        if died:
            rows.append(("Born", _when(dob)))
    elif child.get("expected_dob"):
        rows.append(("Age", f"Not yet born (expected {_when(child['expected_dob'])})"))
    else:
        rows.append(("Age", "Date of birth not recorded"))
    rows.append(("Sex", codes.labelled(codes.SEX_LABELS, child.get("sex")) or "Not recorded"))
    rows.append(("Ethnicity", codes.labelled(codes.ETHNIC_LABELS, child.get("ethnicity")) or "Not recorded"))
    found = sorted({r["disability"] for r in disabilities if r.get("disability")})
    rows.append(("Disability", ", ".join(codes.labelled(codes.DISABILITY_LABELS, d) for d in found) or "None recorded"))
    if child.get("uasc") is not None:
        uasc = "Yes" if child["uasc"] else "No"
        if child["uasc"] and child.get("uasc_ceased"):
            uasc = f"Was, until {_when(child['uasc_ceased'])}"
        rows.append(("Unaccompanied asylum-seeking child", uasc))
    if child.get("mother"):
        born = child.get("mother_child_dob")
        rows.append(("Is a mother", f"Yes, her child was born {_when(born)}" if born else "Yes"))
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
            ("Placement", f"{placement}, since {_when(episode['start_date'])}" + (f"; {provider}" if provider else ""))
        )
    else:
        rows.append(("Legal status", "Not looked after"))
    cp = [r for r in tables.get("cp_plans", []) if _open(r, "start_date", "end_date", on)]
    for plan in cp:
        category = codes.labelled(
            codes.ABUSE_CATEGORY_LABELS, plan.get("latest_category") or plan.get("initial_category")
        )
        rows.append(
            ("Child protection plan", f"Since {_when(plan['start_date'])}" + (f": {category}" if category else ""))
        )
    cin = [r for r in tables.get("cin_plans", []) if _open(r, "start_date", "end_date", on)]
    for plan in cin:
        rows.append(("Child in need plan", f"Since {_when(plan['start_date'])}"))
    episodes = [r for r in tables.get("cin_episodes", []) if _open(r, "referral_date", "closure_date", on)]
    for episode in episodes:
        need = codes.labelled(codes.NEED_LABELS, episode.get("primary_need"))
        rows.append(
            ("Open episode of need", f"Referred {_when(episode['referral_date'])}" + (f": {need}" if need else ""))
        )
    if not (cp or cin or episodes or care):
        rows.append(("Open episodes", "None on this date"))
    return rows


def _join(*parts: str) -> str:
    return ". ".join(p for p in parts if p)


def _contacts(r: Row) -> list[Event]:
    source = codes.labelled(codes.REFERRAL_SOURCE_LABELS, r.get("source"))
    outcome = codes.labelled(codes.CONTACT_OUTCOME_LABELS, r.get("outcome"))
    decided = f"Decided {_when(r.get('decision_date'))}" if r.get("decision_date") else ""
    return [
        Event(
            r["contact_date"],
            "Contact",
            "Contact received",
            _join(f"From: {source}" if source else "", decided, f"Outcome: {outcome}" if outcome else ""),
        )
    ]


def _cin_episodes(r: Row) -> list[Event]:
    source = codes.labelled(codes.REFERRAL_SOURCE_LABELS, r.get("referral_source"))
    need = codes.labelled(codes.NEED_LABELS, r.get("primary_need"))
    nfa = "No further action after the referral" if r.get("referral_nfa") else ""
    events = [
        Event(
            r["referral_date"],
            "Child in need",
            "Referral: episode of need opened",
            _join(f"From: {source}" if source else "", f"Primary need: {need}" if need else "", nfa),
        )
    ]
    if r.get("closure_date"):
        reason = codes.labelled(codes.CLOSURE_REASON_LABELS, r.get("closure_reason"))
        events.append(
            Event(r["closure_date"], "Child in need", "Episode of need closed", f"Reason: {reason}" if reason else "")
        )
    return events


def _assessments(r: Row) -> list[Event]:
    seen = f"Child seen {_when(r.get('child_seen_date'))}" if r.get("child_seen_date") else ""
    events = [Event(r["start_date"], "Child in need", "Assessment started", seen)]
    if r.get("authorisation_date"):
        factors = ", ".join(r.get("factors") or [])
        events.append(
            Event(
                r["authorisation_date"],
                "Child in need",
                "Assessment completed and authorised",
                f"Factors identified: {factors}" if factors else "",
            )
        )
    return events


def _plan_events(area: str, name: str) -> Callable[[Row], list[Event]]:
    def describe(r: Row) -> list[Event]:
        events = []
        if area == "Child protection":
            category = codes.labelled(codes.ABUSE_CATEGORY_LABELS, r.get("initial_category"))
            previous = f"{r['previous_plans']} previous plan(s)" if r.get("previous_plans") else ""
            events.append(
                Event(
                    r["start_date"],
                    area,
                    f"{name} started",
                    _join(f"Category: {category}" if category else "", previous),
                )
            )
        else:
            events.append(Event(r["start_date"], area, f"{name} started"))
        if r.get("end_date"):
            events.append(Event(r["end_date"], area, f"{name} ended"))
        return events

    return describe


def _section47(r: Row) -> list[Event]:
    events = []
    if r.get("strategy_date"):
        events.append(Event(r["strategy_date"], "Child protection", "Strategy discussion"))
    if r.get("start_date"):
        target = f"Initial conference due by {_when(r.get('icpc_target_date'))}" if r.get("icpc_target_date") else ""
        events.append(Event(r["start_date"], "Child protection", "Section 47 enquiry started", target))
    if r.get("icpc_date"):
        outcome = _flag(r.get("icpc_outcome_cp"), "Outcome: child protection plan", "Outcome: no child protection plan")
        events.append(Event(r["icpc_date"], "Child protection", "Initial child protection conference", outcome))
    elif r.get("icpc_not_required") and r.get("start_date"):
        events.append(Event(r["start_date"], "Child protection", "Initial conference not required"))
    return events


def _cp_reviews(r: Row) -> list[Event]:
    due = f"Due {_when(r.get('due_date'))}" if r.get("due_date") else ""
    return [Event(r["review_date"], "Child protection", "Child protection review conference", due)]


def _pre_proceedings(r: Row) -> list[Event]:
    events = [
        Event(
            r["start_date"],
            "Proceedings",
            "Pre-proceedings (Public Law Outline) started",
            _join(
                f"Letter before proceedings sent {_when(r.get('letter_sent_date'))}"
                if r.get("letter_sent_date")
                else "",
                "Family group decision-making meeting held"
                if r.get("fgdm_held")
                else ("Family group decision-making meeting offered" if r.get("fgdm_offered") else ""),
            ),
        )
    ]
    if r.get("decision_date"):
        outcome = codes.labelled(codes.PP_OUTCOME_LABELS, r.get("outcome"))
        events.append(
            Event(
                r["decision_date"], "Proceedings", "Pre-proceedings decision", f"Outcome: {outcome}" if outcome else ""
            )
        )
    return events


def _care_proceedings(r: Row) -> list[Event]:
    events = [Event(r["issue_date"], "Proceedings", "Care proceedings issued")]
    if r.get("final_order_date"):
        order = codes.labelled(codes.ORDER_LABELS, r.get("order"))
        events.append(Event(r["final_order_date"], "Proceedings", "Final order", order))
    return events


def _cla_episodes(r: Row) -> list[Event]:
    reason = r.get("reason_new")
    what = "Started to be looked after" if reason == "S" else codes.RNE_LABELS.get(reason or "", "New care episode")
    legal = codes.labelled(codes.LS_LABELS, r.get("legal_status"))
    placement = codes.labelled(codes.PLACE_LABELS, r.get("placement"))
    provider = codes.labelled(codes.PROVIDER_LABELS, r.get("provider"))
    detail = _join(
        f"Legal status: {legal}" if legal else "",
        f"Placement: {placement}" if placement else "",
        f"Provider: {provider}" if provider else "",
    )
    events = [Event(r["start_date"], "In care", what, detail)]
    if r.get("end_date") and r.get("reason_ceased") and r["reason_ceased"] != "X1":
        ceased = codes.labelled(codes.REC_LABELS, r["reason_ceased"])
        events.append(Event(r["end_date"], "In care", "Ceased to be looked after", f"Reason: {ceased}"))
    return events


def _cla_reviews(r: Row) -> list[Event]:
    taking_part = codes.labelled(codes.REVIEW_LABELS, r.get("participation"))
    return [
        Event(
            r["review_date"], "In care", "Looked-after review", f"Participation: {taking_part}" if taking_part else ""
        )
    ]


def _visits(r: Row) -> list[Event]:
    kind = codes.VISIT_KIND_LABELS.get(r.get("kind") or "", "Visit")
    seen = (
        "Seen alone"
        if r.get("seen_alone")
        else ("Seen" if r.get("seen") else ("Not seen" if r.get("seen") is False else ""))
    )
    return [Event(r["visit_date"], "Visit", kind, seen)]


def _missing(r: Row) -> list[Event]:
    what = codes.MISSING_LABELS.get(r.get("kind") or "", "Missing")
    interview = _flag(r.get("return_interview_offered"), "Return interview offered", "Return interview not offered")
    if r.get("return_interview_accepted"):
        interview += ", accepted"
    back = f"Returned {_when(r.get('end_date'))}" if r.get("end_date") else "Not yet returned"
    return [Event(r["start_date"], "Missing", what, _join(back, interview))]


def _adoptions(r: Row) -> list[Event]:
    events = [Event(r["decision_date"], "In care", "Decision that the child should be placed for adoption")]
    if r.get("match_date"):
        events.append(Event(r["match_date"], "In care", "Matched with adopters"))
    return events


def _deprivation(r: Row) -> list[Event]:
    events = [Event(r["start_date"], "In care", "Deprivation of liberty order made")]
    if r.get("end_date"):
        events.append(Event(r["end_date"], "In care", "Deprivation of liberty order ended"))
    return events


def _allocations(r: Row) -> list[Event]:
    return [
        Event(
            r["start_date"],
            "Allocation",
            "Case allocated",
            f"To {r.get('worker_id') or 'no worker'}, {r.get('team') or 'no team'}",
        )
    ]


EVENTS: dict[str, Callable[[Row], list[Event]]] = {
    "contacts": _contacts,
    "cin_episodes": _cin_episodes,
    "allocations": _allocations,
    "assessments": _assessments,
    "cin_plans": _plan_events("Child in need", "Child in need plan"),
    "section47": _section47,
    "cp_plans": _plan_events("Child protection", "Child protection plan"),
    "cp_reviews": _cp_reviews,
    "pre_proceedings": _pre_proceedings,
    "care_proceedings": _care_proceedings,
    "cla_episodes": _cla_episodes,
    "cla_reviews": _cla_reviews,
    "adoptions": _adoptions,
    "deprivation_of_liberty": _deprivation,
    "missing": _missing,
    "visits": _visits,
}
