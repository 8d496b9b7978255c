"""Send the daily deadline digests (schedule once a working day, e.g. from cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from assure.alerts.digest import digests_send


class Command(BaseCommand):
    help = "E-mail each worker and team manager their overdue and due-soon deadlines."

    def handle(self, *args: Any, **options: Any) -> None:
        result = digests_send()
        self.stdout.write(f"{result.sent} digests sent; {result.skipped} people had nothing overdue or due soon.")
