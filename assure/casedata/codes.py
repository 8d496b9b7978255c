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

# CIN census code lists (the XSD's enumerations).
DISABILITY = frozenset(["NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"])
UPN_UNKNOWN = frozenset(f"UN{n}" for n in range(1, 8))
REFERRAL_SOURCE = frozenset(
    [
        "1A",
        "1B",
        "1C",
        "1D",
        "2A",
        "2B",
        "3A",
        "3B",
        "3C",
        "3D",
        "3E",
        "3F",
        "4",
        "5A",
        "5B",
        "5C",
        "5D",
        "6",
        "7",
        "8",
        "9",
        "10",
    ]
)
PRIMARY_NEED = frozenset(f"N{n}" for n in range(10))
CLOSURE_REASON = frozenset(f"RC{n}" for n in range(1, 10))
ABUSE_CATEGORY = frozenset(["NEG", "PHY", "SAB", "EMO", "MUL"])
ASSESSMENT_FACTOR = frozenset(
    [
        "1A",
        "1B",
        "1C",
        "2A",
        "2B",
        "2C",
        "3A",
        "3B",
        "3C",
        "4A",
        "4B",
        "4C",
        "5A",
        "5B",
        "5C",
        "6A",
        "6B",
        "6C",
        "7A",
        "8B",
        "8C",
        "8D",
        "8E",
        "8F",
        "9A",
        "10A",
        "11A",
        "12A",
        "13A",
        "14A",
        "15A",
        "16A",
        "17A",
        "18B",
        "18C",
        "19B",
        "19C",
        "20",
        "21",
        "22A",
        "23A",
        "24A",
    ]
)
