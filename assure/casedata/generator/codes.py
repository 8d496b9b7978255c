"""DfE code lists the generator draws from, with rough England frequencies as weights.

The code sets (`*_CODES`) are the valid values of each field (SSDA903 and CIN census code lists, see
`domain-data.md` §1.2 and §2.1); tests check every generated value against them. The weights are
ballpark shares from the published statistics, good enough for realistic-looking data.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import accumulate

from assure.casedata import codes as dfe


class Pick:
    """A weighted choice, with the cumulative weights worked out once."""

    def __init__(self, weights: dict[str, float]):
        self.values: Sequence[str] = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def __call__(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


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
DISABILITY = Pick(
    {"AUT": 30, "LD": 20, "BEH": 15, "COMM": 12, "CON": 8, "MOB": 6, "HAND": 3, "VIS": 2, "HEAR": 2, "PC": 2}
)

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
PRIMARY_NEED = Pick({"N1": 57, "N2": 8, "N3": 3, "N4": 9, "N5": 15, "N6": 2, "N7": 0.5, "N8": 5, "N0": 0.5})
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
CATEGORY = Pick({"NEG": 50, "EMO": 38, "PHY": 6, "SAB": 4, "MUL": 2})
CONTACT_OUTCOME = Pick({"NFA": 40, "ADVICE": 25, "EARLY_HELP": 35})
CONTACT_OUTCOME_CODES = frozenset({"REFERRAL", *CONTACT_OUTCOME.values})

# SSDA903.
PLACE_CHANGE = Pick(
    {"CARPL": 20, "CLOSE": 6, "ALLEG": 2, "STAND": 14, "APPRR": 10, "CREQB": 8, "CREQO": 10, "CHILD": 8, "LAREQ": 12,
     "PLACE": 5, "OTHER": 5}
)  # fmt: skip
PLACE_CHANGE_CODES = frozenset({*PLACE_CHANGE.values, "CUSTOD"})
PARTICIPATION = Pick({"PN1": 55, "PN2": 12, "PN3": 12, "PN4": 6, "PN5": 5, "PN6": 6, "PN7": 4})
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

# The DfE code lists the generated values must come from (one home: assure.casedata.codes).
ETHNIC_CODES = dfe.ETHNIC
DISABILITY_CODES = dfe.DISABILITY
UPN_UNKNOWN_CODES = dfe.UPN_UNKNOWN
REFERRAL_SOURCE_CODES = dfe.REFERRAL_SOURCE
PRIMARY_NEED_CODES = dfe.PRIMARY_NEED
CLOSURE_CODES = dfe.CLOSURE_REASON
CATEGORY_CODES = dfe.ABUSE_CATEGORY
ASSESSMENT_FACTOR_CODES = dfe.ASSESSMENT_FACTOR
RNE_CODES = dfe.RNE
LS_CODES = dfe.LS
PLACE_CODES = dfe.PLACE
PROVIDER_CODES = dfe.PLACE_PROVIDER
REC_CODES = dfe.REC
REVIEW_CODES = dfe.REVIEW_CODE
MISSING_CODES = dfe.MISSING
SEX_CODES = dfe.SEX
