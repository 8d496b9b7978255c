"""Import statutory returns from the command line: prints the snapshot id, or the problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from assure.casedata.importing import ReturnFile
from assure.casedata.selectors import snapshot_history_note
from assure.casedata.services import ImportRefused, returns_import


class Command(BaseCommand):
    help = "Import SSDA903 (CSV or XML) and CIN census files as one snapshot. Prints the snapshot id."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--as-at", required=True, type=dt.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--previous", nargs="*", type=Path, default=[], help="last year's 903 files")

    def handle(self, *args: Any, as_at: dt.date, paths: list[Path], previous: list[Path], **options: Any) -> None:
        files = [self._read(p, previous_year=False) for p in paths] + [
            self._read(p, previous_year=True) for p in previous
        ]
        try:
            snapshot, created = returns_import(files=files, as_at=as_at)
        except ImportRefused as refused:
            for finding in refused.findings:
                self.stderr.write(str(finding))
            count = len(refused.findings)
            raise CommandError(f"{count} problem{'s' if count != 1 else ''}; nothing was imported.") from None
        if not created:
            self.stderr.write(f"These files were imported before as snapshot {snapshot.pk}; nothing new was stored.")
        note = snapshot_history_note(snapshot)
        if note:
            self.stderr.write(note)
        self.stdout.write(str(snapshot.pk))

    def _read(self, path: Path, *, previous_year: bool) -> ReturnFile:
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        # Read from disk as needed: a 903 XML return is streamed, never held in memory whole.
        return ReturnFile.from_path(path, previous_year=previous_year)
