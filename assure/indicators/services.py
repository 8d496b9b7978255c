"""Writes for indicators: calculating a snapshot's figures, targets, and importing DfE's tables."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction
from django.urls import reverse

from assure.casedata.models import Snapshot
from assure.casedata.selectors import snapshot_latest, snapshot_tables
from assure.core.models import Job, JobStatus
from assure.core.services import Progress, job_create, job_handler
from assure.indicators.engine import CaseData, compute
from assure.indicators.engine.published import POPULATION, Neighbour, UnrecognisedFile, read_any, with_rates
from assure.indicators.models import IndicatorRun, IndicatorValue, PublishedFigure, StatisticalNeighbour, Target
from assure.organisation.selectors import authority_get, team_service_areas

ENGINE_VERSION = "assure-indicators-1"
RECALCULATE_JOB = "indicators.recalculate"
_BATCH = 5000


def _no_progress(percent: float, message: str) -> None:
    return None


def _population(la_code: str, as_at: Any) -> int | None:
    figure = (
        PublishedFigure.objects.filter(indicator_id=POPULATION, level="la", code=la_code, year_ending__lte=as_at)
        .order_by("-year_ending")
        .first()
    )
    if figure is not None and figure.numerator:
        return int(figure.numerator)
    earlier = IndicatorRun.objects.filter(la_code=la_code, population__isnull=False).first()
    return earlier.population if earlier else None


def indicator_results_compute(
    *, snapshot: Snapshot, population: int | None = None, progress: Callable[[float, str], None] = _no_progress
) -> IndicatorRun:
    """Calculate every indicator for a snapshot and store the figures, replacing earlier ones.

    Reads and calculates outside any transaction; writes in one. The authority's row carries its
    DfE LA code; rates per 10,000 use `population`, else DfE's ONS estimate, else the last known.
    """
    authority = authority_get()
    la_code = authority.la_code if authority else "999"
    population = population or _population(la_code, snapshot.as_at)
    progress(5, "Reading the snapshot")
    started = time.perf_counter()
    data = CaseData(snapshot_tables(snapshot), la_code=la_code)
    team_areas = team_service_areas()
    progress(40, "Calculating the indicators")
    results = compute(
        data,
        as_at=snapshot.as_at,
        la_code=la_code,
        populations={la_code: population} if population else None,
        team_areas=team_areas,
    )
    seconds = time.perf_counter() - started
    progress(70, f"Saving {results.height:,} figures")
    with transaction.atomic():
        IndicatorRun.objects.filter(snapshot=snapshot).delete()
        run = IndicatorRun.objects.create(
            snapshot=snapshot,
            as_at=snapshot.as_at,
            la_code=la_code,
            population=population,
            seconds=seconds,
            rows=results.height,
            engine_version=ENGINE_VERSION,
        )
        IndicatorValue.objects.bulk_create(
            (IndicatorValue(run=run, **row) for row in results.iter_rows(named=True)), batch_size=_BATCH
        )
    return run


def indicator_recalculation_start(*, snapshot: Snapshot, user: Any = None) -> Job:
    """Queue the calculation of a snapshot's indicators on the worker (after an import)."""
    return job_create(
        kind=RECALCULATE_JOB,
        title=f"Calculate indicators for snapshot {snapshot.seq}",
        user=user,
        params={"snapshot_id": snapshot.pk},
    )


def indicator_recalculation_request(*, user: Any) -> Job | None:
    """Queue the latest snapshot's recalculation for someone who asked for it, unless one is already
    queued or running (then that one); None when nothing has been imported."""
    snapshot = snapshot_latest()
    if snapshot is None:
        return None
    unfinished = Job.objects.filter(
        kind=RECALCULATE_JOB, params__snapshot_id=snapshot.pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    )
    return unfinished.first() or indicator_recalculation_start(snapshot=snapshot, user=user)


