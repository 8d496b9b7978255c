"""Canonical tables → the SSDA903 (children looked after) return, as CSV files or as XML.

Framework-free. A return covers a collection year, 1 April to 31 March (`collection_year` is the
year of the 31 March): the episodes open at some time in it and the children in them, plus the
care leavers whose outcomes (OC3) fall in it, as the tables stood on 31 March. Dates are
DD/MM/YYYY, flags 1/0, SEX M/F/U (the 2024/25 codes). Column names and XML tags are the DfE's
(`domain-data.md` §1.1); in XML, CHILD is CHILDID and PLACE is PL.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from xml.etree import ElementTree as ET

import polars as pl

from assure.casedata.exporters.period import as_at, of_children, open_during, year_bounds

DATE = "%d/%m/%Y"
# file: (canonical table, [(903 column, canonical column)]); DOB and SEX come from the child.
FILES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "header.csv": (
        "children",
        [("CHILD", "child_id"), ("SEX", "sex"), ("DOB", "dob"), ("ETHNIC", "ethnicity"), ("UPN", "upn"),
         ("MOTHER", "mother"), ("MC_DOB", "mother_child_dob")],
    ),
    "episodes.csv": (
        "cla_episodes",
        [("CHILD", "child_id"), ("DECOM", "start_date"), ("RNE", "reason_new"), ("LS", "legal_status"),
         ("CIN", "need_code"), ("PLACE", "placement"), ("PLACE_PROVIDER", "provider"), ("DEC", "end_date"),
         ("REC", "reason_ceased"), ("REASON_PLACE_CHANGE", "reason_place_change"), ("HOME_POST", "home_postcode"),
         ("PL_POST", "placement_postcode"), ("URN", "urn")],
    ),
    "reviews.csv": (
        "cla_reviews",
        [("CHILD", "child_id"), ("DOB", "dob"), ("REVIEW", "review_date"), ("REVIEW_CODE", "participation")],
    ),
    "uasc.csv": ("uasc", [("CHILD", "child_id"), ("SEX", "sex"), ("DOB", "dob"), ("DUC", "uasc_ceased")]),
    "oc2.csv": (
        "health",
        [("CHILD", "child_id"), ("DOB", "dob"), ("SDQ_SCORE", "sdq_score"), ("SDQ_REASON", "sdq_reason"),
         ("CONVICTED", "convicted"), ("HEALTH_CHECK", "health_check"), ("IMMUNISATIONS", "immunisations"),
         ("TEETH_CHECK", "teeth_check"), ("HEALTH_ASSESSMENT", "health_assessment"),
         ("SUBSTANCE_MISUSE", "substance_misuse"), ("INTERVENTION_RECEIVED", "intervention_received"),
         ("INTERVENTION_OFFERED", "intervention_offered")],
    ),
    "oc3.csv": (
        "care_leavers",
        [("CHILD", "child_id"), ("DOB", "dob"), ("IN_TOUCH", "in_touch"), ("ACTIV", "activity"),
         ("ACCOM", "accommodation")],
    ),
    "ad1.csv": (
        "adoptions",
        [("CHILD", "child_id"), ("DOB", "dob"), ("DATE_INT", "decision_date"), ("DATE_MATCH", "match_date"),
         ("FOSTER_CARE", "foster_care"), ("NB_ADOPTR", "adopters_number"), ("SEX_ADOPTR", "adopters_sex"),
         ("LS_ADOPTR", "adopters_legal_status")],
    ),
    "placed_for_adoption.csv": (
        "placed_for_adoption",
        [("CHILD", "child_id"), ("DOB", "dob"), ("DATE_PLACED", "decision_date"),
         ("DATE_PLACED_CEASED", "ceased_date"), ("REASON_PLACED_CEASED", "ceased_reason")],
    ),
    "previous_permanence.csv": (
        "previous_permanence",
        [("CHILD", "child_id"), ("DOB", "dob"), ("PREV_PERM", "previous_permanence"), ("LA_PERM", "la"),
         ("DATE_PERM", "date_text")],
    ),
    "missing.csv": (
        "missing",
        [("CHILD", "child_id"), ("DOB", "dob"), ("MISSING", "kind"), ("MIS_START", "start_date"),
         ("MIS_END", "end_date")],
    ),
    "sw_episodes.csv": (
        "allocations",
        [("CHILD", "child_id"), ("DOB", "dob"), ("SW_ID", "worker_id"), ("SW_DECOM", "start_date"),
         ("SW_DEC", "end_date"), ("SW_REASON", "reason")],
    ),
    "dolo.csv": (
        "deprivation_of_liberty",
        [("CHILD", "child_id"), ("DOB", "dob"), ("DOLO_START", "start_date"), ("DOLO_END", "end_date")],
    ),
}  # fmt: skip
ADOPTED = ("E11", "E12")


def year_tables(tables: dict[str, pl.DataFrame], collection_year: int) -> dict[str, pl.DataFrame]:
    """The canonical records a 903 return for the year carries, as they stood on 31 March."""
    first, last = year_bounds(collection_year)
    snap = {name: as_at(name, frame, last) for name, frame in tables.items()}
    episodes = open_during(snap["cla_episodes"], "start_date", "end_date", first, last)
    looked_after = episodes.select("child_id").unique()
    leavers = snap["care_leavers"].filter(pl.col("year_ending") == last)
    adopted = episodes.filter(pl.col("reason_ceased").is_in(ADOPTED) & (pl.col("end_date") >= first))
    spans = episodes.group_by("child_id").agg(
        pl.col("start_date").min().alias("_from"), pl.col("end_date").max().alias("_to"),
        pl.col("end_date").is_null().any().alias("_open"),
    )  # fmt: skip
    workers = open_during(snap["allocations"], "start_date", "end_date", first, last).join(spans, on="child_id")
    workers = workers.filter(
        (pl.col("start_date") <= pl.col("_to")).or_(pl.col("_open"))
        & (pl.col("end_date").is_null() | (pl.col("end_date") >= pl.col("_from")))
    ).drop("_from", "_to", "_open")
    return {
        "children": of_children(snap["children"], pl.concat([looked_after, leavers.select("child_id")])),
        "cla_episodes": episodes,
        "cla_reviews": of_children(snap["cla_reviews"].filter(pl.col("review_date") >= first), looked_after),
        "missing": of_children(open_during(snap["missing"], "start_date", "end_date", first, last), looked_after),
        "health": of_children(snap["health"].filter(pl.col("year_ending") == last), looked_after),
        "care_leavers": leavers,
        "adoptions": of_children(snap["adoptions"], adopted.select("child_id")),
        "placed_for_adoption": of_children(
            open_during(snap["placed_for_adoption"], "decision_date", "ceased_date", first, last), looked_after
        ),
        "previous_permanence": of_children(snap["previous_permanence"], looked_after),
        "deprivation_of_liberty": of_children(
            open_during(snap["deprivation_of_liberty"], "start_date", "end_date", first, last), looked_after
        ),
        "allocations": workers,
    }


def _texts(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as 903 text: dates DD/MM/YYYY, flags 1/0, nulls empty."""
    return frame.with_columns(
        [
            pl.col(name).dt.strftime(DATE)
            if dtype == pl.Date
            else pl.col(name).cast(pl.Int8).cast(pl.String)
            if dtype == pl.Boolean
            else pl.col(name).cast(pl.String)
            for name, dtype in frame.schema.items()
        ]
    )


