"""Adoption scorecard measures A1, A2 and A10 (three years ending 31 March)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from assure.indicators.engine.data import CaseData, within
from assure.indicators.engine.registry import PeriodKind, Polarity, Unit, indicator, units_frame

SOURCE = "DfE adoption scorecards (thresholds 426 days for A1, 121 days for A2); LG Inform metric 912; ASGLB"
ADOPTION_BREAKDOWNS = ("age_band", "sex", "ethnicity", "disability")


def _adopted(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    return data.adopted.filter(within("poc_end", start, end))


@indicator(
    "adoption_a1_days",
    title="Days from entering care to moving in with the adoptive family (A1)",
    unit=Unit.MEAN_DAYS,
    polarity=Polarity.LOWER,
    period=PeriodKind.THREE_YEARS,
    numerator="Total days from entering care to moving in with the adoptive family",
    denominator="Children adopted in the three years",
    source=SOURCE,
    plain=(
        "On average, how long adopted children waited between coming into care and moving in with the family"
        " who adopted them."
    ),
    national=True,
    breakdowns=ADOPTION_BREAKDOWNS,
    tables=("cla_episodes",),
)
def adoption_a1_days(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Average days between a child entering care (the start of the period of care that ended in
    adoption, REC E11 or E12) and moving in with the adoptive family (the start of the first A3 to
    A6 placement), for children adopted in the three years."""
    adopted = _adopted(data, start, end).filter(pl.col("placed_date").is_not_null())
    days = (pl.col("placed_date") - pl.col("poc_start")).dt.total_days()
    return units_frame(adopted, event_date=pl.col("poc_end"), num=days)


@indicator(
    "adoption_a2_days",
    title="Days from court authority to place to matching with a family (A2)",
    unit=Unit.MEAN_DAYS,
    polarity=Polarity.LOWER,
    period=PeriodKind.THREE_YEARS,
    numerator="Total days from the placement order to the decision on a match",
    denominator="Children adopted in the three years who had a placement order",
    source=SOURCE,
    plain=(
        "On average, how long it took to match adopted children with a family once the court said they could"
        " be placed for adoption."
    ),
    national=True,
    breakdowns=ADOPTION_BREAKDOWNS,
    tables=("cla_episodes", "adoptions"),
)
def adoption_a2_days(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Average days between the local authority receiving court authority to place a child (the
    first legal status E1 or D1 in the period of care) and deciding on a match (AD1 DATE_MATCH), for
    children adopted in the three years; children matched before the authority count 0 days and
    children with no placement order are excluded."""
    adopted = _adopted(data, start, end).filter(
        pl.col("authority_date").is_not_null() & pl.col("match_date").is_not_null()
    )
    days = (pl.col("match_date") - pl.col("authority_date")).dt.total_days().clip(lower_bound=0)
    return units_frame(adopted, event_date=pl.col("poc_end"), num=days)


@indicator(
    "adoption_a10_days",
    title="Days from entering care to moving in, foster carer adoptions adjusted (A10)",
    unit=Unit.MEAN_DAYS,
    polarity=Polarity.LOWER,
    period=PeriodKind.THREE_YEARS,
    numerator="Total days from entering care to moving in (or to the start of the foster placement with the adopters)",
    denominator="Children adopted in the three years",
    source=SOURCE,
    plain=(
        "As A1, except that for children adopted by their foster carers the wait ends when they moved in with"
        " those carers."
    ),
    national=True,
    breakdowns=ADOPTION_BREAKDOWNS,
    tables=("cla_episodes", "adoptions"),
)
def adoption_a10_days(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """As A1, but for children adopted by their foster carers (AD1 FOSTER_CARE = 1) the clock stops
    when the foster placement with those carers began (the placement that the placement for adoption
    continued)."""
    adopted = _adopted(data, start, end).filter(pl.col("placed_date").is_not_null())
    stop = pl.when(pl.col("foster_care").fill_null(False)).then(pl.col("foster_start")).otherwise(pl.col("placed_date"))
    days = (stop - pl.col("poc_start")).dt.total_days().clip(lower_bound=0)
    return units_frame(adopted, event_date=pl.col("poc_end"), num=days)
