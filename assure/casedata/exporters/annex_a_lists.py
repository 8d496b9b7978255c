"""Which canonical records each Annex A list carries on an inspection day, one frame per list. Framework-free.

Every table is taken as it stood on the day (`period.as_at`). The look-back windows are Ofsted's
(`domain-data.md` §3.1): six months for Lists 1 to 8 (records that began in the window, or for Lists 6
to 8 were open at some time in it), the care leavers of the latest OC3 year (the 31 March on or before
the day) for List 9, and twelve months for List 10. Columns are named as in `parsers.annex_a_spec`;
the counts over the last 12 months, ages and "current" dates are worked out here.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from assure.casedata.exporters.period import as_at, open_during
from assure.casedata.schema import SCHEMA, conform, empty


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the last day of the month when that month is shorter)."""
    month = day.month - months - 1
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def annex_lists(tables: dict[str, pl.DataFrame], day: dt.date) -> dict[int, pl.DataFrame]:
    snap = {name: as_at(name, conform(name, tables[name]) if name in tables else empty(name), day) for name in SCHEMA}
    since, year_ago = months_before(day, 6), months_before(day, 12)
    person = _person(snap, day)
    staff = _allocated(snap["allocations"])

    def within(frame: pl.DataFrame, column: str, first: dt.date = since) -> pl.DataFrame:
        return frame.filter(pl.col(column).is_between(first, day))

    def counted(frame: pl.DataFrame, column: str, name: str) -> pl.DataFrame:
        return within(frame, column, year_ago).group_by("child_id").agg(pl.len().cast(pl.Int32).alias(name))

    def finish(frame: pl.DataFrame, *extra: pl.DataFrame, allocated: bool = True) -> pl.DataFrame:
        frame = frame.join(person, on="child_id", how="left")
        for more in extra:
            frame = frame.join(more, on="child_id", how="left")
        return frame.join(staff, on="child_id", how="left") if allocated else frame

    episodes = snap["cin_episodes"]
    s47 = snap["section47"]
    cp = open_during(snap["cp_plans"], "start_date", "end_date", since, day)
    latest_review = snap["cp_reviews"].group_by("plan_id").agg(pl.col("review_date").max())
    return {
        1: finish(within(snap["contacts"], "contact_date"), allocated=False),
        2: pl.DataFrame(schema={"child_id": pl.String}),
        3: finish(within(episodes, "referral_date"), counted(episodes, "referral_date", "referrals_12m")),
        4: finish(within(snap["assessments"], "start_date").with_columns(seen=pl.col("child_seen_date").is_not_null())),
        5: finish(
            within(s47, "strategy_date"),
            counted(s47, "strategy_date", "s47_12m"),
            counted(s47.filter(pl.col("icpc_date").is_not_null()), "icpc_date", "icpc_12m"),
        ),
        6: finish(_need(snap, since, day)),
        7: finish(cp.join(latest_review, on="plan_id", how="left"), _last_visit(snap["visits"], "CP", with_alone=True)),
        8: finish(_in_care(snap, since, year_ago, day), _last_visit(snap["visits"], "CLA"), _last_health(snap)),
        9: finish(_leavers(snap["care_leavers"], day)),
        10: finish(_adoption(snap, year_ago, day), allocated=False),
        11: pl.DataFrame(schema={"child_id": pl.String}),
    }


def _person(snap: dict[str, pl.DataFrame], day: dt.date) -> pl.DataFrame:
    disabled = snap["disabilities"].group_by("child_id").agg((pl.col("disability") != "NONE").any().alias("disabled"))
    born = pl.col("dob")
    birthday = born.dt.month().cast(pl.Int32) * 100 + born.dt.day().cast(pl.Int32)
    age = pl.lit(day.year) - born.dt.year() - (birthday > day.month * 100 + day.day).cast(pl.Int32)
    return (
        snap["children"]
        .select("child_id", "sex", "ethnicity", "dob", "uasc", age.cast(pl.Int32).alias("age"))
        .join(disabled, on="child_id", how="left")
    )


def _allocated(allocations: pl.DataFrame) -> pl.DataFrame:
    """Each child's allocation open on the day (the latest to start)."""
    current = allocations.filter(pl.col("end_date").is_null()).sort("start_date")
    return current.group_by("child_id").agg(pl.col("team").last(), pl.col("worker_id").last().alias("worker"))


def _last_visit(visits: pl.DataFrame, kind: str, *, with_alone: bool = False) -> pl.DataFrame:
    latest = visits.filter(pl.col("kind") == kind).sort("visit_date").group_by("child_id").last()
    return latest.select("child_id", "visit_date", *(["seen_alone"] if with_alone else []))


