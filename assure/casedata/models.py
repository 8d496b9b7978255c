"""Dated snapshots of the child-level data, stored as the records that changed.

Every record of every canonical table (schema.SCHEMA) is one `CaseRecord` row holding its values
as JSON, valid from the snapshot that brought it (`first_seq`) to the last snapshot that still had
it unchanged (`last_seq`, empty while it is current). A snapshot is read whole by taking the
records valid at its sequence number; an import writes only new and changed records and closes the
ones that changed or went. See docs/case-data.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class SnapshotStatus(models.TextChoices):
    COMPLETE = "complete", "Complete"
    SUPERSEDED = "superseded", "Replaced by a later import of the same files"


class Snapshot(models.Model):
    seq = models.PositiveIntegerField(
        unique=True, help_text="Order of import; records are valid between sequence numbers."
    )
    as_at = models.DateField("as at", help_text="The date the data describes.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sources = models.JSONField(default=list, help_text="Each file: name, format, table(s), SHA-256 and size.")
    fingerprint = models.CharField(
        max_length=64, db_index=True, help_text="Of the as-at date and every file's checksum."
    )
    importer_version = models.CharField(max_length=40)
    tables = models.JSONField(default=list, help_text="The tables this import brought (others carry over).")
    summary = models.JSONField(default=dict, help_text="Per table: records added, changed, removed and unchanged.")
    findings = models.JSONField(default=list, help_text="Warnings found while importing.")
    finding_count = models.PositiveIntegerField(default=0, help_text="How many findings (lists need not load them).")

    class Meta:
        ordering = ["-as_at", "-seq"]  # newest picture first (selectors.NEWEST_FIRST)

    def __str__(self) -> str:
        return f"Snapshot {self.seq} as at {self.as_at:%d/%m/%Y}"


class CaseRecordQuerySet(models.QuerySet["CaseRecord"]):
    def in_snapshot(self, seq: int) -> CaseRecordQuerySet:
        return self.filter(Q(first_seq__lte=seq), Q(last_seq__isnull=True) | Q(last_seq__gte=seq))


class CaseRecord(models.Model):
    table = models.CharField(max_length=40)
    key = models.CharField(max_length=300)
    child_id = models.CharField(max_length=40)
    hash = models.CharField(max_length=24)
    data = models.JSONField()
    first_seq = models.PositiveIntegerField()
    last_seq = models.PositiveIntegerField(null=True, blank=True)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["table", "last_seq", "first_seq"]),
            models.Index(fields=["child_id", "table"]),
            models.Index(fields=["table", "key"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "key"], condition=Q(last_seq__isnull=True), name="caserecord_one_current_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.key} ({self.first_seq}–{self.last_seq or 'now'})"


class ImportDraft(models.Model):
    """Files uploaded together and held while the person who uploaded them matches the columns of the
    ones in no layout Assure recognises. Queued as one import job once every file is matched; drafts
    left unfinished are deleted after a day (services.IMPORT_DRAFT_LIFETIME)."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    as_at = models.DateField("as at")
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"Import as at {self.as_at:%d/%m/%Y} (draft)"


class ReturnUpload(models.Model):
    """A file uploaded for import, kept in the database so any worker can read it."""

    job = models.ForeignKey("core.Job", on_delete=models.CASCADE, null=True, blank=True, related_name="return_uploads")
    draft = models.ForeignKey(ImportDraft, on_delete=models.CASCADE, null=True, blank=True, related_name="uploads")
    name = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    previous_year = models.BooleanField(default=False)
    needs_mapping = models.BooleanField(default=False, help_text="In no layout Assure recognises.")
    table = models.CharField(max_length=40, blank=True, help_text="The generic layout a person matched it to.")
    mapping = models.JSONField(default=dict, blank=True, help_text="Their header → our column.")

    def __str__(self) -> str:
        return self.name


class ColumnMapping(models.Model):
    """A council's own headers for one generic layout, saved under a name to use again each month."""

    name = models.CharField(max_length=100, unique=True)
    table = models.CharField(max_length=40, help_text="The generic layout (parsers.generic_spec.LAYOUTS).")
    columns = models.JSONField(default=dict, help_text="Our column → the header in the council's file.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
