"""Children in need census measures (DfE "Characteristics of children in need", tables B1 to D7)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from assure.core.workdays import working_days_expr
from assure.indicators.engine.data import CaseData, open_on, within
from assure.indicators.engine.registry import PeriodKind, Polarity, Unit, indicator, units_frame

CIN_SOURCE = "DfE, Characteristics of children in need (Explore education statistics)"
B1, C1, C2, C4, D3, D5, D7 = (f"{CIN_SOURCE}, table {t}" for t in ("B1", "C1", "C2", "C4", "D3", "D5", "D7"))


def _per_child(frame: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    return units_frame(frame.unique("child_id", keep="first"), event_date=day, num=pl.lit(1))


@indicator(
    "cin_rate_per_10k",
    title="Children in need per 10,000",
    unit=Unit.RATE_PER_10K,
    polarity=Polarity.NEUTRAL,
    period=PeriodKind.AS_AT,
    numerator="Children with an open episode of need on the date",
    denominator="Children aged 0 to 17 in the authority (ONS mid-year estimate) ÷ 10,000",
    source=B1,
    plain="How many children in every 10,000 living in the area were children in need on the date.",
    national=True,
    tables=("cin_episodes",),
)
def cin_rate_per_10k(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Children in need at 31 March: children with a CIN episode open on 31 March (referral on or
    before, no closure or closure after), per 10,000 children aged 0 to 17 (B1 At31_episodes)."""
    return _per_child(data["cin_episodes"].filter(open_on(end, "referral_date", "closure_date")), end)


