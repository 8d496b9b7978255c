"""A plain pandas implementation of ten library indicators, the way an authority analyst writes them.

The baseline for `bench_indicators.py`: authority-level numerators and denominators per LA for
each period, from the same canonical tables (converted to pandas), following the same published
definitions. Working days use numpy's business-day counter with the same bank holidays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd

from assure.core.workdays import bank_holidays

HOLIDAYS = np.array(bank_holidays(), dtype="datetime64[D]")
ONE_DAY = np.timedelta64(1, "D")


def working_days(start: pd.Series, end: pd.Series) -> pd.Series:
    """Working days after `start` up to and including `end` (NaN where either is missing)."""
    ok = start.notna() & end.notna()
    out = pd.Series(np.nan, index=start.index)
    s = start[ok].to_numpy().astype("datetime64[D]") + ONE_DAY
    e = end[ok].to_numpy().astype("datetime64[D]") + ONE_DAY
    out[ok] = np.busday_count(s, e, holidays=HOLIDAYS)
    return out


def _ts(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day)


def _result(frame: pd.DataFrame, num: pd.Series) -> pd.DataFrame:
    counted = frame.assign(num=num.astype(float))
    return counted.groupby("la_code").agg(numerator=("num", "sum"), denominator=("num", "size")).reset_index()


def rereferrals(t: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    ref = t["cin_episodes"].sort_values(["child_id", "referral_date"]).copy()
    ref["previous"] = ref.groupby("child_id")["referral_date"].shift(1)
    year = ref[(ref["referral_date"] >= _ts(start)) & (ref["referral_date"] <= _ts(end))]
    back = year["referral_date"] - pd.DateOffset(years=1)
    return _result(year, year["previous"].notna() & (year["previous"] >= back))


def assessments(t: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    a = t["assessments"]
    done = a[(a["authorisation_date"] >= _ts(start)) & (a["authorisation_date"] <= _ts(end))]
    return _result(done, working_days(done["start_date"], done["authorisation_date"]) <= 45)


def icpc(t: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    s = t["section47"]
    held = s[(s["icpc_date"] >= _ts(start)) & (s["icpc_date"] <= _ts(end))]
    days = working_days(held["start_date"], held["icpc_date"])
    return _result(held, (days >= 0) & (days <= 15))


def repeat_plans(t: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    plans = t["cp_plans"].sort_values(["child_id", "start_date"]).copy()
    plans["earlier"] = plans.groupby("child_id").cumcount() > 0
    started = plans[(plans["start_date"] >= _ts(start)) & (plans["start_date"] <= _ts(end))]
    return _result(started, started["earlier"] | (started["previous_plans"].fillna(0) > 0))


def open_two_years(t: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    p = t["cp_plans"]
    day = _ts(end)
    open_ = p[(p["start_date"] <= day) & (p["end_date"].isna() | (p["end_date"] > day))]
    return _result(open_, open_["start_date"] <= day - pd.DateOffset(years=2))


def ceased_two_years(t: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    p = t["cp_plans"]
    ended = p[(p["end_date"] >= _ts(start)) & (p["end_date"] <= _ts(end))]
    lasted = ended["end_date"] >= ended["start_date"].apply(lambda d: d + pd.DateOffset(years=2))
    return _result(ended, lasted)


def _care(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    episodes = t["cla_episodes"]
    return episodes[~episodes["legal_status"].isin(["V3", "V4"])].sort_values(["child_id", "start_date"])


def looked_after(t: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    care, day = _care(t), _ts(end)
    on = care[(care["start_date"] <= day) & (care["end_date"].isna() | (care["end_date"] > day))]
    on = on.drop_duplicates("child_id")
    return _result(on, pd.Series(True, index=on.index))


def started_care(t: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    care = _care(t).copy()
    care["previous_end"] = care.groupby("child_id")["end_date"].shift(1)
    first = care.groupby("child_id").cumcount() == 0
    new = care[first | (care["previous_end"] < care["start_date"])]
    year = new[(new["start_date"] >= _ts(start)) & (new["start_date"] <= _ts(end))].drop_duplicates("child_id")
    return _result(year, pd.Series(True, index=year.index))


def missing(t: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    care = _care(t)
    during = care[(care["start_date"] <= _ts(end)) & (care["end_date"].isna() | (care["end_date"] >= _ts(start)))]
    during = during.drop_duplicates("child_id")
    m = t["missing"]
    went = m[(m["kind"] == "M") & (m["start_date"] >= _ts(start)) & (m["start_date"] <= _ts(end))]["child_id"]
    return _result(during, during["child_id"].isin(set(went)))


def leavers_eet(t: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    cl = t["care_leavers"]
    cl = cl[(cl["year_ending"] >= _ts(start)) & (cl["year_ending"] <= _ts(end))]
    cl = cl[~cl["in_touch"].fillna("").isin(["DIED", "RHOM"])]
    cl = cl.merge(t["children"][["child_id", "dob"]], on="child_id", how="left")
    ye, dob = cl["year_ending"], cl["dob"]
    age = ye.dt.year - dob.dt.year - ((ye.dt.month * 100 + ye.dt.day) < (dob.dt.month * 100 + dob.dt.day))
    cohort = cl[age.isin([17, 18])]
    eet = ["F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"]
    return _result(cohort, cohort["activity"].isin(eet))


BASELINE: dict[str, Callable[[dict[str, pd.DataFrame], dt.date, dt.date], pd.DataFrame]] = {
    "referrals_rereferral_12m": rereferrals,
    "assessments_within_45wd": assessments,
    "icpc_within_15wd": icpc,
    "cp_repeat_plan": repeat_plans,
    "cp_open_2yrs_plus": open_two_years,
    "cp_ceased_2yrs_plus": ceased_two_years,
    "cla_count_31mar": looked_after,
    "cla_started": started_care,
    "cla_missing": missing,
    "care_leavers_eet_17_18": leavers_eet,
}


def with_la(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table with its authority's code (from `children`), as an analyst would merge it on."""
    codes = tables["children"][["child_id", "la_code"]]
    return {
        name: (frame if name == "children" or "la_code" in frame.columns else frame.merge(codes, on="child_id"))
        for name, frame in tables.items()
    }
