"""Import DfE's published tables (EES tidy CSVs) and statistical-neighbour models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.indicators.engine.published import UnrecognisedFile
from assure.indicators.services import benchmarks_import


class Command(BaseCommand):
    help = "Import DfE EES tidy CSV files (plain or .gz) and statistical-neighbour files (2021 and 2025 models)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="Files, or folders whose .csv and .csv.gz files to import.")

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[Path] = []
        in_folders: list[Path] = []
        for name in options["paths"]:
            path = Path(name)
            if path.is_dir():
                found = sorted(p for p in path.iterdir() if p.name.endswith((".csv", ".csv.gz")))
                files += found
                in_folders += found
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{name}: no such file or folder.")
        try:
            counts = benchmarks_import(paths=files, skip_unknown=in_folders)
        except UnrecognisedFile as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        self.stdout.write(
            f"Imported {counts['figures']:,} published figures from {counts['files']} files"
            f" and {counts['neighbours']:,} statistical neighbours."
        )
        for name in counts["skipped"]:
            self.stdout.write(f"Skipped {name}: not a table Assure uses.")