def _last_health(snap: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Each child's latest health assessment (List 8's Date of Last Health Assessment)."""
    return snap["health_assessments"].group_by("child_id").agg(health_date=pl.col("assessment_date").max())


def _need(snap: dict[str, pl.DataFrame], since: dt.date, day: dt.date) -> pl.DataFrame:
    """Episodes of need open in the window, other than referrals with no further action."""
    episodes = open_during(snap["cin_episodes"], "referral_date", "closure_date", since, day)
    seen = (
        snap["visits"]
        .filter(pl.col("seen").fill_null(True))
        .group_by("child_id")
        .agg(last_seen=pl.col("visit_date").max())
    )
    return episodes.filter(~pl.col("referral_nfa").fill_null(False)).join(seen, on="child_id", how="left")


def _in_care(snap: dict[str, pl.DataFrame], since: dt.date, year_ago: dt.date, day: dt.date) -> pl.DataFrame:
    """Each child's latest episode, for children in care in the window, with the starts of its period,
    legal status and placement (an episode whose reason is L changes only the legal status)."""
    episodes = snap["cla_episodes"].sort("child_id", "start_date")
    previous = pl.col("end_date").shift(1).over("child_id")
    new_period = previous.is_null() | (previous != pl.col("start_date"))
    new_status = new_period | (pl.col("legal_status") != pl.col("legal_status").shift(1).over("child_id"))
    new_place = new_period | (pl.col("reason_new") != "L")
    episodes = episodes.with_columns(
        _period=new_period.cum_sum().over("child_id"),
        _status=new_status.cum_sum().over("child_id"),
        _place=new_place.cum_sum().over("child_id"),
    ).with_columns(
        period_start=pl.col("start_date").min().over("child_id", "_period"),
        legal_status_start=pl.col("start_date").min().over("child_id", "_status"),
        placement_start=pl.col("start_date").min().over("child_id", "_place"),
    )
    recent = open_during(episodes, "start_date", "end_date", year_ago, day)
    counts = recent.group_by("child_id").agg(
        placements_12m=pl.col("_place").n_unique().cast(pl.Int32),
        second_period=pl.col("_period").n_unique() > 1,
    )
    current = open_during(episodes, "start_date", "end_date", since, day).group_by("child_id").last()
    reviews = snap["cla_reviews"].group_by("child_id").agg(pl.col("review_date").max())
    missing = snap["missing"].filter(pl.col("start_date") >= year_ago)
    away = missing.group_by("child_id").agg(
        missing_12m=(pl.col("kind") == "M").sum().cast(pl.Int32),
        absent_12m=(pl.col("kind") == "A").sum().cast(pl.Int32),
    )
    last_missing = (
        snap["missing"].filter(pl.col("kind") == "M").sort("start_date").group_by("child_id").last()
    ).select("child_id", ri_offered="return_interview_offered", ri_accepted="return_interview_accepted")
    return (
        current.join(counts, on="child_id", how="left")
        .join(reviews, on="child_id", how="left")
        .join(away, on="child_id", how="left")
        .join(last_missing, on="child_id", how="left")
        .with_columns(pl.col("missing_12m", "absent_12m").fill_null(0))
    )


def _leavers(leavers: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    year_end = dt.date(day.year if day >= dt.date(day.year, 3, 31) else day.year - 1, 3, 31)
    rows = leavers.filter(pl.col("year_ending") == year_end)
    coded = pl.col("accommodation").str.contains(r"^[A-Z][12]$")
    return rows.with_columns(
        accommodation=pl.when(coded).then(pl.col("accommodation").str.slice(0, 1)).otherwise(pl.col("accommodation")),
        suitability=pl.when(coded).then(pl.col("accommodation").str.slice(1, 1)),
    )


def _adoption(snap: dict[str, pl.DataFrame], year_ago: dt.date, day: dt.date) -> pl.DataFrame:
    """ADM decisions still standing, or reversed or ended in the last 12 months, with the dates around them."""
    decided = snap["placed_for_adoption"].filter(pl.col("ceased_date").is_null() | (pl.col("ceased_date") >= year_ago))
    matched = snap["adoptions"].select("child_id", "decision_date", "match_date")
    care = snap["cla_episodes"]
    dates = care.group_by("child_id").agg(
        entered_care=pl.col("start_date").min(),
        placement_order=pl.col("start_date").filter(pl.col("legal_status") == "E1").min(),
        placed_date=pl.col("start_date").filter(pl.col("placement").is_in(["A3", "A4", "A5", "A6"])).min(),
        adoption_order=pl.col("end_date").filter(pl.col("reason_ceased").is_in(["E11", "E12"])).max(),
    )
    return decided.join(matched, on=["child_id", "decision_date"], how="left").join(dates, on="child_id", how="left")
