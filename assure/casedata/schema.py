"""The canonical child-level tables every importer produces and every exporter and engine reads.

Framework-free: tables are Polars DataFrames with exactly these columns and types. Names follow the
Standard Safeguarding Dataset's meaning in plain words; codes keep the DfE values (SSDA903 and CIN
census code lists), so nothing is lost between formats. Dates are calendar dates (no times).

Keys: `child_id` is the authority's own child identifier (the 903 CHILD / CIN LAchildID). Records
below a child carry a stable id built from their natural key (for example an episode of need is
`<child_id>/<referral date>`), so the same record in two imports is recognised as the same.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

Text = pl.String
Date = pl.Date
Flag = pl.Boolean
Whole = pl.Int32

SCHEMA: Mapping[str, Mapping[str, pl.DataType | type[pl.DataType]]] = {
    # One row per child.
    "children": {
        "child_id": Text,
        "sex": Text,  # M, F or U (903 1/2 are normalised: 1 → M, 2 → F)
        "dob": Date,
        "expected_dob": Date,
        "ethnicity": Text,  # WBRI … NOBT
        "upn": Text,
        "former_upn": Text,
        "upn_unknown": Text,  # UN1–UN7
        "death_date": Date,
        "uasc": Flag,
        "uasc_ceased": Date,
        "mother": Flag,  # 903 MOTHER: the child is a mother
        "mother_child_dob": Date,
    },
    "disabilities": {"child_id": Text, "disability": Text},  # NONE, MOB, HAND, … one row each
    # Children's social care journey.
    "contacts": {
        "child_id": Text,
        "contact_id": Text,
        "contact_date": Date,
        "source": Text,
        "decision_date": Date,
        "outcome": Text,
    },
    "cin_episodes": {
        "child_id": Text,
        "episode_id": Text,
        "referral_date": Date,
        "referral_source": Text,
        "primary_need": Text,  # N0–N9
        "closure_date": Date,
        "closure_reason": Text,  # RC1–RC9
        "referral_nfa": Flag,
        "initial_cpc_date": Date,  # the episode's DateOfInitialCPC (its first initial conference)
    },
    "assessments": {
        "child_id": Text,
        "episode_id": Text,
        "assessment_id": Text,
        "start_date": Date,
        "child_seen_date": Date,
        "review_date": Date,
        "authorisation_date": Date,
        "factors": pl.List(pl.String),
    },
    "cin_plans": {"child_id": Text, "episode_id": Text, "plan_id": Text, "start_date": Date, "end_date": Date},
    "section47": {
        "child_id": Text,
        "episode_id": Text,
        "s47_id": Text,
        "strategy_date": Date,  # strategy discussion initiating the enquiry
        "start_date": Date,
        "icpc_target_date": Date,
        "icpc_date": Date,
        "icpc_not_required": Flag,
        "icpc_outcome_cp": Flag,
    },
    "cp_plans": {
        "child_id": Text,
        "episode_id": Text,
        "plan_id": Text,
        "start_date": Date,
        "end_date": Date,
        "initial_category": Text,  # NEG, PHY, SAB, EMO, MUL
        "latest_category": Text,
        "previous_plans": Whole,
    },
    "cp_reviews": {"child_id": Text, "plan_id": Text, "review_date": Date, "due_date": Date},
    "pre_proceedings": {
        "child_id": Text,
        "episode_id": Text,
        "pp_id": Text,
        "start_date": Date,  # PPStartDate
        "letter_sent_date": Date,
        "initial_meeting_date": Date,
        "decision_date": Date,
        "outcome": Text,
        "court_application_date": Date,
        "letter_initial_cp_date": Date,  # LetterInitCPDate: the letter of intent to issue care proceedings
        "fgdm_offered": Flag,  # FGDMMeetingOffer: a family group decision-making meeting was offered
        "fgdm_held": Flag,  # FGDMMeetingFac: one was facilitated
        "review_meetings": Whole,  # ReviewMeetingsCount
    },
    "care_proceedings": {
        "child_id": Text,
        "proceedings_id": Text,
        "issue_date": Date,
        "final_order_date": Date,
        "order": Text,
    },
    # Children looked after (SSDA903).
    "cla_episodes": {
        "child_id": Text,
        "start_date": Date,  # DECOM
        "reason_new": Text,  # RNE
        "legal_status": Text,  # LS
        "need_code": Text,  # CIN (N1–N8)
        "placement": Text,  # PLACE
        "provider": Text,  # PLACE_PROVIDER
        "end_date": Date,  # DEC
        "reason_ceased": Text,  # REC
        "reason_place_change": Text,
        "home_postcode": Text,
        "placement_postcode": Text,
        "urn": Text,
    },
    "cla_reviews": {"child_id": Text, "review_date": Date, "participation": Text, "due_date": Date},
    "missing": {
        "child_id": Text,
        "kind": Text,  # M missing, A away without authorisation
        "start_date": Date,
        "end_date": Date,
        "return_interview_offered": Flag,
        "return_interview_accepted": Flag,
    },
    "health": {  # 903 OC2, for the year ending `year_ending`
        "child_id": Text,
        "year_ending": Date,
        "sdq_score": Whole,
        "sdq_reason": Text,
        "convicted": Flag,
        "health_check": Flag,
        "immunisations": Flag,
        "teeth_check": Flag,
        "health_assessment": Flag,
        "substance_misuse": Flag,
        "intervention_received": Flag,
        "intervention_offered": Flag,
    },
    "care_leavers": {  # 903 OC3, around the young person's birthday in the year ending `year_ending`
        "child_id": Text,
        "year_ending": Date,
        "in_touch": Text,
        "activity": Text,
        "accommodation": Text,
    },
    "adoptions": {  # 903 AD1
        "child_id": Text,
        "decision_date": Date,  # DATE_INT
        "match_date": Date,
        "foster_care": Flag,
        "adopters_number": Text,
        "adopters_sex": Text,
        "adopters_legal_status": Text,
    },
    "placed_for_adoption": {"child_id": Text, "decision_date": Date, "ceased_date": Date, "ceased_reason": Text},
    "previous_permanence": {"child_id": Text, "previous_permanence": Text, "la": Text, "date_text": Text},
    "deprivation_of_liberty": {"child_id": Text, "start_date": Date, "end_date": Date},
    # Practice and allocation (the generic layout, and 903 SWEpisodes).
    "allocations": {
        "child_id": Text,
        "worker_id": Text,  # the worker's e-mail address or staff id in the case management system
        "team": Text,
        "start_date": Date,
        "end_date": Date,
        "reason": Text,
    },
    "visits": {"child_id": Text, "visit_date": Date, "seen": Flag, "seen_alone": Flag, "kind": Text},
    # Practice records from the case management system (the generic layout; some from Annex A).
    "supervisions": {  # management oversight recorded on the child's file, and case supervision
        "child_id": Text,
        "supervision_date": Date,
        "supervisor_id": Text,  # the manager's e-mail address or staff id
        "kind": Text,  # OVERSIGHT (a management decision or oversight entry) or SUPERVISION
    },
    "cin_reviews": {"child_id": Text, "plan_id": Text, "review_date": Date},  # reviews of child in need plans
    "core_groups": {"child_id": Text, "plan_id": Text, "meeting_date": Date},  # of child protection plans
    "health_assessments": {"child_id": Text, "assessment_date": Date, "kind": Text},  # IHA initial, RHA review
    "peps": {"child_id": Text, "pep_date": Date},  # personal education plans written or reviewed
    "pathway_plans": {  # one row per pathway plan written or reviewed
        "child_id": Text,
        "plan_date": Date,
        "end_date": Date,  # on the last plan: the day leaving-care support ended
    },
    "iro_allocations": {  # the independent reviewing officer of a child in care or on a protection plan
        "child_id": Text,
        "iro_id": Text,  # the IRO's e-mail address or staff id
        "start_date": Date,
        "end_date": Date,
    },
}


def empty(table: str) -> pl.DataFrame:
    """An empty table with the canonical columns and types."""
    return pl.DataFrame(schema=dict(SCHEMA[table]))


def conform(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Select and cast a frame to the canonical columns of `table`, adding missing ones as nulls."""
    columns = SCHEMA[table]
    return frame.select(
        [
            (pl.col(name) if name in frame.columns else pl.lit(None)).cast(dtype).alias(name)
            for name, dtype in columns.items()
        ]
    )


