"""Work out the deadlines of a snapshot (the latest by default) now, in this process."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from assure.alerts.services import deadline_set_compute
from assure.casedata.models import Snapshot
from assure.casedata.selectors import snapshot_latest


class Command(BaseCommand):
    help = "Work out and store the deadlines of a snapshot (the latest unless --snapshot is given)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--snapshot", type=int, help="The snapshot's id.")

    def handle(self, *args: Any, **options: Any) -> None:
        chosen = options["snapshot"]
        snapshot = Snapshot.objects.filter(pk=chosen).first() if chosen else snapshot_latest()
        if snapshot is None:
            raise CommandError("There is no such snapshot; import case data first.")
        deadline_set = deadline_set_compute(snapshot=snapshot)
        for key, count in deadline_set.counts.items():
            self.stdout.write(f"{key},{count}")
