"""Children looked after measures (DfE "Children looked after in England", SSDA903)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from assure.core.workdays import add_working_days_expr
from assure.indicators.engine.data import (
    CaseData,
    age_on,
    child_in,
    first_of_each_child,
    last_of_each_child,
    overlaps,
    within,
)
from assure.indicators.engine.registry import PeriodKind, Polarity, Unit, indicator, units_frame

CLA_SOURCE = "DfE, Children looked after in England including adoptions (Explore education statistics)"
STABILITY = "DfE, Children looked after: placement stability (la_cla_placement_stability); LG Inform metric 850"
CLA_BREAKDOWNS = ("age_band", "sex", "ethnicity", "disability", "legal_status")


def _looked_after_on(data: CaseData, day: dt.date) -> pl.DataFrame:
    return units_frame(data.cla_on(day), event_date=day, num=pl.lit(1))


@indicator(
    "cla_rate_per_10k",
    title="Children looked after per 10,000",
    numerator="Children looked after on the date (not only on short breaks)",
    denominator="Children aged 0 to 17 in the authority ÷ 10,000",
    plain="How many children in every 10,000 living in the area were in the authority's care.",
    unit=Unit.RATE_PER_10K,
    polarity=Polarity.NEUTRAL,
    period=PeriodKind.AS_AT,
    source=CLA_SOURCE,
    national=True,
    tables=("cla_episodes",),
)
def cla_rate_per_10k(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Children looked after at 31 March per 10,000 children aged 0 to 17, excluding children looked
    after only under an agreed series of short-term placements (legal status V3 or V4)."""
    return _looked_after_on(data, end)


