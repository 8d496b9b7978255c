"""One authority's children: who comes to the front door, when, and what becomes of them."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence

import polars as pl

from assure.casedata.generator import care, care_records, journey, practice
from assure.casedata.generator.codes import DISABILITY, ETHNIC, REFERRAL_SOURCE, Pick
from assure.casedata.generator.model import DAY, Book, ChildState, Context, days
from assure.casedata.generator.staff import Allocator, WorkerRef
from assure.casedata.generator.window import frames

# England 2025 (DfE children in need B1 and C1, ONS 2024 mid-year estimate): 704,430 children in need
# at some point in the year among 12.18 million aged 0–17, and 632,830 referrals.
CIN_PER_10K = 578
REFERRALS_PER_CHILD_IN_NEED = 0.898
NEW_CHILD_SHARE = 0.61  # referrals that are the child's first in the simulation (calibrated)
CONTACT_ONLY_PER_REFERRAL = 0.9  # contacts about children who are never referred
LEGACY_IN_CARE_PER_10K = 42  # children already in care when the simulation starts (calibrated)
BURN_IN_YEARS = 5
# Age at the first referral: (share, youngest, oldest) in days; negative is before birth.
FIRST_AGE = ((0.025, -150, -10), (0.08, 0, 364), (0.17, 365, 1825), (0.23, 1826, 3652), (0.35, 3653, 5843),
             (0.145, 5844, 6500))  # fmt: skip
SEX = Pick({"M": 52, "F": 47.6, "U": 0.4})
UASC_ETHNIC = Pick({"AOTH": 30, "BAFR": 30, "OOTH": 20, "BOTH": 8, "WOTH": 7, "MOTH": 5})
_UPN_CHECK = "ABCDEFGHJKLMNPQRTUVWXYZ"


def population(children_in_need_per_year: int) -> int:
    """The 0–17 population an authority of this size would have at England's rate of need."""
    return round(children_in_need_per_year * 10_000 / CIN_PER_10K)


def upn(rng: random.Random, la_code: str) -> str:
    """A unique pupil number with a valid check letter (DfE algorithm)."""
    body = f"{la_code[-3:].rjust(3, '0')}{rng.randint(2000, 7999)}{rng.randint(0, 99):02d}{rng.randint(0, 999):03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, range(2, 14), strict=True))
    return _UPN_CHECK[total % 23] + body


def generate_authority(
    seed: int,
    *,
    start: dt.date,
    end: dt.date,
    children_in_need_per_year: int,
    workers: Sequence[WorkerRef],
    id_prefix: str = "C",
    la_code: str = "999",
    managers: Mapping[str, str] | None = None,
    iros: Sequence[str] = (),
) -> dict[str, pl.DataFrame]:
    """The canonical tables of a fictional authority, as its case management system would have them on
    `end`, covering `start` to `end` with the history of the children in them.

    Deterministic: the same arguments give the same tables. `children_in_need_per_year` is the number
    of children in need at some point in a year (DfE's B1 measure); the authority's 0–17 population is
    assumed to be `population(children_in_need_per_year)` (England's 578 per 10,000). `managers` (team →
    its manager's e-mail) sign management oversight; `iros` are the reviewing officers children get.
    """
    if end <= start:
        raise ValueError("The end must be after the start.")
    rng = random.Random(seed)  # noqa: S311 -- synthetic data from a seeded generator
    sim_start = start.replace(year=start.year - BURN_IN_YEARS)
    ctx = Context(rng, Book(), start, end, sim_start, visits_from=start - days(90))
    run = _Run(ctx, Allocator(workers, rng), id_prefix, la_code)
    run.legacy_in_care(round(population(children_in_need_per_year) * LEGACY_IN_CARE_PER_10K / 10_000))
    per_day = children_in_need_per_year * REFERRALS_PER_CHILD_IN_NEED / 365.25
    run.referred_children(round(per_day * NEW_CHILD_SHARE * (end - sim_start).days))
    run.contact_only_children(round(per_day * CONTACT_ONLY_PER_REFERRAL * (end - start).days))
    own = random.Random(f"{seed}/practice")  # noqa: S311 -- a stream of its own: the other tables stay the same
    practice.practice_records(ctx.book, own, since=ctx.visits_from, end=end, managers=managers or {}, iros=iros)
    return frames(ctx.book, start, end)


