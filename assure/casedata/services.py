"""Writes for case data: storing an import as a snapshot of what changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from assure.casedata.delta import table_delta
from assure.casedata.dfe import dfe_validate, validators_python
from assure.casedata.findings import Finding, Severity
from assure.casedata.importing import ReturnFile, collection_year, read_returns
from assure.casedata.models import CaseRecord, ReturnUpload, Snapshot
from assure.casedata.schema import SCHEMA, empty, to_records
from assure.casedata.selectors import NEWEST_FIRST, snapshot_history_note, snapshot_tables
from assure.core.exports import XLSX
from assure.core.models import Job
from assure.core.services import JobInputError, Progress, job_create, job_handler
from assure.organisation.selectors import authority_get

IMPORTER_VERSION = "assure-casedata-1"
IMPORT_JOB = "casedata.import"
CARRIED_OVER_DROPPED = "carried-over-dropped"  # a finding made while storing, not while reading
_BATCH = 2000


def _no_progress(percent: float, message: str) -> None:
    return None


def snapshot_fingerprint(*, as_at: dt.date, checksums: Iterable[str]) -> str:
    digest = hashlib.sha256(as_at.isoformat().encode())
    for checksum in sorted(checksums):
        digest.update(checksum.encode())
    return digest.hexdigest()


def _source_checksum(source: dict[str, Any]) -> str:
    """A file's checksum, with how its columns were matched: the same file matched differently is new."""
    if not source.get("mapping"):
        return str(source["sha256"])
    return f"{source['sha256']}:{source['table']}:{json.dumps(source['mapping'], sort_keys=True)}"


def snapshot_store(
    *,
    tables: dict[str, pl.DataFrame],
    as_at: dt.date,
    sources: list[dict[str, Any]],
    user: Any = None,
    findings: list[dict[str, Any]] | None = None,
    progress: Callable[[float, str], None] = _no_progress,
) -> tuple[Snapshot, bool]:
    """Store canonical tables as a new snapshot; return it and whether it is new.

    The same files for the same date are recognised and not stored twice. Tables not in `tables`
    carry over from the snapshot before this one by as-at date, so an older month imported late
    takes its place in the history and does not inherit a newer month's records. All or nothing.
    """
    fingerprint = snapshot_fingerprint(as_at=as_at, checksums=[_source_checksum(s) for s in sources])
    existing = Snapshot.objects.filter(fingerprint=fingerprint).first()
    if existing is not None:
        return existing, False
    unknown = set(tables) - set(SCHEMA)
    if unknown:
        raise ValueError(f"Not canonical tables: {sorted(unknown)}")
    brought = sorted(tables)
    with transaction.atomic():
        head = Snapshot.objects.select_for_update().order_by("-seq").first()
        seq = (head.seq if head else 0) + 1
        to_store = {**_carried_over(head, as_at=as_at, brought=brought), **tables}
        summary: dict[str, dict[str, int]] = {}
        for index, (table, frame) in enumerate(sorted(to_store.items())):
            progress(60 + 35 * index / max(1, len(to_store)), f"Saving {table.replace('_', ' ')}")
            counts = _store_table(table, frame, seq)
            if table in tables:
                summary[table] = counts
        dropped = _drop_absent_children(seq, brought=brought) if "children" in tables else []
        snapshot = Snapshot.objects.create(
            seq=seq,
            as_at=as_at,
            created_by=user,
            sources=sources,
            fingerprint=fingerprint,
            importer_version=IMPORTER_VERSION,
            tables=brought,
            summary=summary,
            findings=[*(findings or []), *dropped],
            finding_count=len(findings or []) + len(dropped),
        )
    return snapshot, True


