"""Care leavers' activity and accommodation (SSDA903 OC3), around their 17th to 21st birthdays."""

from __future__ import annotations

import datetime as dt

import polars as pl

from assure.indicators.engine.data import CaseData, age_on
from assure.indicators.engine.registry import PeriodKind, Polarity, Unit, indicator, units_frame

SOURCE = "DfE, Children looked after in England: care leavers' activity and accommodation"
EET = ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5")  # F3/P3 in older years' returns
OUT_OF_COHORT = ("DIED", "RHOM")  # died; returned home for 6 months or more
NOT_ASSESSABLE = ("G", "H", "R")  # gone abroad, deported, residence not known


def _leavers(data: CaseData, start: dt.date, end: dt.date, ages: tuple[int, ...]) -> pl.DataFrame:
    """Care leavers with a record for the year whose birthday in the year made them one of `ages`."""
    records = data["care_leavers"].filter(
        pl.col("year_ending").is_between(start, end), ~pl.col("in_touch").fill_null("").is_in(OUT_OF_COHORT)
    )
    aged = records.join(data.dob_for("care_leavers"), on="child_id", how="left")
    return aged.filter(age_on(pl.col("dob"), pl.col("year_ending")).is_in(ages))


def _eet(data: CaseData, start: dt.date, end: dt.date, ages: tuple[int, ...]) -> pl.DataFrame:
    leavers = _leavers(data, start, end, ages)
    return units_frame(leavers, event_date=pl.col("year_ending"), num=pl.col("activity").is_in(EET))


def _suitable(data: CaseData, start: dt.date, end: dt.date, ages: tuple[int, ...]) -> pl.DataFrame:
    leavers = _leavers(data, start, end, ages).filter(
        ~pl.col("accommodation").fill_null("0").str.slice(0, 1).is_in(NOT_ASSESSABLE)
    )
    suitable = pl.col("accommodation").fill_null("0").str.ends_with("1") & (pl.col("accommodation") != "0")
    return units_frame(leavers, event_date=pl.col("year_ending"), num=suitable)


def _register(kind: str, ages: tuple[int, ...]) -> None:
    band = f"{ages[0]}_{ages[-1]}"
    words = f"aged {ages[0]} to {ages[-1]}"
    if kind == "eet":

        def counter(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
            return _eet(data, start, end, ages)

        counter.__doc__ = (
            f"Care leavers {words} (age at their birthday in the year) in education, employment or training"
            " (OC3 ACTIV F1, P1, F2, P2, F4, P4, F5, P5; F3, P3 in older years), over all care leavers of"
            " that age, including those the authority is not in touch with. Young people who died or"
            " returned home for 6 months or more are excluded."
        )
        indicator(
            f"care_leavers_eet_{band}",
            title=f"Care leavers {words} in education, employment or training",
            unit=Unit.PERCENT,
            polarity=Polarity.HIGHER,
            period=PeriodKind.YEAR,
            numerator="Care leavers in education, employment or training around their birthday",
            denominator=f"Care leavers {words}, including those not in touch",
            source=SOURCE,
            plain=f"Of the young people {words} who left care, the share in education, work or training.",
            national=True,
            tables=("care_leavers", "children"),
            split_by_date=True,
        )(counter)
    else:

        def counter(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
            return _suitable(data, start, end, ages)

        counter.__doc__ = (
            f"Care leavers {words} in suitable accommodation (OC3 ACCOM ending in 1; Care Leavers"
            " (England) Regulations 2010 reg 9(2)), over care leavers of that age excluding those gone"
            " abroad (G), deported (H) or whose residence is not known (R); no information stays in."
        )
        indicator(
            f"care_leavers_suitable_accom_{band}",
            title=f"Care leavers {words} in suitable accommodation",
            unit=Unit.PERCENT,
            polarity=Polarity.HIGHER,
            period=PeriodKind.YEAR,
            numerator="Care leavers in accommodation judged suitable",
            denominator=f"Care leavers {words}, less those abroad, deported or of unknown residence",
            source=SOURCE,
            plain=f"Of the young people {words} who left care, the share living somewhere suitable.",
            national=True,
            tables=("care_leavers", "children"),
            split_by_date=True,
        )(counter)


for _kind in ("eet", "accom"):
    for _ages in ((17, 18), (19, 20, 21)):
        _register(_kind, _ages)