@indicator(
    "cp_rate_per_10k",
    title="Children on a child protection plan per 10,000",
    unit=Unit.RATE_PER_10K,
    polarity=Polarity.NEUTRAL,
    period=PeriodKind.AS_AT,
    numerator="Children on a child protection plan on the date",
    denominator="Children aged 0 to 17 in the authority ÷ 10,000",
    source=D5,
    plain="How many children in every 10,000 living in the area were on a child protection plan.",
    national=True,
    tables=("cp_plans",),
)
def cp_rate_per_10k(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Children who were the subject of a child protection plan at 31 March (plan started on or
    before, not ended by then), per 10,000 children aged 0 to 17."""
    return _per_child(data["cp_plans"].filter(open_on(end)), end)


@indicator(
    "referrals_rereferral_12m",
    title="Re-referrals within 12 months",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER,
    period=PeriodKind.YEAR,
    numerator="Referrals of a child who had another referral in the 12 months before",
    denominator="Referrals in the period",
    source=C1,
    plain="Of the referrals received, the share about a child who had been referred in the previous year.",
    national=True,
    tables=("cin_episodes",),
    split_by_date=True,
)
def referrals_rereferral_12m(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Referrals in the year where the same child had a previous referral within the 12 months
    before it, over all referrals in the year (C1). A previous referral on the same date one year
    earlier counts as within 12 months; a referral on 29 February looks back to 28 February."""
    counted = data.referrals.filter(within("referral_date", start, end))
    repeat = pl.col("previous").is_not_null() & (pl.col("previous") >= pl.col("referral_date").dt.offset_by("-1y"))
    return units_frame(counted, event_date=pl.col("referral_date"), num=repeat.fill_null(False))


@indicator(
    "assessments_within_45wd",
    title="Assessments completed within 45 working days",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period=PeriodKind.YEAR,
    numerator="Assessments authorised within 45 working days of starting",
    denominator="Assessments authorised in the period",
    source=C2,
    plain="Of the assessments finished, the share finished within the 45 working days the law allows.",
    national=True,
    tables=("assessments",),
    split_by_date=True,
)
def assessments_within_45wd(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Assessments authorised in the year with 45 or fewer working days (weekends and England bank
    holidays excluded) from AssessmentActualStartDate to AssessmentAuthorisationDate (C2)."""
    done = data["assessments"].filter(within("authorisation_date", start, end))
    days = working_days_expr(pl.col("start_date"), pl.col("authorisation_date"))
    return units_frame(done, event_date=pl.col("authorisation_date"), num=days <= 45)


@indicator(
    "icpc_within_15wd",
    title="Initial child protection conferences within 15 working days",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period=PeriodKind.YEAR,
    numerator="Conferences held within 15 working days of the section 47 enquiry starting",
    denominator="Initial conferences held in the period",
    source=C4,
    plain="Of the initial child protection conferences held, the share held within 15 working days.",
    national=True,
    tables=("section47",),
    split_by_date=True,
)
def icpc_within_15wd(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """ICPCs in the year held 15 or fewer working days after S47ActualStartDate (C4). Each section
    47 enquiry counts. A conference dated before its enquiry is kept in the total but not counted
    as on time."""
    held = data["section47"].filter(within("icpc_date", start, end))
    days = working_days_expr(pl.col("start_date"), pl.col("icpc_date"))
    return units_frame(held, event_date=pl.col("icpc_date"), num=days.is_between(0, 15))


@indicator(
    "cp_repeat_plan",
    title="Second or subsequent child protection plans",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER,
    period=PeriodKind.YEAR,
    numerator="Plans started for a child who had been on a plan before",
    denominator="Child protection plans started in the period",
    source=D3,
    plain="Of the children who started a child protection plan, the share who had been on one before.",
    national=True,
    tables=("cp_plans",),
    split_by_date=True,
)
def cp_repeat_plan(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Children becoming the subject of a CPP in the year who had ever been the subject of a previous
    plan, regardless of how long ago (NumberOfPreviousCPP above 0, or an earlier plan in the
    authority's history), over all CPPs starting in the year (D3, formerly NI 65)."""
    started = data.cp_plans_ordered.filter(within("start_date", start, end))
    repeat = pl.col("earlier") | (pl.col("previous_plans").fill_null(0) > 0)
    return units_frame(started, event_date=pl.col("start_date"), num=repeat)


@indicator(
    "cp_open_2yrs_plus",
    title="Child protection plans open for 2 years or more",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER,
    period=PeriodKind.AS_AT,
    numerator="Plans open on the date that started 2 years or more before",
    denominator="Child protection plans open on the date",
    source=D5,
    plain="Of the children on a child protection plan, the share who had been on it for 2 years or more.",
    national=True,
    tables=("cp_plans",),
)
def cp_open_2yrs_plus(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """CPPs open at 31 March that started on or before 31 March two years earlier, over all CPPs
    open at 31 March (D5)."""
    open_plans = data["cp_plans"].filter(open_on(end))
    cutoff = pl.lit(end).dt.offset_by("-2y")
    return units_frame(open_plans, event_date=end, num=pl.col("start_date") <= cutoff)


@indicator(
    "cp_ceased_2yrs_plus",
    title="Child protection plans ending after 2 years or more",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER,
    period=PeriodKind.YEAR,
    numerator="Plans ended in the period that had lasted 2 years or more",
    denominator="Child protection plans ended in the period",
    source=D7,
    plain="Of the child protection plans that ended, the share that had lasted 2 years or more.",
    national=True,
    tables=("cp_plans",),
    split_by_date=True,
)
def cp_ceased_2yrs_plus(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """CPPs ending in the year that had lasted two years or more (end on or after the second
    anniversary of the start), over all CPPs ending in the year (D7, formerly NI 64)."""
    ended = data["cp_plans"].filter(within("end_date", start, end))
    lasted = pl.col("end_date") >= pl.col("start_date").dt.offset_by("2y")
    return units_frame(ended, event_date=pl.col("end_date"), num=lasted)


@indicator(
    "cp_reviews_on_time",
    title="Child protection plans reviewed on time",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period=PeriodKind.AS_AT,
    numerator="Plans whose every review was on time and none is overdue",
    denominator="Child protection plans open on the date for 3 months or more",
    source="DfE CIN COLLECT report 'CPPs reviewed within timescales'; Working Together to Safeguard Children",
    plain="Of the children on a plan long enough to need a review, the share whose reviews were all on time.",
    national=True,
    tables=("cp_plans", "cp_reviews"),
)
def cp_reviews_on_time(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """CPPs open at the date for at least 3 months whose first review conference was held within 3
    months of the plan starting (the initial conference) and each later one within 6 months of the
    one before, with the next review not yet overdue on the date."""
    plans = data["cp_plans"].filter(open_on(end) & (pl.col("start_date").dt.offset_by("3mo") <= end))
    reviews = (
        data["cp_reviews"]
        .filter(pl.col("review_date") <= end)
        .join(plans.select("plan_id", "start_date"), on="plan_id")
        .filter(pl.col("review_date") >= pl.col("start_date"))
    )
    late = _late_reviews(reviews, group="plan_id", first="3mo")
    last = reviews.group_by("plan_id").agg(pl.col("review_date").max().alias("last"), pl.len().alias("held"))
    checked = plans.join(late, on="plan_id", how="left").join(last, on="plan_id", how="left")
    since = pl.coalesce("last", "start_date")
    due = pl.when(pl.col("held").fill_null(0) == 0).then(since.dt.offset_by("3mo")).otherwise(since.dt.offset_by("6mo"))
    on_time = (pl.col("late").fill_null(0) == 0) & (due >= end)
    return units_frame(checked, event_date=end, num=on_time)


def _late_reviews(reviews: pl.DataFrame, *, group: str, first: str) -> pl.DataFrame:
    """Per `group`, how many reviews came later than due: first within `first` of `start_date`,
    then 6 months apart (used for plans whose first review is counted in months)."""
    ordered = reviews.sort(group, "review_date").with_columns(
        previous=pl.col("review_date").shift(1).over(group), n=pl.int_range(pl.len()).over(group)
    )
    due = (
        pl.when(pl.col("n") == 0)
        .then(pl.col("start_date").dt.offset_by(first))
        .otherwise(pl.col("previous").dt.offset_by("6mo"))
    )
    return ordered.group_by(group).agg(late=(pl.col("review_date") > due).sum())