# The natural key of each table: two imports holding a record with the same key hold the same record.
KEYS: Mapping[str, tuple[str, ...]] = {
    "children": ("child_id",),
    "disabilities": ("child_id", "disability"),
    "contacts": ("child_id", "contact_id"),
    "cin_episodes": ("child_id", "episode_id"),
    "assessments": ("child_id", "assessment_id"),
    "cin_plans": ("child_id", "plan_id"),
    "section47": ("child_id", "s47_id"),
    "cp_plans": ("child_id", "plan_id"),
    "cp_reviews": ("child_id", "plan_id", "review_date"),
    "pre_proceedings": ("child_id", "pp_id"),
    "care_proceedings": ("child_id", "proceedings_id"),
    "cla_episodes": ("child_id", "start_date"),
    "cla_reviews": ("child_id", "review_date"),
    "missing": ("child_id", "kind", "start_date"),
    "health": ("child_id", "year_ending"),
    "care_leavers": ("child_id", "year_ending"),
    "adoptions": ("child_id", "decision_date"),
    "placed_for_adoption": ("child_id", "decision_date"),
    "previous_permanence": ("child_id",),
    "deprivation_of_liberty": ("child_id", "start_date"),
    "allocations": ("child_id", "worker_id", "start_date"),
    "visits": ("child_id", "visit_date", "kind"),
    "supervisions": ("child_id", "supervision_date", "kind"),
    "cin_reviews": ("child_id", "plan_id", "review_date"),
    "core_groups": ("child_id", "plan_id", "meeting_date"),
    "health_assessments": ("child_id", "assessment_date"),
    "peps": ("child_id", "pep_date"),
    "pathway_plans": ("child_id", "plan_date"),
    "iro_allocations": ("child_id", "iro_id", "start_date"),
}


def to_records(table: str, frame: pl.DataFrame) -> list[dict[str, object]]:
    """Rows as JSON-ready dicts: dates as ISO text, lists as lists, nulls as None."""
    dates = [c for c, t in SCHEMA[table].items() if t == Date]
    return frame.select(list(SCHEMA[table])).with_columns(pl.col(dates).dt.to_string("%Y-%m-%d")).to_dicts()


def from_records(table: str, records: list[dict[str, object]]) -> pl.DataFrame:
    """The inverse of `to_records`: a canonical frame from JSON-ready dicts."""
    columns = SCHEMA[table]
    raw_schema = {c: (pl.String if t == Date else t) for c, t in columns.items()}
    frame = pl.DataFrame(records, schema=raw_schema, orient="row") if records else pl.DataFrame(schema=raw_schema)
    dates = [c for c, t in columns.items() if t == Date]
    return frame.with_columns(pl.col(dates).str.to_date("%Y-%m-%d"))
