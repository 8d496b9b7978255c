"""Turn the 903 text tables into Assure's canonical tables (see `assure.casedata.schema`).

Framework-free and vectorised. Values that fail their check become null here; the checks have already
reported them, so nothing is lost without a finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import polars as pl

from assure.casedata import codes, schema
from assure.casedata.parsers.common import date_expr, flag_expr, whole_expr

Frames = Mapping[str, pl.DataFrame]

# The canonical tables a 903 return fills, each from one 903 table.
SOURCES: Mapping[str, str] = {
    "children": "Header",
    "cla_episodes": "Episodes",
    "cla_reviews": "Reviews",
    "missing": "Missing",
    "health": "OC2",
    "care_leavers": "OC3",
    "adoptions": "AD1",
    "placed_for_adoption": "PlacedAdoption",
    "previous_permanence": "PrevPerm",
    "allocations": "SWEpisodes",
    "deprivation_of_liberty": "DoLo",
}


def _columns(year_ending: dt.date) -> Mapping[str, Mapping[str, pl.Expr]]:
    """For each canonical table, the expression that gives each column from the 903 table's columns."""
    child = pl.col("CHILD")
    year = pl.lit(year_ending)
    return {
        "cla_episodes": {
            "child_id": child,
            "start_date": date_expr("DECOM"),
            "reason_new": pl.col("RNE"),
            "legal_status": pl.col("LS"),
            "need_code": pl.col("CIN"),
            "placement": pl.col("PLACE"),
            "provider": pl.col("PLACE_PROVIDER"),
            "end_date": date_expr("DEC"),
            "reason_ceased": pl.col("REC"),
            "reason_place_change": pl.col("REASON_PLACE_CHANGE"),
            "home_postcode": pl.col("HOME_POST"),
            "placement_postcode": pl.col("PL_POST"),
            "urn": pl.col("URN"),
        },
        "cla_reviews": {"child_id": child, "review_date": date_expr("REVIEW"), "participation": pl.col("REVIEW_CODE")},
        "missing": {
            "child_id": child,
            "kind": pl.col("MISSING"),
            "start_date": date_expr("MIS_START"),
            "end_date": date_expr("MIS_END"),
        },
        "health": {
            "child_id": child,
            "year_ending": year,
            "sdq_score": whole_expr("SDQ_SCORE"),
            "sdq_reason": pl.col("SDQ_REASON"),
            **{
                name.lower(): flag_expr(name)
                for name in (
                    *("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT"),
                    *("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
                )
            },
        },
        "care_leavers": {
            "child_id": child,
            "year_ending": year,
            "in_touch": pl.col("IN_TOUCH"),
            "activity": pl.col("ACTIV"),
            "accommodation": pl.col("ACCOM"),
        },
        "adoptions": {
            "child_id": child,
            "decision_date": date_expr("DATE_INT"),
            "match_date": date_expr("DATE_MATCH"),
            "foster_care": flag_expr("FOSTER_CARE"),
            "adopters_number": pl.col("NB_ADOPTR"),
            "adopters_sex": pl.col("SEX_ADOPTR"),
            "adopters_legal_status": pl.col("LS_ADOPTR"),
        },
        "placed_for_adoption": {
            "child_id": child,
            "decision_date": date_expr("DATE_PLACED"),
            "ceased_date": date_expr("DATE_PLACED_CEASED"),
            "ceased_reason": pl.col("REASON_PLACED_CEASED"),
        },
        "previous_permanence": {
            "child_id": child,
            "previous_permanence": pl.col("PREV_PERM"),
            "la": pl.col("LA_PERM"),
            "date_text": pl.col("DATE_PERM"),
        },
        "allocations": {
            "child_id": child,
            "worker_id": pl.col("SW_ID"),
            "start_date": date_expr("SW_DECOM"),
            "end_date": date_expr("SW_DEC"),
            "reason": pl.col("SW_REASON"),
        },
        "deprivation_of_liberty": {
            "child_id": child,
            "start_date": date_expr("DOLO_START"),
            "end_date": date_expr("DOLO_END"),
        },
    }


def canonical_tables(raw: Frames, *, collection_year: int) -> dict[str, pl.DataFrame]:
    """Every canonical table a 903 return fills; a table whose 903 table was not given is empty."""
    columns = _columns(dt.date(collection_year, 3, 31))
    tables: dict[str, pl.DataFrame] = {}
    for table, source in SOURCES.items():
        if source not in raw:
            tables[table] = schema.empty(table)
        elif table == "children":
            tables[table] = _children(raw["Header"], raw.get("UASC"))
        else:
            frame = raw[source].select(expr.alias(name) for name, expr in columns[table].items())
            tables[table] = schema.conform(table, frame)
    return tables


def _children(header: pl.DataFrame, uasc: pl.DataFrame | None) -> pl.DataFrame:
    """Children from the Header; UASC from the UASC table when there is one (unknown when there is not)."""
    upn = pl.col("UPN")
    unknown_upn = upn.str.contains(r"^UN[1-7]$")
    children = header.select(
        pl.col("CHILD").alias("child_id"),
        pl.col("SEX").replace(codes.SEX_OLD).alias("sex"),
        date_expr("DOB").alias("dob"),
        pl.col("ETHNIC").alias("ethnicity"),
        pl.when(unknown_upn).then(None).otherwise(upn).alias("upn"),
        pl.when(unknown_upn).then(upn).alias("upn_unknown"),
        flag_expr("MOTHER").alias("mother"),
        date_expr("MC_DOB").alias("mother_child_dob"),
    )
    if uasc is not None:
        statuses = uasc.filter(pl.col("CHILD").is_not_null()).unique("CHILD", keep="first", maintain_order=True)
        statuses = statuses.select(
            pl.col("CHILD").alias("child_id"), pl.lit(True).alias("uasc"), date_expr("DUC").alias("uasc_ceased")
        )
        children = children.join(statuses, on="child_id", how="left", maintain_order="left").with_columns(
            pl.col("uasc").fill_null(False)
        )
    return schema.conform("children", children)
