"""The SSDA903 tables as the return lays them out: columns, dates, code lists and the XML element names.

Framework-free. A CSV is recognised by its exact set of column names (any order, any case), as the DfE's
903 validator does; file names mean nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from assure.casedata import codes

TABLES: Mapping[str, tuple[str, ...]] = {
    "Header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "Episodes": (
        *("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"),
        *("REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
    ),
    "Reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "UASC": ("CHILD", "SEX", "DOB", "DUC"),
    "OC2": (
        *("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS"),
        *("TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
    ),
    "OC3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "AD1": ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
    "PlacedAdoption": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    "PrevPerm": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "Missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "SWEpisodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    "DoLo": ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
}

DATES = frozenset(
    {
        *("DOB", "MC_DOB", "DECOM", "DEC", "REVIEW", "DUC", "DATE_INT", "DATE_MATCH"),
        *("DATE_PLACED", "DATE_PLACED_CEASED", "MIS_START", "MIS_END", "SW_DECOM", "SW_DEC"),
        *("DOLO_START", "DOLO_END"),
    }
)  # DATE_PERM is free text in the 903 and is kept as text

FLAGS = frozenset(
    {
        *("MOTHER", "FOSTER_CARE", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK"),
        *("HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
    }
)
WHOLE = frozenset({"SDQ_SCORE"})

# Code lists checked wherever the column appears (SEX is checked in the Header only: see the checks).
CODE_LISTS: Mapping[str, frozenset[str]] = {
    "ETHNIC": codes.ETHNIC,
    "RNE": codes.RNE,
    "LS": codes.LS,
    "CIN": codes.CIN,
    "PLACE": codes.PLACE,
    "PLACE_PROVIDER": codes.PLACE_PROVIDER,
    "REC": codes.REC,
    "REVIEW_CODE": codes.REVIEW_CODE,
    "MISSING": codes.MISSING,
}

# Code-like columns compared in upper case (the DfE validator upper-cases every value).
UPPER = frozenset(
    {
        *CODE_LISTS,
        *("SEX", "UPN", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "SDQ_REASON", "IN_TOUCH", "ACTIV"),
        *("ACCOM", "SEX_ADOPTR", "LS_ADOPTR", "REASON_PLACED_CEASED", "PREV_PERM", "SW_REASON"),
    }
)

# A value each row must have, beyond CHILD which every table needs.
REQUIRED: Mapping[str, tuple[str, ...]] = {
    "Episodes": ("DECOM",),
    "Reviews": ("REVIEW",),
    "Missing": ("MIS_START",),
    "SWEpisodes": ("SW_DECOM",),
    "DoLo": ("DOLO_START",),
}

# (start, end) pairs where the end must not come before the start.
PERIODS: Mapping[str, tuple[str, str]] = {
    "Episodes": ("DECOM", "DEC"),
    "Missing": ("MIS_START", "MIS_END"),
    "SWEpisodes": ("SW_DECOM", "SW_DEC"),
    "DoLo": ("DOLO_START", "DOLO_END"),
}

# XML: tags that differ from the CSV column names, and the records nested in a child's HEADER.
XML_RENAMES: Mapping[str, str] = {"CHILDID": "CHILD", "PL": "PLACE"}
XML_RECORDS: Mapping[str, str] = {
    "AREVIEW": "Reviews",
    "AMISSING": "Missing",
    "OC2": "OC2",
    "PERMANENCE": "PrevPerm",
    "AD_PLACED": "PlacedAdoption",
    "OC3": "OC3",
    "AD1": "AD1",
}
XML_TABLES = ("Header", "Episodes", "UASC", *XML_RECORDS.values())


def identify(columns: set[str]) -> str | None:
    """The table whose column set is exactly `columns` (upper case), if any."""
    return next((table for table, names in TABLES.items() if set(names) == columns), None)


def closest(columns: set[str]) -> str:
    """The table sharing the largest part of its columns with `columns`."""

    def overlap(table: str) -> float:
        names = set(TABLES[table])
        return len(names & columns) / len(names | columns)

    return max(TABLES, key=overlap)


def resembles(columns: set[str]) -> bool:
    """Whether `columns` (upper case) share at least half of some 903 table's columns."""
    table = closest(columns)
    return len(set(TABLES[table]) & columns) * 2 >= len(TABLES[table])