@job_handler(RECALCULATE_JOB)
def _recalculate_job(job: Job, progress: Progress) -> dict[str, Any]:
    snapshot = Snapshot.objects.get(pk=job.params["snapshot_id"])
    run = indicator_results_compute(snapshot=snapshot, progress=progress)
    return {
        "summary": f"{run.rows:,} figures calculated for {snapshot} in {run.seconds:.1f} seconds.",
        "next_url": reverse("indicators:scorecard"),
        "next_label": "See the authority's scorecard",
    }


@transaction.atomic
def target_save(
    *,
    indicator_id: str,
    target: float,
    tolerance: float,
    effective_from: Any,
    effective_to: Any = None,
    note: str = "",
    user: Any = None,
    existing: Target | None = None,
) -> Target:
    """Create a target, or change one; the change history records who changed what."""
    record = existing or Target(indicator_id=indicator_id, created_by=user)
    record.indicator_id = indicator_id
    record.target, record.tolerance, record.note = target, tolerance, note
    record.effective_from, record.effective_to = effective_from, effective_to
    record.full_clean()
    record.save()
    return record


def _figures(frame: pl.DataFrame, source: str) -> list[PublishedFigure]:
    return [
        PublishedFigure(
            indicator_id=row["indicator_id"],
            year_ending=row["year_ending"],
            level=row["level"],
            code=row["code"] or "",
            name=(row["name"] or "")[:200],
            region_code=row["region_code"] or "",
            numerator=row["numerator"],
            denominator=row["denominator"],
            value=row["value"],
            source=source[:200],
        )
        for row in frame.filter(pl.col("code").is_not_null()).iter_rows(named=True)
    ]


def benchmarks_import(*, paths: Iterable[Path], skip_unknown: Iterable[Path] = ()) -> dict[str, Any]:
    """Import DfE's tidy CSVs and statistical-neighbour files, all or nothing.

    A figure already held (same indicator, year, level and place) is replaced; a neighbour model
    is replaced whole. Raises `UnrecognisedFile` naming the file (and row) it cannot read, unless
    the file is one of `skip_unknown` (found in a folder) and simply is not a table Assure uses.
    """
    figures: list[tuple[str, pl.DataFrame]] = []
    neighbours: list[Neighbour] = []
    skippable, skipped = set(skip_unknown), []
    for path in paths:
        try:
            _, found = read_any(path)
        except UnrecognisedFile:
            if path not in skippable:
                raise
            skipped.append(path.name)
            continue
        if isinstance(found, pl.DataFrame):
            figures.append((path.name, found))
        else:
            neighbours.extend(found)
    held = pl.DataFrame(
        list(
            PublishedFigure.objects.filter(indicator_id=POPULATION).values("year_ending", "level", "code", "numerator")
        ),
        schema={"year_ending": pl.Date, "level": pl.String, "code": pl.String, "numerator": pl.Float64},
    ).with_columns(indicator_id=pl.lit(POPULATION))
    population_frames = [frame for _, frame in figures] + [held]
    populations = pl.concat(population_frames, how="diagonal_relaxed").filter(pl.col("indicator_id") == POPULATION)
    counts: dict[str, Any] = {"figures": 0, "neighbours": len(neighbours), "files": len(figures), "skipped": skipped}
    with transaction.atomic():
        for name, frame in figures:
            rated = with_rates(frame, populations)
            rows = _figures(rated, name)
            for ids in {row.indicator_id for row in rows}:
                years = {row.year_ending for row in rows if row.indicator_id == ids}
                PublishedFigure.objects.filter(indicator_id=ids, year_ending__in=years).delete()
            PublishedFigure.objects.bulk_create(rows, batch_size=_BATCH)
            counts["figures"] += len(rows)
        for model in {n.model for n in neighbours}:
            StatisticalNeighbour.objects.filter(model=model).delete()
        StatisticalNeighbour.objects.bulk_create(
            StatisticalNeighbour(
                model=n.model, la_code=n.la_code, neighbour_code=n.neighbour_code, rank=n.rank, closeness=n.closeness
            )
            for n in neighbours
        )
    return counts
