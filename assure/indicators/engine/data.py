"""The case data an indicator reads: the canonical tables, and frames derived from them once.

Framework-free. Derived frames (periods of care, placements, children's characteristics) are
worked out on first use and kept, so thirty indicators over several periods share them.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping
from typing import Any, overload

import polars as pl

from assure.casedata.schema import SCHEMA, empty

SHORT_BREAKS = ("V3", "V4")  # DfE counts children looked after only under short breaks separately
PLACEMENT_CHANGE_RNE = ("S", "P", "B", "T", "U")
WITH_CURRENT_FOSTER_CARER = ("A3", "A5")  # placed for adoption with the child's own foster carers


def open_on(day: dt.date, start: str = "start_date", end: str = "end_date") -> pl.Expr:
    """Open at the end of `day`: started on or before it and not ended by it."""
    return (pl.col(start) <= day) & (pl.col(end).is_null() | (pl.col(end) > day))


def within(column: str, start: dt.date, end: dt.date) -> pl.Expr:
    return pl.col(column).is_between(start, end, closed="both")


def overlaps(start: dt.date, end: dt.date, begins: str = "start_date", ends: str = "end_date") -> pl.Expr:
    return (pl.col(begins) <= end) & (pl.col(ends).is_null() | (pl.col(ends) >= start))


def child_in(events: pl.DataFrame) -> pl.Expr:
    """Whether the row's child has a row in `events` (a child with a missing episode, a review...)."""
    return pl.col("child_id").is_in(events.get_column("child_id").implode())  # is_in makes its own set


def date_key(day: pl.Expr) -> pl.Expr:
    """The date as the number yyyymmdd, so whole years of age are a difference of two keys."""
    return day.dt.year().cast(pl.Int32) * 10_000 + day.dt.month().cast(pl.Int32) * 100 + day.dt.day()


def age_on(dob: pl.Expr, day: pl.Expr) -> pl.Expr:
    """Completed years of age on `day` (a birthday on 29 February comes on 1 March)."""
    return (date_key(day) - date_key(dob)) // 10_000


def _same_child() -> pl.Expr:
    """On a frame sorted by child: whether the row before is the same child's (a cheap window)."""
    return pl.col("child_id") == pl.col("child_id").shift(1)


def first_of_each_child(frame: pl.DataFrame) -> pl.DataFrame:
    """On a frame in order of child (and date), each child's first row: cheaper than a sort and a
    `unique` when the frame came from one of the ordered frames below."""
    return frame.filter(~_same_child().fill_null(False))


def last_of_each_child(frame: pl.DataFrame) -> pl.DataFrame:
    """On a frame in order of child (and date), each child's last row."""
    return frame.filter((pl.col("child_id") != pl.col("child_id").shift(-1)).fill_null(True))


def _previous(column: str) -> pl.Expr:
    return pl.when(_same_child()).then(pl.col(column).shift(1))


class derived[T]:
    """A frame worked out from the tables on first use and kept, like `functools.cached_property`,
    but worked out once even when counters in two threads ask for it at the same moment."""

    def __init__(self, make: Callable[[Any], T]):
        self.make = make
        self.name = make.__name__
        self.__doc__ = make.__doc__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> derived[T]: ...
    @overload
    def __get__(self, instance: CaseData, owner: type | None = None) -> T: ...
    def __get__(self, instance: CaseData | None, owner: type | None = None) -> T | derived[T]:
        if instance is None:
            return self
        # Once made, the value sits in the instance's __dict__, which Python reads before this
        # descriptor: only the first asking comes here.
        return instance.once(self.name, lambda: self.make(instance))


