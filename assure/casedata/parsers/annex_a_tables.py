"""The Annex A lists (as read by `annex_a`) → the canonical tables. Framework-free.

Records get the stable ids the CIN census parser gives them, so the same event read from Annex A and
from a census is one record: an episode of need is `<child>/<referral date>`, an assessment
`<episode>/A/<start>`, an enquiry `<episode>/S47/<strategy discussion>`, a child protection plan
`<child>/CP/<start>` (dates ISO, `/2`, `/3` … on a repeat). Annex A does not say which episode an
assessment, enquiry or plan belongs to: it is the child's latest episode (List 3 or 6) that began on or
before it (closed or not, as a census would hold it); without one the child's id stands in for the episode's.

What goes where:

* List 1 → contacts (`<child>/C/<date>`); List 3 and List 6 → cin_episodes (one row per child and
  referral date: the source and NFA from List 3, need and closure from List 6); List 4 → assessments;
  List 5 → section47 (the strategy discussion date is both `strategy_date` and `start_date`);
  List 7 → cp_plans, cp_reviews (latest review conference) and visits (kind CP);
* List 8 → the child's current cla_episodes row (it starts at the latest of the period, legal status and
  placement start dates), cla_reviews (latest review), visits (kind CLA), health_assessments (the date
  of the last health assessment, of no stated kind) and children.uasc;
* List 9 → care_leavers, dated with the 31 March on or before `as_at`; accommodation is the type's
  letter and 1 (suitable) or 2 (not suitable), as in the 903;
* List 10 → placed_for_adoption (ADM decision, and a reversed decision) and adoptions (when matched);
* Allocated Team and Allocated Worker (Lists 3 to 9) → allocations, with no start date; the worker is
  as written (a name in most files);
* every list but 2 and 11 → children (the first value given for each detail).

Not stored, for want of a canonical column: Age, disability (Annex A says only yes or no), counts over
the last 12 months, case status, permanence plan, IRO visit and dental dates, placement location and LA,
List 10's family, care, placement-order, placed and adoption-order dates, and Lists 2 and 11.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from assure.casedata.parsers.annex_a_spec import LISTS
from assure.casedata.schema import conform

_PERSON = ("child_id", "sex", "ethnicity", "dob")


def build(lists: dict[int, pl.DataFrame], *, as_at: dt.date | None) -> dict[str, pl.DataFrame]:
    got = {n: lists.get(n, pl.DataFrame(schema={"child_id": pl.String, "_row": pl.Int32})) for n in LISTS}
    got = {n: _with_all_columns(n, frame) for n, frame in got.items()}
    day = as_at or _latest(got)
    episodes = _episodes(got[3], got[6])
    plans = _in_episode(got[7].filter(pl.col("start_date").is_not_null()), "start_date", episodes)
    plans = plans.with_columns(
        plan_id=_unique(pl.concat_str("child_id", pl.lit("CP"), _iso("start_date"), separator="/"))
    )
    cla = got[8].filter(pl.col("period_start").is_not_null())
    tables = {
        "children": _children(got),
        "contacts": _contacts(got[1]),
        "cin_episodes": episodes,
        "assessments": _assessments(got[4], episodes),
        "section47": _section47(got[5], episodes),
        "cp_plans": plans,
        "cp_reviews": plans.filter(pl.col("review_date").is_not_null()),
        "cla_episodes": cla.with_columns(
            start_date=pl.max_horizontal("period_start", "legal_status_start", "placement_start")
        ),
        "cla_reviews": got[8].filter(pl.col("review_date").is_not_null()),
        "visits": pl.concat(
            [
                got[7].select("child_id", "visit_date", "seen_alone", kind=pl.lit("CP")),
                got[8].select(
                    "child_id", "visit_date", pl.lit(None, pl.Boolean).alias("seen_alone"), kind=pl.lit("CLA")
                ),
            ]
        )
        .filter(pl.col("visit_date").is_not_null())
        .unique(maintain_order=True),
        "health_assessments": got[8]
        .filter(pl.col("health_date").is_not_null())
        .select("child_id", assessment_date="health_date")
        .unique(maintain_order=True),
        "care_leavers": _care_leavers(got[9], day),
        "placed_for_adoption": got[10].filter(pl.col("decision_date").is_not_null()),
        "adoptions": got[10].filter(pl.col("decision_date").is_not_null() & pl.col("match_date").is_not_null()),
        "allocations": _allocations(got),
    }
    return {name: conform(name, frame) for name, frame in tables.items()}


def _with_all_columns(number: int, frame: pl.DataFrame) -> pl.DataFrame:
    """The list with every column the tables need, null where the sheet lacks it (or was not given)."""
    kinds = {"date": pl.Date, "flag": pl.Boolean, "number": pl.Int32}
    wanted = {c.name: kinds.get(c.kind, pl.String) for c in LISTS[number] if c.kind != "ignore"}
    return frame.with_columns(
        pl.lit(None, dtype).alias(name) for name, dtype in wanted.items() if name not in frame.columns
    )


def _iso(column: str) -> pl.Expr:
    return pl.col(column).dt.to_string("%Y-%m-%d").fill_null("")


def _unique(base: pl.Expr) -> pl.Expr:
    """`base`, with /2, /3 … added to its second and later occurrences."""
    seen = pl.int_range(pl.len()).over(base)
    return pl.when(seen == 0).then(base).otherwise(pl.format("{}/{}", base, seen + 1))


def _latest(lists: dict[int, pl.DataFrame]) -> dt.date | None:
    """The latest date in Lists 1 to 8 other than a date of birth: the day the lists were drawn up, or near it."""
    days = [
        frame.select(
            pl.max_horizontal(pl.col(c).max() for c, t in frame.schema.items() if t == pl.Date and c != "dob")
        ).item()
        for n, frame in lists.items()
        if n <= 8 and any(t == pl.Date and c != "dob" for c, t in frame.schema.items())
    ]
    found = [day for day in days if day is not None]
    return max(found) if found else None


def _children(lists: dict[int, pl.DataFrame]) -> pl.DataFrame:
    frames = [
        lists[n].select(*_PERSON, "uasc" if n == 8 else pl.lit(None, pl.Boolean).alias("uasc"))
        for n in LISTS
        if n not in (2, 11)
    ]
    both = pl.concat(frames)
    return both.group_by("child_id", maintain_order=True).agg(pl.all().drop_nulls().first())


def _contacts(frame: pl.DataFrame) -> pl.DataFrame:
    frame = frame.filter(pl.col("contact_date").is_not_null()).unique(
        ["child_id", "contact_date", "source"], maintain_order=True
    )
    return frame.with_columns(
        contact_id=_unique(pl.concat_str("child_id", pl.lit("C"), _iso("contact_date"), separator="/"))
    )


def _episodes(referrals: pl.DataFrame, need: pl.DataFrame) -> pl.DataFrame:
    """One row per child and referral date from Lists 3 and 6, each detail from whichever gives it."""
    columns = ("referral_source", "referral_nfa", "primary_need", "closure_date", "closure_reason")
    both = pl.concat(
        [
            frame.select("child_id", "referral_date", *(c for c in columns if c in frame.columns))
            for frame in (referrals, need)
        ],
        how="diagonal",
    ).filter(pl.col("referral_date").is_not_null())
    merged = both.group_by("child_id", "referral_date", maintain_order=True).agg(pl.all().drop_nulls().first())
    return merged.with_columns(episode_id=pl.concat_str("child_id", _iso("referral_date"), separator="/"))


def _in_episode(frame: pl.DataFrame, on: str, episodes: pl.DataFrame) -> pl.DataFrame:
    """`frame` with the episode_id of the child's latest episode that began on or before `on`."""
    spans = episodes.select("child_id", "episode_id", pl.col("referral_date").alias("_on")).sort("_on")
    joined = frame.with_columns(pl.col(on).alias("_on")).sort("_on")
    joined = joined.join_asof(spans, on="_on", by="child_id", check_sortedness=False)
    return joined.drop("_on").sort("_row")


