"""The generic layout: one file (CSV or XLSX) per table for what the statutory returns lack.

Framework-free. Each `Layout` names a canonical table (`schema.SCHEMA`), the columns a file may carry,
which of them it must carry, and how each is written. `docs/generic-layout.md` is this module in prose;
keep the two together. A file is recognised from its column names compared in a normalised form (case,
spaces and punctuation do not matter: "Visit Date" is `visit_date`), or read with a mapping from the
council's own headers to ours, which `suggest_mapping` proposes for the mapping screen.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "code", "date", "flag"]

FORMATS: Mapping[Kind, str] = {
    "text": "Text, as it is in your system.",
    "code": "A code, as in your system (compared in upper case).",
    "date": "A date: DD/MM/YYYY or YYYY-MM-DD (or a date cell in Excel).",
    "flag": "Yes or no: Y, N, Yes, No, 1, 0, True or False.",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool
    description: str
    example: str
    aliases: tuple[str, ...] = ()  # other headers councils use for it, in normalised form


@dataclass(frozen=True)
class Layout:
    table: str
    title: str
    file_name: str
    description: str
    columns: tuple[Column, ...]
    periods: tuple[tuple[str, str], ...] = ()  # (start, end) pairs: the end must not be before the start

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


CHILD = Column(
    "child_id",
    "text",
    True,
    "The child's identifier in your case management system (the 903 CHILD, the CIN census LAchildID).",
    "123456",
    ("person_id", "child", "child_ref", "child_number", "la_child_id", "client_id", "pers_person_id", "id"),
)

LAYOUTS: Mapping[str, Layout] = {
    "visits": Layout(
        "visits",
        "Visits",
        "visits.csv",
        "Statutory visits to children (child in need, child protection, looked after): one row per visit.",
        (
            CHILD,
            Column("visit_date", "date", True, "The day of the visit.", "03/02/2025", ("date_of_visit", "date")),
            Column("seen", "flag", False, "Was the child seen?", "Y", ("child_seen", "seen_child", "visit_seen")),
            Column(
                "seen_alone", "flag", False, "Was the child seen alone?", "N", ("child_seen_alone", "visit_seen_alone")
            ),
            Column("kind", "code", False, "The kind of visit, such as CIN, CP or CLA.", "CP", ("visit_type", "type")),
        ),
    ),
    "allocations": Layout(
        "allocations",
        "Allocations",
        "allocations.csv",
        "Which worker each child is allocated to and when: one row per allocation.",
        (
            CHILD,
            Column(
                "worker_id",
                "text",
                True,
                "The allocated worker's e-mail address or staff id.",
                "sam.jones@council.gov.uk",
                ("worker", "worker_email", "social_worker", "allocated_worker", "staff_id", "professional_id"),
            ),
            Column("team", "text", False, "The worker's team.", "Safeguarding North", ("team_name", "worker_team")),
            Column("start_date", "date", True, "The day the allocation started.", "01/04/2024", ("allocated_date",)),
            Column(
                "end_date", "date", False, "The day it ended; blank if still allocated.", "", ("end", "deallocated")
            ),
            Column("reason", "text", False, "Why the allocation ended.", "", ("end_reason", "reason_ended")),
        ),
        (("start_date", "end_date"),),
    ),
    "cp_reviews": Layout(
        "cp_reviews",
        "Child protection reviews",
        "cp_reviews.csv",
        "Child protection review conferences, due and held: one row per review, including the next one due.",
        (
            CHILD,
            Column("plan_id", "text", True, "The child protection plan's identifier.", "CPP-881", ("cp_plan_id",)),
            Column("due_date", "date", True, "The day the review was or is due.", "14/03/2025", ("review_due",)),
            Column(
                "review_date",
                "date",
                False,
                "The day the review was held; blank if not yet held.",
                "12/03/2025",
                ("date_held", "held_date", "conference_date"),
            ),
        ),
    ),
    "cla_reviews": Layout(
        "cla_reviews",
        "Looked-after reviews",
        "cla_reviews.csv",
        "Reviews of looked-after children, due and held: one row per review, including the next one due.",
        (
            CHILD,
            Column("due_date", "date", True, "The day the review was or is due.", "2025-01-20", ("review_due",)),
            Column(
                "review_date",
                "date",
                False,
                "The day the review was held; blank if not yet held.",
                "2025-01-17",
                ("date_held", "held_date"),
            ),
            Column(
                "participation",
                "code",
                False,
                "How the child took part (the 903 REVIEW_CODE, PN0 to PN7).",
                "PN1",
                ("review_code", "participation_code"),
            ),
        ),
    ),
    "pre_proceedings": Layout(
        "pre_proceedings",
        "Pre-proceedings (PLO)",
        "pre_proceedings.csv",
        "Pre-proceedings under the Public Law Outline: one row per pre-proceedings period.",
        (
            CHILD,
            Column("pp_id", "text", True, "The pre-proceedings record's identifier.", "PLO-17", ("plo_id",)),
            Column("episode_id", "text", False, "The referral (episode of need) it belongs to.", "R-2231"),
            Column("start_date", "date", True, "The day pre-proceedings started.", "05/08/2024", ("plo_start",)),
            Column("letter_sent_date", "date", False, "The day the letter before proceedings was sent.", "05/08/2024"),
            Column("initial_meeting_date", "date", False, "The day of the first PLO meeting.", "19/08/2024"),
            Column("decision_date", "date", False, "The day the outcome was decided.", "02/12/2024"),
            Column("outcome", "code", False, "The outcome, as coded in your system.", "ISSUE"),
            Column("court_application_date", "date", False, "The day care proceedings were applied for.", ""),
            Column(
                "fgdm_offered", "flag", False, "Was a family group decision-making meeting offered?", "Y", ("fgdm",)
            ),
            Column("fgdm_held", "flag", False, "Was a family group decision-making meeting held?", "N"),
            Column(
                "letter_initial_cp_date",
                "date",
                False,
                "The day the letter of intent to issue proceedings was sent.",
                "",
            ),
        ),
        (("start_date", "decision_date"),),
    ),
    "care_proceedings": Layout(
        "care_proceedings",
        "Care proceedings",
        "care_proceedings.csv",
        "Care proceedings issued: one row per set of proceedings.",
        (
            CHILD,
            Column("proceedings_id", "text", True, "The proceedings' identifier (or court case number).", "ZW25C0001"),
            Column("issue_date", "date", True, "The day the application was issued.", "06/01/2025", ("issued",)),
            Column("final_order_date", "date", False, "The day of the final order; blank if ongoing.", ""),
            Column("order", "code", False, "The final order made, as coded in your system.", "", ("final_order",)),
        ),
        (("issue_date", "final_order_date"),),
    ),
    "contacts": Layout(
        "contacts",
        "Contacts",
        "contacts.csv",
        "Contacts (before any referral): one row per contact.",
        (
            CHILD,
            Column("contact_id", "text", True, "The contact's identifier.", "C-90211"),
            Column("contact_date", "date", True, "The day the contact was received.", "10/02/2025", ("received",)),
            Column("source", "code", False, "Where it came from (the CIN referral source codes).", "1B"),
            Column("decision_date", "date", False, "The day the next step was decided.", "11/02/2025"),
            Column("outcome", "code", False, "The decision, as coded in your system.", "REFERRAL"),
        ),
        (("contact_date", "decision_date"),),
    ),
    "supervisions": Layout(
        "supervisions",
        "Management oversight and supervision",
        "supervisions.csv",
        "Management oversight recorded on a child's file, and supervision sessions where the child's case was"
        " discussed: one row per entry.",
        (
            CHILD,
            Column(
                "supervision_date",
                "date",
                True,
                "The day of the oversight or supervision.",
                "12/02/2025",
                ("oversight_date", "date_of_supervision", "management_oversight_date", "date"),
            ),
            Column(
                "supervisor_id",
                "text",
                False,
                "The manager's e-mail address or staff id.",
                "alex.patel@council.gov.uk",
                ("supervisor", "manager", "manager_email", "supervisor_email"),
            ),
            Column(
                "kind",
                "code",
                False,
                "OVERSIGHT for a management oversight entry on the file, SUPERVISION for case supervision.",
                "OVERSIGHT",
                ("type", "oversight_type", "supervision_type"),
            ),
        ),
    ),
    "cin_reviews": Layout(
        "cin_reviews",
        "Child in need plan reviews",
        "cin_reviews.csv",
        "Reviews of child in need plans: one row per review held.",
        (
            CHILD,
            Column(
                "plan_id",
                "text",
                True,
                "The child in need plan's identifier.",
                "123456/CIN/2024-11-04",
                ("cin_plan_id",),
            ),
            Column(
                "review_date",
                "date",
                True,
                "The day the review was held.",
                "03/02/2025",
                ("cin_review_date", "date_held", "held_date"),
            ),
        ),
    ),
    "core_groups": Layout(
        "core_groups",
        "Core group meetings",
        "core_groups.csv",
        "Core group meetings of child protection plans: one row per meeting.",
        (
            CHILD,
            Column(
                "plan_id",
                "text",
                True,
                "The child protection plan's identifier.",
                "123456/CP/2025-01-13",
                ("cp_plan_id",),
            ),
            Column(
                "meeting_date",
                "date",
                True,
                "The day of the core group meeting.",
                "24/01/2025",
                ("core_group_date", "date_of_meeting", "date"),
            ),
        ),
    ),
    "health_assessments": Layout(
        "health_assessments",
        "Health assessments",
        "health_assessments.csv",
        "Statutory health assessments of looked-after children: one row per assessment.",
        (
            CHILD,
            Column(
                "assessment_date",
                "date",
                True,
                "The day of the health assessment.",
                "20/01/2025",
                ("health_assessment_date", "date_of_assessment", "date"),
            ),
            Column(
                "kind",
                "code",
                False,
                "IHA for an initial health assessment, RHA for a review.",
                "IHA",
                ("type", "assessment_type"),
            ),
        ),
    ),
    "peps": Layout(
        "peps",
        "Personal education plans",
        "peps.csv",
        "Personal education plans of looked-after children: one row per plan written or reviewed.",
        (
            CHILD,
            Column(
                "pep_date",
                "date",
                True,
                "The day the plan was written or reviewed.",
                "27/01/2025",
                ("pep_meeting_date", "date_of_pep", "date"),
            ),
        ),
    ),
    "pathway_plans": Layout(
        "pathway_plans",
        "Pathway plans",
        "pathway_plans.csv",
        "Pathway plans of care leavers and young people preparing to leave care: one row per plan written or reviewed.",
        (
            CHILD,
            Column(
                "plan_date",
                "date",
                True,
                "The day the plan was written or reviewed.",
                "05/03/2025",
                ("pathway_plan_date", "review_date", "pathway_plan_review_date"),
            ),
            Column(
                "end_date",
                "date",
                False,
                "On the last plan only: the day leaving-care support ended.",
                "",
                ("support_ended", "closure_date"),
            ),
        ),
        (("plan_date", "end_date"),),
    ),
    "iro_allocations": Layout(
        "iro_allocations",
        "Independent reviewing officers",
        "iro_allocations.csv",
        "Which independent reviewing officer (IRO) each child in care or on a protection plan has, and when: one"
        " row per allocation.",
        (
            CHILD,
            Column(
                "iro_id",
                "text",
                True,
                "The IRO's e-mail address or staff id.",
                "jo.smith@council.gov.uk",
                ("iro", "iro_email", "reviewing_officer", "independent_reviewing_officer"),
            ),
            Column(
                "start_date",
                "date",
                True,
                "The day the IRO was allocated.",
                "01/04/2024",
                ("allocated_date", "iro_start_date"),
            ),
            Column(
                "end_date", "date", False, "The day it ended; blank if still allocated.", "", ("iro_end_date", "end")
            ),
        ),
        (("start_date", "end_date"),),
    ),
}


def normalise(header: str) -> str:
    """A header as we compare it: lower case, words joined by `_` ("Child seen alone?" → child_seen_alone)."""
    return re.sub(r"[^a-z0-9]+", "_", str(header).lower()).strip("_")


def identify(headers: Iterable[str]) -> str | None:
    """The table a file with these headers holds: every required column is there and it matches most."""
    names = {normalise(header) for header in headers}
    fits = [layout for layout in LAYOUTS.values() if set(layout.required) <= names]
    if not fits:
        return None
    return max(fits, key=lambda layout: (len(names & set(layout.names)), -len(layout.names))).table


def named(label: str) -> str | None:
    """The table a file or worksheet is named after ("cp_reviews.csv", "Book.xlsx (sheet CP reviews)"),
    if any: its name then says which layout it must follow, even when a column is missing."""
    sheet = re.search(r"\(sheet (.*)\)$", label)
    name = sheet.group(1) if sheet else re.sub(r"\.(csv|xlsx)$", "", label.rsplit("/", 1)[-1], flags=re.IGNORECASE)
    return normalise(name) if normalise(name) in LAYOUTS else None


def closest(headers: Iterable[str]) -> str:
    """The layout sharing the largest part of its columns with these headers."""
    names = {normalise(header) for header in headers}

    def overlap(table: str) -> float:
        wanted = set(LAYOUTS[table].names)
        return len(wanted & names) / len(wanted | names)

    return max(LAYOUTS, key=overlap)


def suggest_mapping(headers: list[str], table: str) -> dict[str, str | None]:
    """For each column of `table`, the header of `headers` that most likely holds it, or None.

    Exact matches (after normalising, with the usual other names) come first, then close spellings by
    difflib; each header is used once, and a guess below 0.6 similarity is left for the person to choose.
    """
    layout = LAYOUTS[table]
    scored: list[tuple[float, int, str, str]] = []
    for column in layout.columns:
        for order, header in enumerate(headers):
            scored.append((_similarity(column, normalise(header)), -order, column.name, header))
    chosen: dict[str, str | None] = dict.fromkeys(layout.names)
    used: set[str] = set()
    for score, _, name, header in sorted(scored, reverse=True):
        if score >= 0.6 and chosen[name] is None and header not in used:
            chosen[name] = header
            used.add(header)
    return chosen


def _similarity(column: Column, header: str) -> float:
    if not header:
        return 0.0
    candidates = (column.name, *column.aliases)
    if header in candidates:
        return 2.0 if header == column.name else 1.5
    return max(difflib.SequenceMatcher(None, header, candidate).ratio() for candidate in candidates)