def _drop_absent_children(seq: int, *, brought: list[str]) -> list[dict[str, Any]]:
    """Close carried-over records of children the new `children` table no longer has.

    An import that brings `children` says who is in the picture. Records in the tables it did not
    bring (contacts, visits, allocations from an earlier generic-layout file, say) belong only if
    their child is still there; the others end here, and each table's count is reported as a
    finding so that a person can see what went and import those files again if it was a mistake.
    """
    current_children = CaseRecord.objects.filter(table="children", last_seq__isnull=True).values("child_id")
    absent = CaseRecord.objects.filter(last_seq__isnull=True).exclude(table__in=brought)
    absent = absent.exclude(child_id__in=current_children)
    counts = list(
        absent.values("table")
        .annotate(records=Count("pk"), children=Count("child_id", distinct=True))
        .order_by("table")
    )
    if not counts:
        return []
    absent.filter(first_seq=seq).delete()  # stored just now (carried over for an older month): never valid
    absent.update(last_seq=seq - 1)
    return [
        Finding(
            "",
            None,
            row["table"],
            str(row["records"]),
            f"{row['records']} {row['table'].replace('_', ' ')} record{'s' if row['records'] != 1 else ''} of "
            f"{row['children']} child{'ren' if row['children'] != 1 else ''} not in this import's children were "
            "dropped. They had carried over from the snapshot before; import the files they came from again "
            "if these children should stay.",
            CARRIED_OVER_DROPPED,
            Severity.WARNING,
        ).to_json()
        for row in counts
    ]


def _carried_over(head: Snapshot | None, *, as_at: dt.date, brought: list[str]) -> dict[str, pl.DataFrame]:
    """The tables an import does not bring, when they must be stored again to carry over rightly.

    Stored records chain in import order, so normally (the import is the newest picture) the tables
    it does not bring carry over for free. An import dated before the newest picture must instead
    take them from the snapshot before it by as-at date (or start them empty if it is the oldest).
    """
    base = Snapshot.objects.filter(as_at__lte=as_at).order_by(*NEWEST_FIRST).first()
    if head is None or (base is not None and base.pk == head.pk):
        return {}
    carried = [table for table in SCHEMA if table not in brought]
    if base is None:
        return {table: empty(table) for table in carried}
    return snapshot_tables(base, carried)


def _store_table(table: str, frame: pl.DataFrame, seq: int) -> dict[str, int]:
    current = CaseRecord.objects.filter(table=table, last_seq__isnull=True)
    stored = pl.DataFrame(
        list(current.values_list("key", "hash")), schema={"_key": pl.String, "_hash": pl.String}, orient="row"
    )
    delta = table_delta(table, stored, frame)
    for start in range(0, len(delta.close_keys), _BATCH):
        current.filter(key__in=delta.close_keys[start : start + _BATCH]).update(last_seq=seq - 1)
    rows = zip(delta.add["_key"].to_list(), delta.add["_hash"].to_list(), to_records(table, delta.add), strict=True)
    CaseRecord.objects.bulk_create(
        (
            CaseRecord(table=table, key=key, child_id=str(data["child_id"]), hash=hash_, data=data, first_seq=seq)
            for key, hash_, data in rows
        ),
        batch_size=_BATCH,
    )
    return {"added": delta.added, "changed": delta.changed, "removed": delta.removed, "unchanged": delta.unchanged}


class ImportRefused(Exception):
    """The files cannot be imported as they are; nothing was stored."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} problems")
        self.findings = findings


def returns_import(
    *,
    files: list[ReturnFile],
    as_at: dt.date,
    user: Any = None,
    progress: Callable[[float, str], None] = _no_progress,
) -> tuple[Snapshot, bool]:
    """Check and import a set of returns as one snapshot, all or nothing."""
    result = read_returns(files, as_at=as_at, progress=progress)
    if result.errors:
        raise ImportRefused(result.errors)
    fingerprint = snapshot_fingerprint(as_at=as_at, checksums=[_source_checksum(s) for s in result.sources])
    existing = Snapshot.objects.filter(fingerprint=fingerprint).first()
    if existing is not None:
        return existing, False
    warnings = [f.to_json() for f in [*result.findings, *_dfe_findings(files, as_at=as_at, progress=progress)]]
    return snapshot_store(
        tables=result.tables, as_at=as_at, sources=result.sources, user=user, findings=warnings, progress=progress
    )


def import_job_create(*, as_at: dt.date, user: Any) -> Job:
    """The background job that imports the files attached to it (ReturnUpload.job) as one snapshot."""
    return job_create(
        kind=IMPORT_JOB, title=f"Import returns as at {as_at:%d/%m/%Y}", user=user, params={"as_at": as_at.isoformat()}
    )


def _dfe_findings(files: list[ReturnFile], *, as_at: dt.date, progress: Callable[[float, str], None]) -> list[Finding]:
    """The DfE validators' findings, where their environment is set up (`make validators`)."""
    python = validators_python(settings.DFE_VALIDATORS_PYTHON)
    if python is None:
        return []
    progress(55, "Checking the DfE validation rules")
    authority = authority_get()
    return dfe_validate(
        files,
        collection_year=collection_year(as_at),
        la_ons_code=authority.ons_code if authority else "",
        python=python,
        timeout=settings.DFE_VALIDATORS_TIMEOUT_SECONDS,
    ).findings


