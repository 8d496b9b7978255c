"""Write a statutory return (903 CSV or XML, CIN census XML) from a snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from assure.casedata.importing import collection_year
from assure.casedata.models import Snapshot
from assure.casedata.services import EXPORT_FORMATS, returns_export
from assure.organisation.selectors import authority_get


class Command(BaseCommand):
    help = "Write a 903 (CSV zip or XML) or CIN census XML return for a collection year from a snapshot."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--snapshot", type=int, required=True, help="snapshot id")
        parser.add_argument("--format", choices=sorted(EXPORT_FORMATS), required=True, dest="fmt")
        parser.add_argument("--year", type=int, help="collection year, e.g. 2025 for 2024/25 (default: the snapshot's)")
        parser.add_argument("--out", type=Path, default=Path("."), help="folder to write to")

    def handle(self, *args: Any, snapshot: int, fmt: str, year: int | None, out: Path, **options: Any) -> None:
        found = Snapshot.objects.filter(pk=snapshot).first()
        if found is None:
            raise CommandError(f"There is no snapshot {snapshot}.")
        authority = authority_get()
        name, content, _ = returns_export(
            snapshot=found,
            fmt=fmt,
            collection_year=year or collection_year(found.as_at),
            la_code=authority.la_code if authority else "999",
        )
        out.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(content)
        self.stdout.write(str(out / name))