def _file_frames(tables: dict[str, pl.DataFrame], collection_year: int) -> dict[str, pl.DataFrame]:
    year = year_tables(tables, collection_year)
    children = year["children"].with_columns(pl.coalesce("upn", "upn_unknown").alias("upn"))
    year["children"] = children
    year["uasc"] = children.filter(pl.col("uasc"))
    person = children.select("child_id", "dob")
    out = {}
    for name, (table, columns) in FILES.items():
        frame = year[table]
        if "dob" not in frame.columns:
            frame = frame.join(person, on="child_id", how="left")
        out[name] = _texts(frame.select([pl.col(c).alias(col) for col, c in columns]))
    return out


def to_csv(tables: dict[str, pl.DataFrame], *, collection_year: int) -> dict[str, bytes]:
    """The 903 return as CSV files, by file name (a file for every table, headers even when empty)."""
    return {name: frame.write_csv().encode() for name, frame in _file_frames(tables, collection_year).items()}


# XML: items of the child's HEADER from each file, then repeating groups in the HEADER, then EPISODEs.
_HEADER_ITEMS = {"header.csv": ["UPN", "SEX", "DOB", "ETHNIC"], "uasc.csv": ["DUC"], "oc3.csv": ["IN_TOUCH", "ACTIV",
                 "ACCOM"], "ad1.csv": ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
                 "LS_ADOPTR"]}  # fmt: skip
_GROUPS = {
    "reviews.csv": "AREVIEW",
    "missing.csv": "AMISSING",
    "oc2.csv": "OC2",
    "previous_permanence.csv": "PERMANENCE",
    "placed_for_adoption.csv": "AD_PLACED",
    "sw_episodes.csv": "SW_EPISODE",
}  # fmt: skip (no XML tag is known for DoLo orders: CSV only)


def to_xml(tables: dict[str, pl.DataFrame], *, collection_year: int) -> bytes:
    """The 903 return as one EXPSSDA903 XML document."""
    files = _file_frames(tables, collection_year)
    by_child: dict[str, dict[str, list[dict[str, str | None]]]] = defaultdict(lambda: defaultdict(list))
    for name, frame in files.items():
        for row in frame.iter_rows(named=True):
            by_child[row["CHILD"]][name].append(row)
    root = ET.Element("EXPSSDA903")
    for header in files["header.csv"].iter_rows(named=True):
        rows = by_child[header["CHILD"]]
        child = ET.SubElement(root, "CHILD")
        head = ET.SubElement(child, "HEADER")
        _item(head, "CHILDID", header["CHILD"])
        for item in _HEADER_ITEMS["header.csv"]:
            _item(head, item, header[item])
        _item(head, "UASC", "1" if rows["uasc.csv"] else None)
        for name in ("uasc.csv", "oc3.csv", "ad1.csv"):
            for item in _HEADER_ITEMS[name]:
                _item(head, item, rows[name][0][item] if rows[name] else None, optional=True)
        _item(head, "MOTHER", header["MOTHER"])
        _item(head, "MC_DOB", header["MC_DOB"])
        for name, tag in _GROUPS.items():
            for row in rows[name]:
                group = ET.SubElement(head, tag)
                for column, value in row.items():
                    if column not in {"CHILD", "DOB"}:
                        _item(group, column, value)
        for row in rows["episodes.csv"]:
            episode = ET.SubElement(child, "EPISODE")
            for column, value in row.items():
                if column != "CHILD":
                    _item(episode, "PL" if column == "PLACE" else column, value)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _item(parent: ET.Element, tag: str, value: str | None, optional: bool = False) -> None:
    if value is None and optional:
        return
    ET.SubElement(parent, tag).text = value


def as_dates(text: str | None) -> dt.date | None:
    """A 903 date back to a date (used by tests and the round trip)."""
    return dt.datetime.strptime(text, DATE).date() if text else None
