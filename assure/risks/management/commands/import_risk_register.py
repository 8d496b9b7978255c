"""python manage.py import_risk_register PATH --register REF [--mapping FILE.json]

Prints a JSON summary (risks created, by category, errors) and exits with status 1 when there are
errors, in which case nothing has been saved. The mapping file holds {"columns": {field: header},
"owners": {"CP": "person@council.example"},
"categories": {"Liquid Logic": "IT systems"}}; without it the columns are guessed from the headers.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from assure.risks import importing
from assure.risks.imports import risks_import
from assure.risks.models import Register


class Command(BaseCommand):
    help = "Import a risk register from an XLSX or CSV file into an existing register."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")
        parser.add_argument("--register", required=True, help="The register's reference, like CSC-DIV.")
        parser.add_argument("--mapping", help="A JSON file naming the column for each field, and owner aliases.")

    def handle(self, *args: Any, **options: Any) -> None:
        register = Register.objects.filter(reference__iexact=options["register"]).first()
        if register is None:
            raise CommandError(f"No register has the reference {options['register']}.")
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            sheet = importing.read_sheet(path.name, path.read_bytes())
        except importing.ReadError as error:
            self._finish({"risks_created": 0, "by_category": {}, "errors": [str(error)], "notes": []})
            return
        mapping, aliases, categories = importing.guess_mapping(sheet.headers), {}, {}
        if options["mapping"]:
            try:
                given = json.loads(Path(options["mapping"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"{options['mapping']}: not a readable JSON mapping ({error}).") from None
            mapping.update(given.get("columns", {}))
            aliases = given.get("owners", {})
            categories = given.get("categories", {})
        result = risks_import(
            register=register, by=None, sheet=sheet, mapping=mapping, owner_aliases=aliases, category_aliases=categories
        )
        self._finish(result.summary())

    def _finish(self, summary: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(summary, indent=2))
        if summary["errors"]:
            sys.exit(1)
