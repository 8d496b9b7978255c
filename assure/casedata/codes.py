"""DfE code lists for the SSDA903 return, as the values a checker accepts.

Framework-free. Source: the 903 specification as published in `liiatools` (`SSDA903_schema_2024.yml`)
and the D2I 903 validator's 2024/25 rules; labels are in the project's domain-data reference note.
"""

from __future__ import annotations


def _numbered(prefix: str, first: int, last: int) -> frozenset[str]:
    return frozenset(f"{prefix}{n}" for n in range(first, last + 1))


SEX = frozenset({"M", "F", "U"})  # from 2024/25
SEX_OLD = {"1": "M", "2": "F"}  # up to 2023/24, normalised to the new codes

ETHNIC = frozenset(
    {
        *("WBRI", "WIRI", "WOTH", "WIRT", "WROM"),
        *("MWBC", "MWBA", "MWAS", "MOTH"),
        *("AIND", "APKN", "ABAN", "AOTH"),
        *("BCRB", "BAFR", "BOTH"),
        *("CHNE", "OOTH", "REFU", "NOBT"),
    }
)

RNE = frozenset({"S", "L", "P", "T", "B", "U"})  # reason for new episode

LS = frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"})  # legal status

CIN = _numbered("N", 1, 8)  # category of need

PLACE = frozenset(
    {
        *_numbered("A", 3, 6),
        *_numbered("U", 1, 6),
        *("K1", "K2", "K3", "H5"),
        *_numbered("P", 1, 3),
        *("R1", "R2", "R3", "R5", "S1"),
        *_numbered("T", 0, 4),
        "Z1",
    }
)

PLACE_PROVIDER = _numbered("PR", 0, 5)

REC = frozenset(  # reason episode ceased
    {
        *("X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41"),
        *_numbered("E", 45, 48),
        *("E5", "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17"),
    }
)

REVIEW_CODE = _numbered("PN", 0, 7)  # participation in the review

MISSING = frozenset({"M", "A"})  # M missing (whereabouts unknown), A away without authorisation