def _id(kind: str, start: str) -> pl.Expr:
    parent = pl.coalesce("episode_id", "child_id")
    return _unique(pl.concat_str(parent, pl.lit(kind), _iso(start), separator="/"))


def _assessments(frame: pl.DataFrame, episodes: pl.DataFrame) -> pl.DataFrame:
    frame = _in_episode(frame.filter(pl.col("start_date").is_not_null()), "start_date", episodes)
    return frame.with_columns(assessment_id=_id("A", "start_date"))


def _section47(frame: pl.DataFrame, episodes: pl.DataFrame) -> pl.DataFrame:
    frame = _in_episode(frame.filter(pl.col("strategy_date").is_not_null()), "strategy_date", episodes)
    return frame.with_columns(start_date=pl.col("strategy_date"), s47_id=_id("S47", "strategy_date"))


def _care_leavers(frame: pl.DataFrame, day: dt.date | None) -> pl.DataFrame:
    year_end = None if day is None else dt.date(day.year if day >= dt.date(day.year, 3, 31) else day.year - 1, 3, 31)
    kind = pl.col("accommodation")
    letter = kind.str.contains(r"^[A-Z]$") & pl.col("suitability").is_not_null()
    return frame.with_columns(
        year_ending=pl.lit(year_end, pl.Date),
        accommodation=pl.when(letter).then(pl.concat_str(kind, pl.col("suitability"))).otherwise(kind),
    )


def _allocations(lists: dict[int, pl.DataFrame]) -> pl.DataFrame:
    frames = [lists[n].select("child_id", "team", pl.col("worker").alias("worker_id")) for n in range(3, 10)]
    both = pl.concat(frames).filter(pl.col("team").is_not_null() | pl.col("worker_id").is_not_null())
    return both.unique(maintain_order=True)
