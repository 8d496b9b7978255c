"""Writes for the column-matching step of an import, and the saved mappings it reuses.

An upload whose files Assure recognises goes straight to the import job (services.returns_upload).
When a file is in no layout Assure recognises, the files are held as an `ImportDraft` while the person
who uploaded them matches that file's headers to one of the generic layouts; each match can be saved
as a `ColumnMapping` under a name for next month. Once every file is matched, the draft is queued as
the same import job, with each file's table and mapping.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from assure.casedata.importing import ReturnFile, needs_mapping
from assure.casedata.models import ColumnMapping, ImportDraft, ReturnUpload
from assure.casedata.parsers.generic_spec import LAYOUTS
from assure.casedata.services import import_job_create
from assure.core.models import Job

# Children's data is not kept in uploads nobody finishes.
IMPORT_DRAFT_LIFETIME = dt.timedelta(days=1)


@transaction.atomic
def import_draft_create(*, files: list[ReturnFile], as_at: dt.date, user: Any) -> ImportDraft:
    """Hold uploaded files until the ones in no known layout have their columns matched."""
    import_drafts_purge()
    draft = ImportDraft.objects.create(created_by=user, as_at=as_at)
    ReturnUpload.objects.bulk_create(
        ReturnUpload(
            draft=draft,
            name=f.name,
            content=f.read(),
            sha256=f.sha256,
            size=f.size,
            previous_year=f.previous_year,
            needs_mapping=needs_mapping(f),
        )
        for f in files
    )
    return draft


def import_drafts_purge(*, now: dt.datetime | None = None) -> int:
    """Delete drafts left unfinished for longer than IMPORT_DRAFT_LIFETIME, with their files."""
    cutoff = (now or timezone.now()) - IMPORT_DRAFT_LIFETIME
    _, by_model = ImportDraft.objects.filter(job__isnull=True, created_at__lt=cutoff).delete()
    return by_model.get(ImportDraft._meta.label, 0)


@transaction.atomic
def upload_columns_match(
    *, upload: ReturnUpload, table: str, columns: dict[str, str], save_as: str = "", user: Any
) -> ColumnMapping | None:
    """Record which of the file's headers holds each of our columns (`columns`: ours → theirs), and
    save the choice under `save_as` for reuse when a name is given."""
    if table not in LAYOUTS:
        raise ValueError(f"Unknown generic layout {table!r}.")
    chosen = {ours: theirs for ours, theirs in columns.items() if theirs}
    unknown = set(chosen) - set(LAYOUTS[table].names)
    if unknown:
        raise ValueError(f"Not columns of the {table} layout: {sorted(unknown)}")
    upload.table = table
    upload.mapping = {theirs: ours for ours, theirs in chosen.items()}
    upload.save(update_fields=["table", "mapping"])
    if not save_as.strip():
        return None
    return ColumnMapping.objects.create(name=save_as.strip(), table=table, columns=chosen, created_by=user)


def import_draft_next(draft: ImportDraft) -> ReturnUpload | None:
    """The next file whose columns still need matching."""
    return draft.uploads.filter(needs_mapping=True, table="").order_by("pk").first()


@transaction.atomic
def import_draft_queue(*, draft: ImportDraft) -> Job:
    """Queue the draft's files as one import job, now that every file's columns are matched."""
    if import_draft_next(draft) is not None:
        raise ValueError("A file's columns are not matched yet.")
    job = import_job_create(as_at=draft.as_at, user=draft.created_by)
    draft.uploads.update(job=job)
    draft.job = job
    draft.save(update_fields=["job"])
    return job


def import_draft_discard(*, draft: ImportDraft) -> None:
    draft.delete()


def column_mapping_delete(*, mapping: ColumnMapping) -> None:
    mapping.delete()
