"""Check a structure file, a staff file or one of each, print the problems or the changes, and apply them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.core.services import JobInputError
from assure.organisation import import_plan, services


class Command(BaseCommand):
    help = (
        "Import service areas, teams and staff from a CSV or XLSX file (or a structure file and a staff file). "
        "Prints the problems, or the changes it would make; --apply makes them, all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a structure file, a staff file, or one of each")
        parser.add_argument("--apply", action="store_true", help="make the changes (otherwise nothing is changed)")

    def handle(self, *args: Any, paths: list[str], apply: bool, **options: Any) -> None:
        if len(paths) > 2:
            raise CommandError("Give one structure file, one staff file, or one of each.")
        try:
            files = [(Path(path).name, Path(path).read_bytes()) for path in paths]
        except OSError as exc:
            raise CommandError(f"Could not read {exc.filename}: {exc.strerror}.") from exc
        organisation_import = services.organisation_import_check(user=None, files=files)
        problems = import_plan.import_problems(organisation_import)
        if problems:
            self._fail([str(problem) for problem in problems])
        plan = import_plan.import_review(organisation_import)
        for line in _describe(plan):
            self.stdout.write(line)
        if not apply:
            self.stdout.write("Nothing has been changed. Run again with --apply to make these changes.")
            return
        try:
            summary = services.organisation_import_apply(
                organisation_import=organisation_import, progress=lambda _percent, message: self.stdout.write(message)
            )
        except JobInputError as exc:
            self._fail(exc.errors)
        self.stdout.write(self.style.SUCCESS(summary))

    def _fail(self, errors: list[str]) -> None:
        for error in errors:
            self.stderr.write(error)
        noun = "problem" if len(errors) == 1 else "problems"
        raise CommandError(f"{len(errors)} {noun}; nothing has been changed.", returncode=1)


def _describe(plan: import_plan.Plan) -> list[str]:
    lines = [plan.sentence()]
    if plan.create_authority:
        lines.append('The authority has not been set up: it will be added as "Your local authority".')
    lines += [f"Add directorate: {name}" for name in plan.directorates]
    lines += [f"Add service area: {name} ({directorate})" for name, directorate in plan.service_areas]
    lines += [f"Add team: {row.team} ({row.service_area})" for row in plan.new_teams]
    for team_change in plan.changed_teams:
        changes = "; ".join(f"{c.field}: {c.old} → {c.new}" for c in team_change.changes)
        lines.append(f"Change team: {team_change.row.team}: {changes}")
    lines += [f"Add person: {row.first_name} {row.last_name} <{row.email}>" for row in plan.new_staff]
    for staff_change in plan.changed_staff:
        changes = "; ".join(f"{c.field}: {c.old} → {c.new}" for c in staff_change.changes)
        lines.append(f"Update person: {staff_change.name} <{staff_change.row.email}>: {changes}")
    for move in plan.moves:
        previous = ", ".join(move.from_teams) or "no team"
        lines.append(f"Move: {move.name} from {previous} to {move.team} on {move.on:%d/%m/%Y}")
    lines += [f"End membership: {e.name} leaves {e.team} on {e.on:%d/%m/%Y}" for e in plan.endings]
    return lines
