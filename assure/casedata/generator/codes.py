"""DfE code lists the generator draws from, with rough England frequencies as weights.

The code sets (`*_CODES`) are the valid values of each field (SSDA903 and CIN census code lists, see
`domain-data.md` §1.2 and §2.1); tests check every generated value against them. The weights are
ballpark shares from the published statistics, good enough for realistic-looking data.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import accumulate


class Pick:
    """A weighted choice, with the cumulative weights worked out once."""

    def __init__(self, weights: dict[str, float]):
        self.values: Sequence[str] = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def __call__(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


SEX_CODES = frozenset({"M", "F", "U"})
ETHNIC = Pick(
    {
        "WBRI": 62,
        "WIRI": 0.5,
        "WIRT": 0.3,
        "WOTH": 6,
        "WROM": 0.7,
        "MWBC": 2.5,
        "MWBA": 0.8,
        "MWAS": 1.2,
        "MOTH": 3,
        "AIND": 1.5,
        "APKN": 3,
        "ABAN": 1.2,
        "AOTH": 1.8,
        "BCRB": 1.5,
        "BAFR": 4,
        "BOTH": 1.5,
        "CHNE": 0.3,
        "OOTH": 4.5,
        "REFU": 0.9,
        "NOBT": 2.8,
    }
)
ETHNIC_CODES = frozenset(ETHNIC.values)
DISABILITY_CODES = frozenset(
    {"NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"}
)
DISABILITY = Pick(
    {"AUT": 30, "LD": 20, "BEH": 15, "COMM": 12, "CON": 8, "MOB": 6, "HAND": 3, "VIS": 2, "HEAR": 2, "PC": 2}
)
UPN_UNKNOWN_CODES = frozenset({f"UN{i}" for i in range(1, 8)})

REFERRAL_SOURCE = Pick(
    {
        "1A": 4,
        "1B": 1,
        "1C": 1,
        "1D": 1.5,
        "2A": 19,
        "2B": 2,
        "3A": 2,
        "3B": 2,
        "3C": 0.8,
        "3D": 3,
        "3E": 3,
        "3F": 4,
        "4": 2,
        "5A": 6,
        "5B": 3,
        "5C": 3,
        "5D": 2.5,
        "6": 29,
        "7": 2,
        "8": 6,
        "9": 1,
        "10": 1.2,
    }
)
REFERRAL_SOURCE_CODES = frozenset(REFERRAL_SOURCE.values)
PRIMARY_NEED = Pick({"N1": 57, "N2": 8, "N3": 3, "N4": 9, "N5": 15, "N6": 2, "N7": 0.5, "N8": 5, "N0": 0.5})
PRIMARY_NEED_CODES = frozenset({f"N{i}" for i in range(10)})
CLOSURE_CODES = frozenset({f"RC{i}" for i in range(1, 10)})
ASSESSMENT_FACTOR = Pick(
    {
        "3B": 14,
        "3A": 12,
        "4B": 14,
        "21": 8,
        "16A": 6,
        "17A": 6,
        "2B": 7,
        "1B": 5,
        "4A": 6,
        "5B": 3,
        "19B": 4,
        "14A": 3,
        "15A": 3,
        "10A": 2,
        "11A": 1.5,
        "23A": 1.5,
        "13A": 1,
        "18B": 1,
        "6A": 2,
        "5A": 2,
        "2A": 1,
        "7A": 1,
        "9A": 0.5,
        "22A": 0.2,
        "24A": 0.2,
        "20": 0.1,
        "12A": 0.3,
    }
)
ASSESSMENT_FACTOR_CODES = frozenset(
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
CATEGORY = Pick({"NEG": 50, "EMO": 38, "PHY": 6, "SAB": 4, "MUL": 2})
CATEGORY_CODES = frozenset(CATEGORY.values)
CONTACT_OUTCOME = Pick({"NFA": 40, "ADVICE": 25, "EARLY_HELP": 35})
CONTACT_OUTCOME_CODES = frozenset({"REFERRAL", *CONTACT_OUTCOME.values})

# SSDA903.
RNE_CODES = frozenset({"S", "L", "P", "T", "B", "U"})
LS_CODES = frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"})
PLACE_CODES = frozenset(
    [
        "A3",
        "A4",
        "A5",
        "A6",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "U6",
        "K1",
        "K2",
        "K3",
        "H5",
        "P1",
        "P2",
        "P3",
        "R1",
        "R2",
        "R3",
        "R5",
        "S1",
        "T0",
        "T1",
        "T2",
        "T3",
        "T4",
        "Z1",
    ]
)
PROVIDER_CODES = frozenset({f"PR{i}" for i in range(6)})
REC_CODES = frozenset(
    [
        "X1",
        "E11",
        "E12",
        "E2",
        "E3",
        "E4A",
        "E4B",
        "E13",
        "E41",
        "E45",
        "E46",
        "E47",
        "E48",
        "E5",
        "E6",
        "E7",
        "E9",
        "E14",
        "E15",
        "E16",
        "E17",
        "E8",
    ]
)
PLACE_CHANGE = Pick(
    {"CARPL": 20, "CLOSE": 6, "ALLEG": 2, "STAND": 14, "APPRR": 10, "CREQB": 8, "CREQO": 10, "CHILD": 8, "LAREQ": 12,
     "PLACE": 5, "OTHER": 5}
)  # fmt: skip
PLACE_CHANGE_CODES = frozenset({*PLACE_CHANGE.values, "CUSTOD"})
REVIEW_CODES = frozenset({f"PN{i}" for i in range(8)})
PARTICIPATION = Pick({"PN1": 55, "PN2": 12, "PN3": 12, "PN4": 6, "PN5": 5, "PN6": 6, "PN7": 4})
MISSING_CODES = frozenset({"M", "A"})
SDQ_REASON_CODES = frozenset({f"SDQ{i}" for i in range(1, 6)})
IN_TOUCH_CODES = frozenset({"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"})
ACTIVITY_CODES = frozenset(["F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"])
EET_CODES = frozenset(["F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"])
ACTIVITY_17 = Pick({"F2": 34, "P2": 5, "F1": 2, "F4": 6, "P4": 1, "F5": 15, "P5": 5, "G4": 7, "G5": 20, "G6": 5})
ACTIVITY_19 = Pick({"F1": 7, "P1": 1, "F2": 11, "P2": 2, "F4": 5, "P4": 1, "F5": 22, "P5": 8, "G4": 11, "G5": 23,
                    "G6": 9})  # fmt: skip
ACCOMMODATION_TYPE = Pick({"U": 30, "D": 24, "Z": 12, "B": 10, "E": 9, "T": 3, "K": 3, "C": 2, "X": 2, "W": 1, "V": 1,
                           "S": 1, "Y": 2})  # fmt: skip
ACCOMMODATION_LETTERS = frozenset("BCDEGHKRSTUVWXYZ")
PREV_PERM_CODES = frozenset({"P1", "P2", "P3", "P4", "Z1"})
RD_CODES = frozenset({"RD1", "RD2", "RD3", "RD4"})
ADOPTER_SEX_CODES = frozenset({"M1", "F1", "MM", "FF", "MF"})
ADOPTER_LS_CODES = frozenset({"L0", "L11", "L12", "L2", "L3", "L4"})
SW_REASON = Pick({"LEFTRL": 35, "MANAGE": 18, "ORGRST": 5, "ABSENC": 10, "CHCHAN": 8, "FCONTA": 6, "OTHERS": 10})
SW_REASON_CODES = frozenset({*SW_REASON.values, "TSPROC", "PCCHAN", "SWDIED"})

# Assure's own values (no DfE list): pre-proceedings outcomes, court orders and visit kinds.
PP_OUTCOME_CODES = frozenset({"ISSUE", "STEP_DOWN"})
ORDER_CODES = frozenset({"C2", "PO", "SGO", "CAO", "SO", "NONE"})
VISIT_KINDS = frozenset({"CIN", "CP", "CLA"})
