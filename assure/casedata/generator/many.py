"""Many authorities at once, for regional and national figures."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial

import polars as pl

from assure.casedata.generator.authority import generate_authority
from assure.casedata.generator.staff import WorkerRef, synthetic_workers


def authority_sizes(seed: int, authorities: int, median: int = 5_000) -> list[int]:
    """Children in need a year for each authority: spread like England's (roughly 800 to 15,000)."""
    rng = random.Random(seed)  # noqa: S311 -- synthetic data from a seeded generator
    return [min(15_000, max(800, round(median * rng.lognormvariate(0, 0.55)))) for _ in range(authorities)]


def generate_many(
    seed: int,
    authorities: int,
    *,
    start: dt.date,
    end: dt.date,
    children_in_need_per_year: int | Sequence[int] = 5_000,
    workers: Callable[[str, int], Sequence[WorkerRef]] | None = None,
    processes: int = 1,
) -> dict[str, dict[str, pl.DataFrame]]:
    """The canonical tables of each of `authorities` fictional authorities, by three-digit LA code.

    Each authority has its own seed, child_id prefix (`L<code>`) and workforce (`workers(code, size)`,
    by default made up); an int size is the median of sizes spread like England's, a sequence gives each
    authority's size. Authorities are independent, so `processes` > 1 generates them in parallel (then
    `workers` must be a module-level function); the result is the same either way.
    """
    sizes = (
        authority_sizes(seed, authorities, children_in_need_per_year)
        if isinstance(children_in_need_per_year, int)
        else list(children_in_need_per_year)
    )
    if len(sizes) != authorities:
        raise ValueError("Give one size per authority.")
    seeds = random.Random(seed + 1).sample(range(2**31), authorities)  # noqa: S311
    codes = [f"{number:03d}" for number in range(1, authorities + 1)]
    one = partial(_authority, start=start, end=end, workers=workers or _workers)
    if processes > 1:
        # spawn, not fork: forking a process that has started Polars' thread pool can deadlock
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
            return dict(zip(codes, pool.map(one, codes, sizes, seeds), strict=True))
    return {code: one(code, size, own_seed) for code, size, own_seed in zip(codes, sizes, seeds, strict=True)}


def _authority(
    code: str,
    size: int,
    seed: int,
    *,
    start: dt.date,
    end: dt.date,
    workers: Callable[[str, int], Sequence[WorkerRef]],
) -> dict[str, pl.DataFrame]:
    return generate_authority(
        seed,
        start=start,
        end=end,
        children_in_need_per_year=size,
        workers=workers(code, size),
        id_prefix=f"L{code}",
        la_code=code,
    )


def _workers(code: str, size: int) -> Sequence[WorkerRef]:
    return synthetic_workers(f"la{code}.example", size)