class _Run:
    def __init__(self, ctx: Context, allocator: Allocator, prefix: str, la_code: str):
        self.ctx, self.allocator, self.prefix, self.la_code = ctx, allocator, prefix, la_code
        self.number = 0

    def _child(self, dob: dt.date, unborn: bool = False, uasc: bool = False) -> ChildState:
        rng = self.ctx.rng
        self.number += 1
        child = ChildState(
            self.number,
            f"{self.prefix}{self.number:06d}",
            dob,
            "M" if uasc and rng.random() < 0.92 else SEX(rng),
            disabled=not uasc and rng.random() < 0.1,
            uasc=uasc,
            unborn=unborn,
        )
        child.home_postcode = care_records.postcode(rng, local=True)
        return child

    def referred_children(self, count: int) -> None:
        ctx, rng = self.ctx, self.ctx.rng
        span = (ctx.end - ctx.sim_start).days
        for first in sorted(ctx.sim_start + days(rng.random() * span) for _ in range(count)):
            uasc = rng.random() < 0.012
            age_days = rng.randint(5500, 6400) if uasc else journey._band(ctx, FIRST_AGE)
            child = self._child(first - days(age_days), unborn=age_days < 0, uasc=uasc)
            child.prior_cp = (1 if rng.random() < 0.8 else 2) if rng.random() < 0.065 + 0.014 * age_days / 365 else 0
            journey.child_journey(ctx, child, first)
            for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
                day = first + days(rng.uniform(-200, 900))
                if ctx.sim_start <= day <= min(ctx.end, child.eighteen) and day >= child.dob - days(150):
                    journey.contact(ctx, child, day)
            self._finish(child)

    def legacy_in_care(self, count: int) -> None:
        """Children looked after since before the simulation starts, most of them until they are 18."""
        ctx, rng = self.ctx, self.ctx.rng
        for _ in range(count):
            age = rng.uniform(1.5, 17.8)
            dob = ctx.sim_start - days(age * 365.25)
            entry = ctx.sim_start - days(rng.uniform(0.3, min(age - 0.2, 10)) * 365.25)
            child = self._child(dob)
            referral = entry - days(rng.randint(0, 60))
            eid = f"{child.child_id}/{referral.isoformat()}"
            close, rec = care.enter(ctx, child, eid, entry, "legacy")
            ctx.book.add(
                "cin_episodes", child_id=child.child_id, episode_id=eid, referral_date=referral,
                referral_source=REFERRAL_SOURCE(rng), primary_need="N1", closure_date=close,
                closure_reason=care.closure_reason(rec), referral_nfa=False,
            )  # fmt: skip
            self._finish(child)

    def contact_only_children(self, count: int) -> None:
        ctx, rng = self.ctx, self.ctx.rng
        span = (ctx.end - ctx.start).days
        for _ in range(count):
            day = ctx.start + days(rng.random() * span)
            child = self._child(day - days(rng.randint(0, 6400)))
            journey.contact(ctx, child, day)
            self._finish(child, allocate=False)

    def _finish(self, child: ChildState, allocate: bool = True) -> None:
        ctx, rng = self.ctx, self.ctx.rng
        care_records.finish(ctx, child)
        if allocate:
            self._allocations(child)
        born = child.dob <= ctx.end
        disabilities = [DISABILITY(rng) for _ in range(rng.choice((1, 1, 2)))] if child.disabled else []
        if not child.disabled and rng.random() < 0.5:
            disabilities = ["NONE"]
        for code in sorted(set(disabilities)):
            ctx.book.add("disabilities", child_id=child.child_id, disability=code)
        school_age = born and child.age(ctx.end) >= 5
        has_upn = school_age and not child.uasc and rng.random() < 0.92
        mother = child.sex == "F" and child.ever_in_care and child.age(ctx.end) >= 15 and rng.random() < 0.03
        ctx.book.add(
            "children",
            child_id=child.child_id,
            sex=child.sex if born else "U",
            dob=child.dob if born else None,
            expected_dob=child.dob if child.unborn else None,
            ethnicity=UASC_ETHNIC(rng) if child.uasc else ETHNIC(rng),
            upn=upn(rng, self.la_code) if has_upn else None,
            upn_unknown=None if has_upn else "UN1" if not school_age else rng.choice(("UN2", "UN3", "UN5")),
            uasc=child.uasc,
            uasc_ceased=child.eighteen if child.uasc and child.eighteen <= ctx.end else None,
            mother=mother if child.ever_in_care and child.sex == "F" else None,
            mother_child_dob=ctx.end - days(rng.randint(20, 300)) if mother else None,
        )

    def _allocations(self, child: ChildState) -> None:
        rows = self.ctx.book.rows["allocations"]
        phases = child.phases
        for i, (kind, start, end) in enumerate(phases):
            handed_on = i + 1 < len(phases) and phases[i + 1][1] <= end + DAY
            reason = "TSPROC" if handed_on else None
            for worker, team, s, e, why in self.allocator.spells(child.number, kind, start, end, self.ctx.end, reason):
                rows.append((child.child_id, worker, team, s, e, why))