@transaction.atomic
def returns_upload(*, files: list[ReturnFile], as_at: dt.date, user: Any) -> Job:
    """Keep uploaded files and queue their import on the worker."""
    job = import_job_create(as_at=as_at, user=user)
    ReturnUpload.objects.bulk_create(
        ReturnUpload(
            job=job, name=f.name, content=f.read(), sha256=f.sha256, size=f.size, previous_year=f.previous_year
        )
        for f in files
    )
    return job


@job_handler(IMPORT_JOB)
def _import_job(job: Job, progress: Progress) -> dict[str, Any]:
    uploads = list(ReturnUpload.objects.filter(job=job).order_by("pk"))
    files = [ReturnFile(u.name, bytes(u.content), u.previous_year, u.table or None, u.mapping or None) for u in uploads]
    try:
        snapshot, created = returns_import(
            files=files, as_at=dt.date.fromisoformat(job.params["as_at"]), user=job.created_by, progress=progress
        )
    except ImportRefused as refused:
        raise JobInputError([str(f) for f in refused.findings[:500]]) from None
    finally:
        # Children's data is kept in the snapshot or not at all: never left behind in an upload.
        ReturnUpload.objects.filter(job=job).update(content=b"")
    if created:
        from assure.alerts.services import deadlines_recompute_start
        from assure.indicators.services import indicator_recalculation_start

        deadlines_recompute_start(snapshot=snapshot, user=job.created_by)
        indicator_recalculation_start(snapshot=snapshot, user=job.created_by)
    summary = (
        f"Snapshot {snapshot.seq} as at {snapshot.as_at:%d/%m/%Y} is stored."
        if created
        else f"These files were imported before, as snapshot {snapshot.seq}. Nothing new was stored."
    )
    dropped = sum(int(f["value"]) for f in snapshot.findings if f["code"] == CARRIED_OVER_DROPPED) if created else 0
    if dropped:
        summary += (
            f" {dropped} carried-over record{'s' if dropped != 1 else ''} of children not in these files "
            f"{'were' if dropped != 1 else 'was'} dropped: see the data-quality findings."
        )
    summary = f"{summary} {snapshot_history_note(snapshot)}".strip()
    return {
        "summary": summary,
        "snapshot_id": snapshot.pk,
        "next_url": reverse("casedata:snapshot-detail", args=[snapshot.pk]),
        "next_label": "See the snapshot and its data quality",
    }


EXPORT_FORMATS = {
    "903-csv": "SSDA903 as CSV files (zip)",
    "903-xml": "SSDA903 as XML",
    "cin-xml": "CIN census XML",
    "annex-a": "Ofsted Annex A workbook (Lists 1 to 11, as at the snapshot's date)",
}


def returns_export(
    *, snapshot: Snapshot, fmt: str, collection_year: int, la_code: str = "999"
) -> tuple[str, bytes, str]:
    """A statutory return for one collection year from a snapshot: (file name, content, content type)."""
    from assure.casedata.exporters import annex_a, cin, ssda903

    tables = snapshot_tables(snapshot)
    stem = f"{la_code}-{collection_year - 1}-{str(collection_year)[2:]}"
    if fmt == "903-csv":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in ssda903.to_csv(tables, collection_year=collection_year).items():
                archive.writestr(name if name.endswith(".csv") else f"{name}.csv", content)
        return f"ssda903-{stem}.zip", buffer.getvalue(), "application/zip"
    if fmt == "903-xml":
        return f"ssda903-{stem}.xml", ssda903.to_xml(tables, collection_year=collection_year), "application/xml"
    if fmt == "cin-xml":
        content = cin.to_xml(tables, collection_year=collection_year, la_code=la_code)
        return f"cin-census-{stem}.xml", content, "application/xml"
    if fmt == "annex-a":
        content = annex_a.to_xlsx(tables, as_at=snapshot.as_at)
        return f"annex-a-{la_code}-{snapshot.as_at:%Y-%m-%d}.xlsx", content, XLSX
    raise ValueError(f"Unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}.")