class CaseData:
    """Canonical tables, optionally for many authorities (a `la_code` column on `children`)."""

    def __init__(self, tables: Mapping[str, pl.DataFrame], *, la_code: str = "999"):
        self.la_code = la_code
        # An empty table is made only for a missing one: making thirty costs more than an authority's figure.
        self.tables = {name: tables[name] if name in tables else empty(name) for name in SCHEMA}
        self._locks: dict[str, threading.Lock] = {}
        self._locking = threading.Lock()
        children = self.tables["children"]
        if "la_code" in children.columns:
            self._children = children
        else:
            self._children = children.with_columns(la_code=pl.lit(la_code))

    def __getitem__(self, table: str) -> pl.DataFrame:
        return self.tables[table]

    def forget_derived(self) -> None:
        """Let go of the frames worked out for the indicators (periods of care, ordered referrals and
        visits...), keeping the children's. Once every indicator is counted they are not needed, and
        at national scale they are most of a gigabyte; asked for again, they are worked out again."""
        for name in list(self._locks):  # everything made through `once`
            if name not in ("people", "child_authorities", "authorities"):
                self.__dict__.pop(name, None)

    def once[T](self, name: str, make: Callable[[], T]) -> T:
        """`make()`, kept under `name` in the instance's __dict__: made once, whichever thread asks first."""
        if name in self.__dict__:
            return self.__dict__[name]  # type: ignore[no-any-return]
        with self._locking:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            if name not in self.__dict__:
                self.__dict__[name] = make()
        return self.__dict__[name]  # type: ignore[no-any-return]

    @derived
    def people(self) -> pl.DataFrame:
        """One row per child: authority, date of birth, sex, ethnicity and whether disabled."""
        disabled = (
            self.tables["disabilities"]
            .filter(pl.col("disability") != "NONE")
            .select("child_id")
            .unique()
            .with_columns(disabled=pl.lit(True))
        )
        # `children` has one row per child (its natural key), so no de-duplication is needed here.
        return (
            self._children.select("child_id", "la_code", "dob", "sex", "ethnicity")
            .join(disabled, on="child_id", how="left")
            .with_columns(pl.col("disabled").fill_null(False))
        )

    @derived
    def child_authorities(self) -> pl.DataFrame:
        """One row per child: child_id and la_code (for figures by authority alone, which need none
        of the characteristics in `people`)."""
        return self._children.select("child_id", "la_code")

    @derived
    def authorities(self) -> list[str]:
        """The LA codes of the children's authorities, sorted."""
        return sorted(self._children["la_code"].drop_nulls().unique().to_list())  # not `people`: no join needed

    @property
    def many_authorities(self) -> bool:
        return "la_code" in self.tables["children"].columns

    def dob_for(self, table: str) -> pl.DataFrame:
        """Dates of birth of the children in one table (a small frame to join, kept once made)."""

        def make() -> pl.DataFrame:
            wanted = self.tables[table].select("child_id").unique()
            return self._children.select("child_id", "dob").join(wanted, on="child_id", how="semi")

        return self.once(f"dob_for:{table}", make)

    @derived
    def referrals(self) -> pl.DataFrame:
        """Referrals in order for each child, with the date of the child's referral before (`previous`)."""
        ordered = self.tables["cin_episodes"].sort("child_id", "referral_date")
        return ordered.with_columns(previous=_previous("referral_date"))

    @derived
    def visits_ordered(self) -> pl.DataFrame:
        """Visits in order for each child and kind, with the date of the visit before of that kind."""
        ordered = self.tables["visits"].sort("child_id", "kind", "visit_date")
        same = _same_child() & (pl.col("kind") == pl.col("kind").shift(1))
        return ordered.with_columns(previous=pl.when(same).then(pl.col("visit_date").shift(1)))

    @derived
    def cp_plans_ordered(self) -> pl.DataFrame:
        """Child protection plans in order for each child; `earlier` when the child had one before."""
        ordered = self.tables["cp_plans"].sort("child_id", "start_date")
        return ordered.with_columns(earlier=_same_child().fill_null(False))

    @derived
    def cla(self) -> pl.DataFrame:
        """Episodes of care other than short breaks, with each one's period of care and placement.

        A period of care is a run of episodes with no gap between them; `poc_start`/`poc_end` are its
        first start and last end (null while open). A placement starts with an episode whose reason is
        S, P, B, T or U, except placement for adoption with the child's foster carers (A3, A5) and
        temporary placements (T0 to T4), which continue the placement before them.
        """
        episodes = self.tables["cla_episodes"].filter(~pl.col("legal_status").is_in(SHORT_BREAKS))
        episodes = episodes.sort("child_id", "start_date")
        # Sorted by child, so "the row before is the same child's" replaces windows over child_id; a
        # child's first episode starts a period and a placement, so filling forward never crosses
        # from one child to the next. `poc` numbers the periods of care across all children.
        gap = (pl.col("end_date").shift(1) < pl.col("start_date")).fill_null(False)  # after an open one: none
        new_period = ~_same_child().fill_null(False) | gap
        change = (
            pl.col("reason_new").is_in(PLACEMENT_CHANGE_RNE)
            & ~pl.col("placement").is_in(WITH_CURRENT_FOSTER_CARER)
            & ~pl.col("placement").str.starts_with("T")
        ) | pl.col("new_period")
        return (
            episodes.with_columns(new_period=new_period)
            .with_columns(placement_change=change, poc=pl.col("new_period").cast(pl.Int32).cum_sum())
            .with_columns(
                poc_start=pl.when(pl.col("new_period")).then(pl.col("start_date")).forward_fill(),
                poc_end=pl.col("end_date").last().over("poc"),
                poc_reason=pl.col("reason_ceased").last().over("poc"),
                placement_start=pl.when(pl.col("placement_change")).then(pl.col("start_date")).forward_fill(),
            )
        )

    @derived
    def periods_of_care(self) -> pl.DataFrame:
        return self.cla.filter(pl.col("new_period")).select(
            "child_id", "poc", "poc_start", "poc_end", "poc_reason", "legal_status"
        )

    def cla_on(self, day: dt.date) -> pl.DataFrame:
        """The episode each child looked after at the end of `day` was in (short breaks aside)."""
        return self.cla.filter(open_on(day))

    @derived
    def adopted(self) -> pl.DataFrame:
        """Periods of care that ended in adoption (REC E11, E12), with the dates the scorecard uses.

        `placed_date`: the start of the first placement for adoption (A3 to A6) in the period;
        `foster_start`: the start of the placement it continued (with the same carers), for A3/A5;
        `authority_date`: the first placement order or freeing order (LS E1, D1) in the period.
        """
        cla = self.cla
        ended = cla.filter(pl.col("new_period")).filter(pl.col("poc_reason").is_in(["E11", "E12"]))
        keys = ended.select("child_id", "poc")
        inside = cla.join(keys, on=["child_id", "poc"], how="semi")
        placed = (
            inside.filter(pl.col("placement").is_in(["A3", "A4", "A5", "A6"]))
            .group_by("child_id", "poc")
            .agg(
                placed_date=pl.col("start_date").min(),
                foster_start=pl.col("placement_start").sort_by("start_date").first(),
            )
        )
        authority = (
            inside.filter(pl.col("legal_status").is_in(["E1", "D1"]))
            .group_by("child_id", "poc")
            .agg(authority_date=pl.col("start_date").min())
        )
        matches = (
            self.tables["adoptions"]
            .sort("child_id", "decision_date")
            .group_by("child_id", maintain_order=True)
            .agg(pl.col("match_date").last(), pl.col("foster_care").last())
        )
        return (
            ended.select("child_id", "poc", "poc_start", "poc_end", "legal_status")
            .join(placed, on=["child_id", "poc"], how="left")
            .join(authority, on=["child_id", "poc"], how="left")
            .join(matches, on="child_id", how="left")
        )