@indicator(
    "cla_count_31mar",
    title="Children looked after",
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    period=PeriodKind.AS_AT,
    numerator="Children looked after on the date (not only on short breaks)",
    denominator="None: a number of children",
    source=CLA_SOURCE,
    plain="How many children were in the authority's care on the date.",
    national=True,
    breakdowns=CLA_BREAKDOWNS,
    tables=("cla_episodes",),
)
def cla_count_31mar(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Children looked after at 31 March (episode open at the end of the day), excluding children
    looked after only under short breaks (V3, V4)."""
    return _looked_after_on(data, end)


@indicator(
    "cla_started",
    title="Children who started to be looked after",
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    period=PeriodKind.YEAR,
    numerator="Children starting a period of care in the period (the first start counts)",
    denominator="None: a number of children",
    source=CLA_SOURCE,
    plain="How many children came into care in the period, counting each child once.",
    national=True,
    breakdowns=CLA_BREAKDOWNS,
    tables=("cla_episodes",),
)
def cla_started(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Children who started to be looked after during the year: only the first period of care
    starting in the year counts for each child; short breaks (V3, V4) are excluded."""
    starts = data.cla.filter(pl.col("new_period") & within("start_date", start, end))
    return units_frame(first_of_each_child(starts), event_date=pl.col("start_date"), num=pl.lit(1))


@indicator(
    "cla_ceased",
    title="Children who ceased to be looked after",
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    period=PeriodKind.YEAR,
    numerator="Children whose period of care ended in the period (the last ending counts)",
    denominator="None: a number of children",
    source=CLA_SOURCE,
    plain="How many children left care in the period, counting each child once.",
    national=True,
    breakdowns=CLA_BREAKDOWNS,
    tables=("cla_episodes",),
)
def cla_ceased(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Children who ceased to be looked after during the year: only the last period of care ending
    in the year counts for each child; short breaks (V3, V4) are excluded."""
    ended = data.cla.filter((pl.col("poc_end") == pl.col("end_date")) & within("poc_end", start, end))
    return units_frame(last_of_each_child(ended), event_date=pl.col("end_date"), num=pl.lit(1))


@indicator(
    "cla_3plus_placements",
    title="Children looked after with 3 or more placements in the year",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER,
    period=PeriodKind.YEAR,
    numerator="Children looked after at the period's end who had 3 or more placements during it",
    denominator="Children looked after at the period's end",
    source=STABILITY,
    plain="Of the children in care, the share who had to move home at least twice in the year.",
    national=True,
    breakdowns=CLA_BREAKDOWNS,
    tables=("cla_episodes",),
)
def cla_3plus_placements(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Children looked after at 31 March with three or more placements during the year. A placement
    is one held on 1 April or one starting in the year with reason for new episode S, P, B, T or U;
    placement for adoption with the current foster carers (A3, A5) and temporary placements (T0 to
    T4) are not changes. Short breaks are excluded."""
    cla = data.cla
    held_at_start = cla.filter(
        (pl.col("start_date") < start) & (pl.col("end_date").is_null() | (pl.col("end_date") >= start))
    ).select("child_id", pl.lit(1).alias("n"))
    started = cla.filter(pl.col("placement_change") & within("start_date", start, end)).select(
        "child_id", pl.lit(1).alias("n")
    )
    counts = pl.concat([held_at_start, started]).group_by("child_id").agg(placements=pl.col("n").sum())
    on_date = data.cla_on(end).join(counts, on="child_id", how="left")
    return units_frame(on_date, event_date=end, num=pl.col("placements").fill_null(0) >= 3)


@indicator(
    "cla_long_term_stability",
    title="Long-term placement stability",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period=PeriodKind.AS_AT,
    numerator="Of those, children in the same placement for 2 years or more (or placed for adoption with their carers)",
    denominator="Children under 16 looked after on the date, continuously for 2½ years or more",
    source=STABILITY,
    plain="Of the children in care for a long time, the share who have lived with the same carers for 2 years.",
    national=True,
    breakdowns=CLA_BREAKDOWNS,
    tables=("cla_episodes", "children"),
)
def cla_long_term_stability(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Children looked after at 31 March aged under 16 who had been looked after continuously for at
    least 2.5 years (period of care started on or before 30 September two and a half years earlier),
    and of those, the ones in the same placement for at least 2 years (placement started on or before
    31 March two years earlier), a placement for adoption with the current foster carers continuing
    the foster placement. Periods of care that are short breaks are excluded."""
    cutoff_care = pl.lit(end).dt.offset_by("-30mo")
    cutoff_placement = pl.lit(end).dt.offset_by("-2y")
    on_date = data.cla_on(end).join(data.dob_for("cla_episodes"), on="child_id", how="left")
    cohort = on_date.filter((age_on(pl.col("dob"), pl.lit(end)) < 16) & (pl.col("poc_start") <= cutoff_care))
    return units_frame(cohort, event_date=end, num=pl.col("placement_start") <= cutoff_placement)


@indicator(
    "cla_missing",
    title="Children looked after who went missing",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER,
    period=PeriodKind.YEAR,
    numerator="Children looked after who had at least one missing incident in the period",
    denominator="Children looked after at any time in the period",
    source=f"{CLA_SOURCE}, children who were missing or away from placement without authorisation",
    plain="Of the children in care during the period, the share who went missing at least once.",
    national=True,
    breakdowns=CLA_BREAKDOWNS,
    tables=("cla_episodes", "missing"),
)
def cla_missing(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Children looked after at any time during the year with at least one missing incident (MISSING
    = M; away without authorisation, A, is not counted) starting in the year, over all children
    looked after during the year (short breaks excluded)."""
    during = last_of_each_child(data.cla.filter(overlaps(start, end)))
    went = data["missing"].filter((pl.col("kind") == "M") & within("start_date", start, end))
    day = pl.min_horizontal(pl.coalesce("end_date", pl.lit(end)), pl.lit(end))
    return units_frame(during, event_date=day, num=child_in(went))


@indicator(
    "cla_reviews_on_time",
    title="Looked after children's reviews on time",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period=PeriodKind.YEAR,
    numerator="Children whose reviews in the period were all on time and none is overdue",
    denominator="Children looked after at the period's end, for 20 working days or more",
    source="Care Planning, Placement and Case Review (England) Regulations 2010, Part 6 (former NI 66)",
    plain="Of the children in care, the share whose reviews were all held on time.",
    national=True,
    breakdowns=CLA_BREAKDOWNS,
    tables=("cla_episodes", "cla_reviews"),
)
def cla_reviews_on_time(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Children looked after at 31 March, continuously for at least 20 working days, whose reviews
    during the year were all within timescale (the first within 20 working days of becoming looked
    after, the second within 3 months of the first, later ones within 6 months of the one before)
    and whose next review was not overdue at 31 March."""
    cohort = data.cla_on(end).filter(add_working_days_expr(pl.col("poc_start"), 20) <= end)
    reviews = (
        data["cla_reviews"]
        .join(cohort.select("child_id", "poc_start"), on="child_id")
        .filter((pl.col("review_date") >= pl.col("poc_start")) & (pl.col("review_date") <= end))
        .sort("child_id", "review_date")
        .with_columns(
            previous=pl.col("review_date").shift(1).over("child_id"), n=pl.int_range(pl.len()).over("child_id")
        )
    )
    due = _review_due(pl.col("n"), pl.col("previous"), pl.col("poc_start"))
    late = reviews.with_columns(late=(pl.col("review_date") > due) & (pl.col("review_date") >= start))
    summary = late.group_by("child_id").agg(late=pl.col("late").sum(), held=pl.len(), last=pl.col("review_date").max())
    checked = cohort.join(summary, on="child_id", how="left").with_columns(pl.col("held").fill_null(0))
    next_due = _review_due(pl.col("held"), pl.col("last"), pl.col("poc_start"))
    on_time = (pl.col("late").fill_null(0) == 0) & (next_due >= end)
    return units_frame(checked, event_date=end, num=on_time)


def _review_due(n: pl.Expr, previous: pl.Expr, care_start: pl.Expr) -> pl.Expr:
    """When review number `n` (0 the first) falls due."""
    return (
        pl.when(n == 0)
        .then(add_working_days_expr(care_start, 20))
        .when(n == 1)
        .then(previous.dt.offset_by("3mo"))
        .otherwise(previous.dt.offset_by("6mo"))
    )
